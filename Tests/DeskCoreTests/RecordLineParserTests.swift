import Testing
@testable import DeskCore

/// The load path's parser expects each line's keys in the order of the line before and compares
/// them in place; every surprise must fall back to the general path with the same outcome.
@Suite("Record line parser")
struct RecordLineParserTests {
    private static let line = #"{"id":"s1","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email":"a@b.example","email_verified":true,"platform":"ios","locale":"de-DE","account_url":null,"justification":"j"}"#

    /// Validates `lines` one after another with one parser (so each is read with the order the
    /// previous one taught it): per line the id, or the error message.
    private func outcomes(_ lines: [String]) -> [String] {
        var parser = SubmissionLineParser()
        return lines.map { text in
            Array(text.utf8).withUnsafeBytes { raw in
                do throws(LineError) {
                    _ = try parser.validate(raw)
                    let id = parser.fields.string(.id, in: raw) ?? "-"
                    let platform = parser.fields.string(.platform, in: raw) ?? "-"
                    let verified = parser.fields.bool(.emailVerified).map { "\($0)" } ?? "-"
                    let url = parser.fields.string(.accountURL, in: raw) ?? "-"
                    return "\(id) \(platform) \(verified) \(url)"
                } catch {
                    return error.message
                }
            }
        }
    }

    /// The same lines read by a fresh parser each: nothing learnt from an earlier line.
    private func freshOutcomes(_ lines: [String]) -> [String] {
        lines.flatMap { outcomes([$0]) }
    }

    @Test func fallsBackOnEverySurprise() {
        let lines = [
            Self.line,
            // Reordered, and an optional field absent.
            #"{"submitted_at":"2025-01-02T03:04:05Z","id":"s2","email":"a@b.example","country":"DE","justification":"j","platform":"web"}"#,
            Self.line,
            // Unknown fields before, between and after, one named like a known key's prefix.
            #"{"x":1,"id":"s3","idx":"no","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email_verified_at":[1],"email":"a@b.example","email_verified":false,"justification":"j","i":{}}"#,
            // A known key given twice, with the fast path expecting it.
            #"{"id":"s4","id":"s4","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email":"a@b.example","justification":"j"}"#,
            Self.line.replacingOccurrences(of: #""locale":"de-DE","#, with: #""locale":"de-DE","platform":"web","#),
            // An escaped key is the same key; escaped and plain together are a duplicate.
            Self.line.replacingOccurrences(of: #""id":"s1""#, with: #""i\u0064":"s5""#),
            Self.line.replacingOccurrences(of: #""country":"DE""#, with: #""country":"DE","countr\u0079":"FR""#),
            // "email" expected where "email_verified" stands, and the key cut at the line's end.
            #"{"id":"s6","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email_verified":null,"email":"a@b.example","justification":"j"}"#,
            #"{"id":"s7","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email"#,
            #"{"id":"s8","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email":5,"justification":"j"}"#,
            #"{"id":"s9","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email":"e","justification":"j","platform":7}"#,
            // A syntax error after a duplicate wins over it.
            #"{"id":"s10","id":"s10","submitted_at":"2025-01-02T03:04:05Z","country":"DE","email":"a@b.example","justification":"j",}"#,
            Self.line,
        ]
        let expected = [
            "s1 ios true -",
            "s2 web - -",
            "s1 ios true -",
            "s3 - false -",
            "duplicate key \"id\"",
            "duplicate key \"platform\"",
            "s5 ios true -",
            "duplicate key \"country\"",
            "s6 - - -",
            "invalid JSON at byte 65: unterminated string",
            "\"email\" must be a string, found number",
            "\"platform\" must be a string or null, found number",
            "invalid JSON at byte 119: expected a quoted member name, found '}'",
            "s1 ios true -",
        ]
        #expect(outcomes(lines) == expected)
        #expect(freshOutcomes(lines) == expected)
    }

    @Test func reportsTheFirstWrongFieldInFieldOrder() {
        // "submitted_at" comes before "country" in the fields' order, whatever the line's order.
        let line = #"{"country":5,"id":"s1","submitted_at":null,"email":"e","justification":"j"}"#
        #expect(outcomes([Self.line, line]) == ["s1 ios true -", "\"submitted_at\" must be a string, found null"])
        #expect(outcomes([#"{"id":"s1"}"#]) == ["missing required field \"submitted_at\""])
    }

    @Test func readsCountsOnlyWhenWhole() {
        var parser = RecordLineParser<DecisionField>()
        let base = #"{"submission_id":"s","decision":"accepted","reviewer":"r","os_user":"u","decided_at":"2026-01-01T00:00:00Z""#
        for (tail, count) in [(#","undoes":12}"#, 12), (#","undoes":null}"#, nil), ("}", nil)] as [(String, Int?)] {
            Array((base + tail).utf8).withUnsafeBytes { raw in
                #expect(throws: Never.self) { try parser.locate(raw) }
                #expect(parser.count(.undoes, in: raw) == count)
            }
        }
        for tail in [#","undoes":1.5}"#, #","undoes":-1}"#, #","undoes":1234567890}"#] {
            Array((base + tail).utf8).withUnsafeBytes { raw in
                _ = #expect(throws: LineError("\"undoes\" must be a whole number, found another number")) { try parser.locate(raw) }
            }
        }
    }

    @Test func tellsPlainStringsApart() {
        var parser = SubmissionLineParser()
        let cases: [(String, Bool)] = [
            ("plain text, long enough to span words", true), ("", true), ("tab\\tescaped", false),
            ("caf\u{E9}", false), ("del\u{7F}", false), ("\\u0041", false), ("~ ! 0 z", true),
        ]
        Self.expectPlatform(cases, parser: &parser) { $0.isPlain }
    }

    /// `isTerminalSafe` lets the load skip looking for unsafe characters: only text whose decoded
    /// bytes are printable ASCII, line feeds and tabs may have it.
    @Test func tellsTerminalSafeStringsApart() {
        var parser = SubmissionLineParser()
        let cases: [(String, Bool)] = [
            ("plain text", true), ("", true), ("two\\nlines and a\\ttab", true), ("quote \\\" slash \\/ back \\\\", true),
            ("caf\u{E9}", false), ("del\u{7F}", false), ("\\u0041", false), ("\\u202e", false), ("cr\\r", false),
            ("bell\\b", false), ("feed\\f", false), ("CRLF\\r\\n", false), ("\\\\u0041 is text", true),
        ]
        Self.expectPlatform(cases, parser: &parser) { $0.isTerminalSafe }
    }

    /// For each (JSON string contents, expected): the line with that platform validates, and
    /// `property` of its platform field is as expected.
    private static func expectPlatform(_ cases: [(String, Bool)], parser: inout SubmissionLineParser,
                                       _ property: (FieldText) -> Bool) {
        for (value, expected) in cases {
            let line = Self.line.replacingOccurrences(of: #""platform":"ios""#, with: "\"platform\":\"\(value)\"")
            Array(line.utf8).withUnsafeBytes { raw in
                #expect(throws: Never.self) { _ = try parser.validate(raw) }
                #expect(parser.text(.platform, in: raw).map(property) == expected, "\(value)")
            }
        }
    }
}
