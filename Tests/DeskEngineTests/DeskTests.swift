import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Desk: queue and decisions folded together")
struct DeskTests {
    private func makeDesk(_ directory: TemporaryDirectory, lines: [String]) throws -> Desk {
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        return try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
    }

    private func record(_ desk: Desk, _ id: String, _ kind: DecisionKind, reason: String? = nil, reviewer: String = "ana") throws {
        try desk.record([Decision(submissionID: id, kind: kind, reviewer: reviewer, osUser: "u", decidedAt: WallClock.now(), reason: reason)])
    }

    @Test func latestDecisionWinsAndReopenMakesPendingAgain() throws {
        let directory = TemporaryDirectory()
        let desk = try makeDesk(directory, lines: [submissionLine(id: "a"), submissionLine(id: "b")])
        try record(desk, "a", .rejected, reason: "duplicate")
        #expect(desk.status(of: 0) == .rejected)
        try record(desk, "a", .reopened)
        #expect(desk.status(of: 0) == .pending)
        try record(desk, "a", .verificationRequested, reason: "please confirm your email")
        #expect(desk.status(of: 0) == .awaitingVerification)
        #expect(desk.history(of: 0).map(\.kind) == [.rejected, .reopened, .verificationRequested])
        #expect(desk.ledger.count(of: .pending) == 1)
        #expect(desk.ledger.count(of: .awaitingVerification) == 1)
    }

    @Test func decisionsForUnknownIdsAreReportedKeptAndAppliedWhenTheSubmissionArrives() throws {
        let directory = TemporaryDirectory()
        let desk = try makeDesk(directory, lines: [submissionLine(id: "a")])
        try record(desk, "later", .accepted)
        #expect(desk.problems.map(\.line) == [1])
        #expect(desk.problems.first?.message.contains("not in the queue") == true)
        directory.append("q.jsonl", submissionLine(id: "later") + "\n")
        let changes = try desk.refresh()
        #expect(changes.newRows == 1)
        #expect(desk.status(of: 1) == .accepted)
        #expect(desk.problems.isEmpty)
    }

    @Test func anotherProcesssDecisionsAppearOnRefresh() throws {
        let directory = TemporaryDirectory()
        let desk = try makeDesk(directory, lines: [submissionLine(id: "a"), submissionLine(id: "b")])
        let other = try DecisionLog(path: directory.file("d.jsonl"))
        try other.append([Decision(submissionID: "b", kind: .accepted, reviewer: "bo", osUser: "bo", decidedAt: 0)])
        let changes = try desk.refresh()
        #expect(changes.changedRows == [1])
        #expect(desk.status(of: 1) == .accepted)
    }

    @Test func filtersCombineTermsAndNegation() throws {
        let directory = TemporaryDirectory()
        let desk = try makeDesk(directory, lines: [
            submissionLine(id: "fr1", submittedAt: "2024-05-01T00:00:00Z", country: "FR", email: "Marie@Exemple.fr",
                           justification: "Mes DONNÉES sont utilisées", extra: #","email_verified":true,"platform":"web","locale":"fr-FR""#),
            submissionLine(id: "de1", submittedAt: "2024-06-02T00:00:00Z", country: "DE", email: "hans@beispiel.de",
                           justification: "Meine Daten", extra: #","email_verified":false,"platform":"ios","locale":"de-AT""#),
            submissionLine(id: "us1", submittedAt: "2024-07-03T00:00:00Z", country: "us", email: "joe@example.com",
                           justification: "Αθήνα and data"),
        ])
        try record(desk, "de1", .rejected, reason: "not the account holder", reviewer: "Bob")
        func ids(_ filter: String) throws -> [String] {
            desk.rows(matching: try FilterParser.parse(filter), now: WallClock.now()).map { desk.table.id(Int($0)) }
        }
        #expect(try ids("") == ["fr1", "de1", "us1"])
        #expect(try ids("country:FR") == ["fr1"])
        #expect(try ids("country:eea") == ["fr1", "de1"])
        #expect(try ids("-country:eea") == ["us1"])
        #expect(try ids("status:pending") == ["fr1", "us1"])
        #expect(try ids("status:decided reviewer:bob") == ["de1"])
        #expect(try ids("verified:yes") == ["fr1"])
        #expect(try ids("verified:no") == ["de1"])
        #expect(try ids("donnees") == ["fr1"])
        #expect(try ids("\"mes donnees\"") == ["fr1"])
        #expect(try ids("αθηνα") == ["us1"])
        #expect(try ids("email:MARIE") == ["fr1"])
        #expect(try ids("email:daten") == [])
        #expect(try ids("daten") == ["de1"])
        #expect(try ids("data -daten") == ["us1"])
        #expect(try ids("platform:WEB") == ["fr1"])
        #expect(try ids("locale:de") == ["de1"])
        #expect(try ids("locale:d") == [])
        #expect(try ids("submitted>2024-06-01") == ["de1", "us1"])
        #expect(try ids("submitted<2024-06-02") == ["fr1"])
        #expect(try ids("id:us1") == ["us1"])
        #expect(try ids("example.com") == ["us1"])
    }

    @Test func textTermsAfterASelectiveColumnTermCheckOnlyTheRemainingRows() throws {
        let directory = TemporaryDirectory()
        var lines: [String] = []
        for index in 0..<400 {
            let country = index % 40 == 0 ? "FR" : "DE"
            let text = index % 80 == 0 ? "Mes DONNÉES \(index)" : "Meine Daten \(index)"
            lines.append(submissionLine(id: "r\(index)", country: country, email: "u\(index)@mail.example", justification: text))
        }
        let desk = try makeDesk(directory, lines: lines)
        func ids(_ filter: String) throws -> [String] {
            desk.rows(matching: try FilterParser.parse(filter), now: WallClock.now()).map { desk.table.id(Int($0)) }
        }
        #expect(try ids("country:FR donnees") == ["r0", "r80", "r160", "r240", "r320"])
        #expect(try ids("country:FR -donnees") == ["r40", "r120", "r200", "r280", "r360"])
        #expect(try ids("country:FR email:u12") == ["r120"])
        #expect(try ids("donnees country:FR -email:u80@") == ["r0", "r160", "r240", "r320"])
    }

    @Test func sortsAreStableAndReversible() throws {
        let directory = TemporaryDirectory()
        let desk = try makeDesk(directory, lines: [
            submissionLine(id: "1", submittedAt: "2024-05-03T00:00:00Z", country: "FR", email: "b@x"),
            submissionLine(id: "2", submittedAt: "2024-05-01T00:00:00Z", country: "DE", email: "Á@x"),
            submissionLine(id: "3", submittedAt: "2024-05-02T00:00:00Z", country: "FR", email: "c@x"),
        ])
        try record(desk, "3", .accepted)
        func ids(_ sort: String) throws -> [String] {
            desk.rows(matching: .matchAll, sortedBy: try SortKey.parse(sort), now: WallClock.now()).map { desk.table.id(Int($0)) }
        }
        #expect(try ids("submitted") == ["2", "3", "1"])
        #expect(try ids("-submitted") == ["1", "3", "2"])
        #expect(try ids("country") == ["2", "3", "1"])
        #expect(try ids("email") == ["2", "1", "3"])
        #expect(try ids("status") == ["2", "1", "3"])
    }
}

@Suite("Text: folding, escaping, width")
struct TextTests {
    @Test("folds case and accents", arguments: [
        ("Données", "donnees"), ("ÉLÈVE", "eleve"), ("Straße", "strasse"), ("Αθήνα", "αθηνα"), ("ΣΟΦΟΣ", "σοφοσ"),
        ("Łódź", "lodz"), ("Ørsted", "orsted"), ("e\u{301}te\u{301}", "ete"), ("ÆON", "aeon"), ("中文", "中文"),
    ])
    func folds(_ input: String, _ expected: String) {
        #expect(SearchFolder.fold(input) == expected)
    }

    @Test func escapesEverythingUnprintable() {
        let (text, escaped) = TerminalSafety.sanitize("a\u{1B}[31mb\u{07}c\u{9B}d\u{202E}e\u{2066}f\u{200B}g\u{FEFF}h\u{7F}i\u{0}j\u{2028}k")
        #expect(escaped)
        #expect(text == "a\\e[31mb\\ac\\x9Bd\\u202Ee\\u2066f\\u200Bg\\uFEFFh\\x7Fi\\0j\\u2028k")
    }

    @Test func keepsLineBreaksTabsAndJoinedEmoji() {
        #expect(TerminalSafety.sanitize("a\r\nb\tc", multiline: true) == ("a\nb c", false))
        #expect(TerminalSafety.sanitize("a\nb") == ("a↵b", false))
        #expect(TerminalSafety.sanitize("👨\u{200D}👩") == ("👨👩", false))
        #expect(TerminalSafety.sanitize("a\rb").escaped)
    }

    /// What Unicode says must never reach a terminal as it is: controls, format characters (Cf),
    /// private use, unassigned code points (noncharacters included), line and paragraph separators,
    /// and every default-ignorable code point (invisible fillers, variation selectors, tags).
    private static func unicodeSaysUnsafe(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return true }  // surrogates
        if scalar.properties.isDefaultIgnorableCodePoint { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .unassigned, .surrogate, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Every code point, checked against Swift's Unicode properties. There are no exceptions in
    /// `isUnsafe`: the two deliberate ones (a joiner between emoji, U+FE0F after an emoji) depend on
    /// the neighbours and live in `sanitize`, which drops those instead of escaping them.
    @Test func unsafeAgreesWithUnicodeForEveryCodePoint() {
        var disagreements: [String] = []
        for value in UInt32(0)...0x10FFFF where TerminalSafety.isUnsafe(value) != Self.unicodeSaysUnsafe(value) {
            if disagreements.count < 20 { disagreements.append("U+" + String(value, radix: 16, uppercase: true)) }
        }
        #expect(disagreements.isEmpty, "isUnsafe disagrees with Unicode for \(disagreements)")
    }

    @Test("invisible fillers, format and tag characters are escaped and flagged", arguments: [
        0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x17B4, 0x17B5, 0x180B, 0x1D173, 0x1D17A, 0xFFF9, 0xFFFA, 0xFFFB,
        0xFE00, 0xFE0E, 0xFE0F, 0xE0100, 0xE01EF, 0xE0000, 0xE0001, 0xE0002, 0xE0041, 0xE007F, 0xE0080, 0xE0FFF,
        0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0x0378, 0xFFFF, 0x40000, 0x2065,
    ] as [UInt32])
    func escapesDefaultIgnorableFormatPrivateAndUnassigned(_ value: UInt32) {
        let scalar = Unicode.Scalar(value)!
        var input = "x"
        input.unicodeScalars.append(scalar)
        input += "y"
        let (text, escaped) = TerminalSafety.sanitize(input)
        #expect(escaped)
        #expect(text == "x" + TerminalSafety.visibleEscape(value) + "y")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        // The load-time check that sets the row's flag agrees.
        #expect(Self.foldingFlags(input))
    }

    private static func foldingFlags(_ text: String) -> Bool {
        var folder = SearchFolder()
        var output = ByteBuffer()
        return Array(text.utf8).withUnsafeBytes { folder.appendFolded($0, to: &output) }
    }

    /// The two deliberate exceptions: a joiner between pictographs and U+FE0F after an emoji are
    /// parts of an emoji, dropped (terminals disagree on the width of such sequences) and not
    /// flagged. Anywhere else they are escaped like other invisible characters. Tags are escaped
    /// even inside a flag sequence: invisible tag text is how hidden instructions are smuggled.
    @Test func emojiJoinersAndPresentationSelectorsAreDroppedOnlyInsideEmoji() {
        let dropped: [(String, String)] = [
            ("❤\u{FE0F}", "❤"), ("🖌\u{FE0F} art", "🖌 art"), ("1\u{FE0F}\u{20E3}", "1\u{20E3}"), ("©\u{FE0F}", "©"),
            ("🏳\u{FE0F}\u{200D}🌈", "🏳🌈"), ("🧑\u{200D}⚕\u{FE0F}", "🧑⚕"), ("👍🏽\u{FE0F}", "👍🏽"),
        ]
        for (input, expected) in dropped {
            #expect(TerminalSafety.sanitize(input) == (expected, false), "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(!Self.foldingFlags(input))
        }
        let escaped: [(String, String)] = [
            ("a\u{FE0F}", "a\\uFE0F"), ("\u{FE0F}x", "\\uFE0Fx"), ("😀\u{FE0F}\u{FE0F}", "😀\\uFE0F"),
            ("a\u{200D}b", "a\\u200Db"), ("😀\u{FE0E}", "😀\\uFE0E"),
            ("🏴\u{E0067}\u{E0062}\u{E007F}", "🏴\\U000E0067\\U000E0062\\U000E007F"),
        ]
        for (input, expected) in escaped {
            #expect(TerminalSafety.sanitize(input) == (expected, true))
            #expect(Self.foldingFlags(input))
        }
    }

    /// Error messages quote paths and filters; whatever a file name or a typed filter holds, the
    /// message is safe to print.
    @Test func errorMessagesEscapeWhatTheyQuote() throws {
        let path = "/tmp/q\u{1B}]0;pwned\u{07}\u{202E}.jsonl"
        for error in [StoreError.cannotOpen(path: path, errno: ENOENT), .symlinkRefused(path: path), .notRegularFile(path: path, kind: "a FIFO (named pipe)"),
                      .writableByOthers(path: path, mode: 0o666), .syncFailed(path: path, errno: EIO),
                      .refusingAfterFailure(path: path), .io(operation: "read \(path)", errno: EIO)] {
            #expect(error.description.contains("/tmp/q\\e]0;pwned\\a\\u202E.jsonl"))
            #expect(!error.description.unicodeScalars.contains { TerminalSafety.isUnsafe($0.value) })
        }
        let problem = DataProblem(file: path, line: 3, message: "bad \u{9B}")
        #expect(problem.description == "/tmp/q\\e]0;pwned\\a\\u202E.jsonl:3: bad \\x9B")
        #expect(throws: FilterSyntaxError.self) { try FilterParser.parse("cuntry\u{1B}[2J:FR") }
        do {
            _ = try FilterParser.parse("cuntry\u{1B}[2J:FR")
        } catch {
            #expect(error.description.contains("cuntry\\e[2J"))
            #expect(!error.description.unicodeScalars.contains { TerminalSafety.isUnsafe($0.value) })
        }
    }

    @Test func measuresAndCutsByCells() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.truncate("中文字", toWidth: 4) == "中…")
        #expect(DisplayWidth.truncate("abcdef", toWidth: 4) == "abc…")
        #expect(DisplayWidth.pad("中", toWidth: 4) == "中  ")
    }

    @Test func answerDeadlineIsOneCalendarMonth() throws {
        let day: Int64 = 86_400_000
        let january31 = try #require(Timestamp.parseRFC3339("2024-01-31T15:00:00Z"))
        #expect(Timestamp.formatDate(AnswerDeadline.dueDay(submittedAt: january31)) == "2024-02-29")
        let march10 = try #require(Timestamp.parseRFC3339("2026-03-10T08:00:00Z"))
        #expect(AnswerDeadline.daysLeft(submittedAt: march10, now: march10) == 31)
        #expect(AnswerDeadline.daysLeft(submittedAt: march10, now: march10 + 31 * day) == 0)
        #expect(AnswerDeadline.daysLeft(submittedAt: march10, now: march10 + 32 * day) == -1)
        let december = try #require(Timestamp.parseRFC3339("2026-12-15T00:00:00Z"))
        #expect(Timestamp.formatDate(AnswerDeadline.dueDay(submittedAt: december)) == "2027-01-15")
    }
}
