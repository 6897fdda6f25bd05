import Testing
@testable import DeskCore

private let fields = "id, country, status, email, platform, locale, reviewer, verified, submitted, cluster"
private let statuses = "pending, awaiting_verification, accepted, rejected, decided"

@Suite struct FilterSyntaxErrorTests {
    @Test(arguments: [
        // Fields and values
        ("spam -x cuntry:FR", 9, #"unknown field "cuntry" (fields: \#(fields))"#),
        ("données cuntry:x", 9, #"unknown field "cuntry" (fields: \#(fields))"#),
        ("cafe\u{301} EMIAL:x", 6, #"unknown field "EMIAL" (fields: \#(fields))"#),
        ("cuntry:", 1, #"unknown field "cuntry" (fields: \#(fields))"#),
        ("http://x", 1, #"unknown field "http" (fields: \#(fields)); to search for text, quote it: "http://x""#),
        ("-re:hello", 2, #"unknown field "re" (fields: \#(fields)); to search for text, quote it: -"re:hello""#),
        ("3<4", 1, #"unknown field "3" (fields: \#(fields)); to search for text, quote it: "3<4""#),
        ("country:", 9, "empty value for country"),
        ("status:", 8, "empty value for status"),
        (#"email:"""#, 7, "empty value for email"),
        ("submitted>", 11, "empty value for submitted"),
        ("status:pendng", 8, #"unknown status "pendng" (\#(statuses))"#),
        ("status:pending,pendng", 16, #"unknown status "pendng" (\#(statuses))"#),
        (#"status:"pending,\\x""#, 17, #"unknown status "\x" (\#(statuses))"#),
        ("status:pending,", 16, "empty item in status list"),
        ("country:FRA", 9, #"unknown country code "FRA" (must be 2 letters A–Z, or eu/eea)"#),
        ("country:fr,1x", 12, #"unknown country code "1x" (must be 2 letters A–Z, or eu/eea)"#),
        ("country:ÉS", 9, #"unknown country code "ÉS" (must be 2 letters A–Z, or eu/eea)"#),
        ("country:efta", 9, #"unknown country code "efta" (must be 2 letters A–Z, or eu/eea)"#),
        ("country:FR,,DE", 12, "empty item in country list"),
        ("country:,FR", 9, "empty item in country list"),
        ("country:FR,", 12, "empty item in country list"),
        ("verified:maybe", 10, #"invalid value "maybe" for verified (yes, no)"#),
        ("country>FR", 8, #"country cannot be compared with ">" (only submitted and cluster can; write country:value)"#),
        ("status<=pending", 7, #"status cannot be compared with "<=" (only submitted and cluster can; write status:value)"#),
        ("country=FR", 8, #""=" is not an operator; write country:value (to search for text, quote it)"#),
        ("a =b", 3, #""=" is not an operator (to search for text, quote it)"#),
        (":x", 1, #"missing field name before ":" (to search for text, quote it)"#),
        ("spam >=3", 6, #"missing field name before ">=" (to search for text, quote it)"#),
        // Dates
        ("submitted>2024-13-01", 11, #"invalid date "2024-13-01" (use YYYY-MM-DD)"#),
        ("submitted>=2023-02-29", 12, #"invalid date "2023-02-29" (use YYYY-MM-DD)"#),
        ("submitted<2024-5-1", 11, #"invalid date "2024-5-1" (use YYYY-MM-DD)"#),
        ("submitted:yesterday", 11, #"invalid date "yesterday" (use YYYY-MM-DD)"#),
        ("submitted<2024-05-01T25:00:00Z", 11,
         #"invalid timestamp "2024-05-01T25:00:00Z" (use RFC 3339, e.g. 2026-11-04T09:12:44Z)"#),
        ("submitted<2024-05-01T10:00", 11,
         #"invalid timestamp "2024-05-01T10:00" (use RFC 3339, e.g. 2026-11-04T09:12:44Z)"#),
        ("submitted>=0000-01-01T00:30:00+01:00", 12,
         #"timestamp "0000-01-01T00:30:00+01:00" is outside the years 0000–9999 in UTC"#),
        ("submitted<9999-12-31T23:30:00-01:00", 11,
         #"timestamp "9999-12-31T23:30:00-01:00" is outside the years 0000–9999 in UTC"#),
        // Negation
        ("-", 1, #""-" must be followed by a term"#),
        ("spam - x", 6, #""-" must be followed by a term"#),
        ("spam -", 6, #""-" must be followed by a term"#),
        ("--spam", 2, #"a term can be negated only once (to search for text starting with "-", quote it)"#),
        // Quotes
        (#""unterminated"#, 1, "unterminated quote"),
        (#"spam "abc\""#, 6, "unterminated quote"),
        (#"email:"abc"#, 7, "unterminated quote"),
        (#""abc\"#, 1, "unterminated quote"),
        (#"""#, 1, "unterminated quote"),
        (#""""#, 1, "empty quoted text"),
        (#"-"""#, 2, "empty quoted text"),
        (#""abc"def"#, 6, "expected a space after the closing quote"),
        (#"email:"a"b"#, 10, "expected a space after the closing quote"),
        (#"ab"cd"#, 3, "unexpected quote inside a word (quote the whole phrase instead)"),
        (#"email:a"b"#, 8, "unexpected quote inside a value (quote the whole value instead)"),
        (#""a\nb""#, 3, #"unknown escape "\n" (inside quotes only \" and \\ are escapes)"#),
        (#"Ελλάδα "\é""#, 9, #"unknown escape "\é" (inside quotes only \" and \\ are escapes)"#),
    ] as [(String, Int, String)])
    func reportsColumnAndMessage(source: String, column: Int, message: String) {
        #expect(throws: FilterSyntaxError(column: column, message: message)) { try FilterParser.parse(source) }
    }

    @Test func describesItselfWithTheColumn() {
        let error = FilterSyntaxError(column: 9, message: "empty value for country")
        #expect(error.description == "column 9: empty value for country")
        #expect("\(FilterSyntaxError(column: 1, message: "unterminated quote"))" == "column 1: unterminated quote")
    }

    /// The first problem wins, so fixing errors left to right converges.
    @Test func reportsTheFirstProblem() {
        #expect(throws: FilterSyntaxError(column: 8, message: #"unknown status "x" (\#(statuses))"#)) {
            try FilterParser.parse(#"status:x cuntry:y "unterminated"#)
        }
    }
}
