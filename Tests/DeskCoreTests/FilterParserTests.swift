import Testing
@testable import DeskCore

private func parse(_ source: String) throws -> FilterExpression {
    try FilterParser.parse(source)
}

private func term(_ predicate: FilterPredicate, negated: Bool = false) -> FilterTerm {
    FilterTerm(predicate, isNegated: negated)
}

private func day(_ text: String) -> Int64 {
    Timestamp.parseDate(text)!
}

@Suite struct FilterParserTests {
    @Test(arguments: ["", " ", "   ", "\t \n"])
    func emptySourceMatchesEverything(source: String) throws {
        let expression = try parse(source)
        #expect(expression == .matchAll)
        #expect(expression.isEmpty)
        #expect(expression.description == "")
    }

    @Test func parsesEveryFieldKind() throws {
        let expression = try parse(
            "id:sub-0042 country:FR status:pending email:@gmail platform:iOS locale:de-AT reviewer:ana verified:yes"
        )
        #expect(expression.terms == [
            term(.id("sub-0042")),
            term(.countries(["FR"])),
            term(.statuses([.pending])),
            term(.email("@gmail")),
            term(.platform("iOS")),
            term(.locale("de-AT")),
            term(.reviewer("ana")),
            term(.verified(true)),
        ])
    }

    @Test func fieldNamesIgnoreCaseButValuesKeepIt() throws {
        let expression = try parse("ID:Ab12 Email:Ana@X.org PLATFORM:Android LoCaLe:DE reviewer:Zoë")
        #expect(expression.terms == [
            term(.id("Ab12")), term(.email("Ana@X.org")), term(.platform("Android")), term(.locale("DE")),
            term(.reviewer("Zoë")),
        ])
    }

    @Test func splitsOnRunsOfWhitespace() throws {
        let expression = try parse("  status:pending \t\t country:FR\n spam  ")
        #expect(expression.terms == [term(.statuses([.pending])), term(.countries(["FR"])), term(.text("spam"))])
    }

    @Test func bareWordsAndPhrasesAreText() throws {
        let expression = try parse(#"spam "viral text" e-mail back\slash"#)
        #expect(expression.terms == [
            term(.text("spam")), term(.text("viral text")), term(.text("e-mail")), term(.text(#"back\slash"#)),
        ])
    }

    @Test func unicodeWordsKeepTheirText() throws {
        let expression = try parse("données Καλημέρα 東京 \"naïve café\" cafe\u{301} -Ελλάδα")
        #expect(expression.terms == [
            term(.text("données")), term(.text("Καλημέρα")), term(.text("東京")), term(.text("naïve café")),
            term(.text("cafe\u{301}")), term(.text("Ελλάδα"), negated: true),
        ])
    }

    @Test func leadingMinusNegatesAnyTerm() throws {
        let expression = try parse(#"-country:FR -"viral text" -spam -submitted<2024-05-01 -verified:no"#)
        #expect(expression.terms == [
            term(.countries(["FR"]), negated: true),
            term(.text("viral text"), negated: true),
            term(.text("spam"), negated: true),
            term(.submittedRange(fromMillis: nil, beforeMillis: day("2024-05-01")), negated: true),
            term(.verified(false), negated: true),
        ])
    }

    @Test func quotesHoldSpacesAndEscapes() throws {
        let expression = try parse(#"email:"a b" reviewer:"Ana María" "say \"no\"" "C:\\data" id:"x" "a:b" "-x""#)
        #expect(expression.terms == [
            term(.email("a b")), term(.reviewer("Ana María")), term(.text(#"say "no""#)), term(.text(#"C:\data"#)),
            term(.id("x")), term(.text("a:b")), term(.text("-x")),
        ])
    }

    @Test func valuesMayContainStructuralCharactersAfterTheColon() throws {
        #expect(try parse("id:a:b=c<d").terms == [term(.id("a:b=c<d"))])
        #expect(try parse("email:x,y").terms == [term(.email("x,y"))])
    }

    @Test(arguments: [
        ("country:fr", ["FR"]),
        ("country:FR,de,It", ["DE", "FR", "IT"]),
        ("country:de,FR,de", ["DE", "FR"]),
        ("country:EL", ["GR"]),
        ("country:uk,el", ["GB", "GR"]),
        ("country:GB,UK", ["GB"]),
        ("country:EU", CountryGroups.eu),
        ("country:eea", CountryGroups.eea),
        ("country:eu,IS,LI,NO", CountryGroups.eea),
        ("country:eu,CH", (CountryGroups.eu + ["CH"]).sorted()),
        ("country:eea,FR", CountryGroups.eea),
    ])
    func countryListsNormalizeAndExpand(source: String, codes: [String]) throws {
        #expect(try parse(source).terms == [term(.countries(codes))])
    }

    @Test func countryGroupsHaveTheRightMembers() {
        #expect(CountryGroups.eu.count == 27)
        #expect(CountryGroups.eea.count == 30)
        #expect(CountryGroups.eu == CountryGroups.eu.sorted())
        #expect(Set(CountryGroups.eea).subtracting(CountryGroups.eu) == ["IS", "LI", "NO"])
        #expect(!CountryGroups.eu.contains("GB") && !CountryGroups.eu.contains("EL"))
        #expect(CountryGroups.members(ofGroup: "EEA") == CountryGroups.eea)
        #expect(CountryGroups.members(ofGroup: "efta") == nil)
        #expect(CountryGroups.isoCode("EL") == "GR" && CountryGroups.isoCode("UK") == "GB")
        #expect(CountryGroups.isoCode("FR") == "FR")
    }

    @Test(arguments: [
        ("status:pending", [SubmissionStatus.pending]),
        ("status:awaiting_verification", [.awaitingVerification]),
        ("status:awaiting", [.awaitingVerification]),
        ("status:Verification", [.awaitingVerification]),
        ("status:accepted", [.accepted]),
        ("status:REJECTED", [.rejected]),
        ("status:decided", [.accepted, .rejected]),
        ("status:rejected,pending", [.pending, .rejected]),
        ("status:decided,accepted,awaiting", [.awaitingVerification, .accepted, .rejected]),
    ])
    func statusListsAcceptAliases(source: String, statuses: [SubmissionStatus]) throws {
        #expect(try parse(source).terms == [term(.statuses(statuses))])
    }

    @Test(arguments: [
        ("verified:yes", true), ("verified:no", false), ("verified:TRUE", true), ("Verified:False", false),
    ])
    func verifiedAcceptsYesNoTrueFalse(source: String, value: Bool) throws {
        #expect(try parse(source).terms == [term(.verified(value))])
    }

    @Test func dateComparisonsBecomeHalfOpenDayBounds() throws {
        let may1 = day("2024-05-01")
        let may2 = day("2024-05-02")
        #expect(try parse("submitted>2024-05-01").terms == range(may2, nil))
        #expect(try parse("submitted>=2024-05-01").terms == range(may1, nil))
        #expect(try parse("submitted<2024-05-01").terms == range(nil, may1))
        #expect(try parse("submitted<=2024-05-01").terms == range(nil, may2))
        #expect(try parse("submitted:2024-05-01").terms == range(may1, may2))
        #expect(try parse("Submitted>=2024-12-31").terms == range(day("2024-12-31"), nil))
        #expect(try parse("submitted<=2024-12-31").terms == range(nil, day("2025-01-01")))
    }

    @Test func timestampComparisonsBecomeMillisecondBounds() throws {
        let instant = Timestamp.parseRFC3339("2024-05-01T08:00:00Z")!
        let typed = "2024-05-01T10:00:00+02:00"
        #expect(try parse("submitted>\(typed)").terms == range(instant + 1, nil))
        #expect(try parse("submitted>=\(typed)").terms == range(instant, nil))
        #expect(try parse("submitted<\(typed)").terms == range(nil, instant))
        #expect(try parse("submitted<=\(typed)").terms == range(nil, instant + 1))
        #expect(try parse("submitted:\(typed)").terms == range(instant, instant + 1))
        #expect(try parse(#"submitted>="2024-05-01 08:00:00.000z""#).terms == range(instant, nil))
    }

    private func range(_ from: Int64?, _ before: Int64?) -> [FilterTerm] {
        [term(.submittedRange(fromMillis: from, beforeMillis: before))]
    }

    @Test func grammarHelpExamplesParse() throws {
        let lines = FilterParser.grammarHelp.split(separator: "\n")
        let examples = try #require(lines.firstIndex(of: "Examples:")).advanced(by: 1)
        #expect(lines.count - examples >= 4)
        for line in lines[examples...] {
            let expression = try parse(String(line))
            #expect(expression.terms.count >= 2, "\(line)")
        }
        #expect(lines.allSatisfy { $0.count <= 80 })
    }
}

@Suite struct FilterDescriptionTests {
    @Test(arguments: [
        ("Country:fr,el,uk -STATUS:Decided verified:TRUE", "country:FR,GB,GR -status:decided verified:yes"),
        ("country:eea,FR country:eu,eu", "country:eea country:eu"),
        ("status:awaiting,pending", "status:pending,awaiting_verification"),
        ("status:accepted,rejected", "status:decided"),
        ("submitted>2024-05-01", "submitted>=2024-05-02"),
        ("submitted<=2024-05-01", "submitted<2024-05-02"),
        ("submitted:2024-05-01", "submitted:2024-05-01"),
        ("submitted<=2024-05-01T10:00:00+02:00", "submitted<2024-05-01T08:00:00.001Z"),
        ("submitted>=2024-05-01T00:00:00Z", "submitted>=2024-05-01"),
        ("submitted:2024-05-01T00:00:00Z", "submitted:2024-05-01T00:00:00.000Z"),
        ("submitted>9999-12-31", "submitted>9999-12-31"),
        ("submitted<=9999-12-31", "submitted<=9999-12-31"),
        ("submitted>9999-12-31T23:59:59.999Z", "submitted>9999-12-31"),
        ("submitted<0000-01-01", "submitted<0000-01-01"),
        (#"email:"a b"   "x\"y" -"-spam" "a:b" 'quoted'"#, #"email:"a b" "x\"y" -"-spam" "a:b" 'quoted'"#),
        (#""plain""#, "plain"),
        (#""a\\b""#, #"a\b"#),
        (#"reviewer:"Ana María""#, #"reviewer:"Ana María""#),
    ])
    func printsCanonicalForm(source: String, canonical: String) throws {
        let expression = try parse(source)
        #expect(expression.description == canonical)
        #expect(try parse(canonical) == expression)
    }

    @Test(arguments: [
        "status:pending country:eu",
        "-country:FR,DE -\"viral text\" -spam submitted>=2024-01-01 submitted<2024-02-01T12:30:00.5+01:00",
        "id:\"a b\" email:\"\\\"\" platform:iOS locale:de-AT reviewer:ana verified:no",
        "données Καλημέρα 東京 \"naïve café\" \"👩‍⚕️ help\"",
        "\"a=b\" \"x<y\" \"p>q\" \"http://x\" \"-\" \"--\" \"\\\\\" \"\\\"\"",
        "country:eu,NO,CH status:decided,pending -submitted:2024-02-29",
        "submitted>0000-01-01T00:00:00.000-23:59",
    ])
    func descriptionParsesBackToAnEqualExpression(source: String) throws {
        let expression = try parse(source)
        let reparsed = try parse(expression.description)
        #expect(reparsed == expression)
        #expect(reparsed.description == expression.description)
    }

    /// Awkward strings in every string-valued predicate, built directly rather than parsed.
    @Test func awkwardStringsRoundTrip() throws {
        let awkward = [
            "x", "a b", "\"", "\\", "\\\"", "a\"b", "-", "-x", "x-", ":", "a:b", "<", ">=", "=", "tab\there",
            "line\nbreak", "Ελλάδα", "e\u{301}", "👍🏽", ",", "a,b", "'", "\u{00A0}nbsp",
        ]
        for text in awkward {
            let predicates: [FilterPredicate] = [
                .text(text), .id(text), .email(text), .platform(text), .locale(text), .reviewer(text),
            ]
            for predicate in predicates {
                for negated in [false, true] {
                    let expression = FilterExpression(terms: [FilterTerm(predicate, isNegated: negated)])
                    #expect(try parse(expression.description) == expression, "\(expression.description)")
                }
            }
        }
    }
}
