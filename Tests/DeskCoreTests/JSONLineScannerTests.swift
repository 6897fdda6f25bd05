import Testing
@testable import DeskCore

@Suite("JSON line scanner")
struct JSONLineScannerTests {
    private func scan(_ text: String) -> JSONScanError? {
        scan(Array(text.utf8))
    }

    private func scan(_ bytes: [UInt8]) -> JSONScanError? {
        var scanner = JSONLineScanner()
        return bytes.withUnsafeBytes { raw in
            do throws(JSONScanError) {
                try scanner.scanObject(raw)
                return nil
            } catch {
                return error
            }
        }
    }

    private func decodedString(_ json: String) -> String {
        var parser = RecordLineParser<DecisionField>()
        let line = "{\"submission_id\":\(json),\"decision\":\"accepted\",\"reviewer\":\"r\",\"os_user\":\"u\",\"decided_at\":\"2026-01-01T00:00:00Z\"}"
        return Array(line.utf8).withUnsafeBytes { raw in
            try! parser.locate(raw)
            return parser.string(.submissionID, in: raw)!
        }
    }

    @Test("accepts valid objects", arguments: [
        "{}", " { } ", "{\"a\":1}", "{\"a\":-0.5e+10,\"b\":[1,2,{\"c\":null}],\"d\":true,\"e\":false}",
        "{\"a\":\"\"}", "{\"a\":{\"b\":{\"c\":[[],{}]}}}", "{\"a\":0}", "{\"a\":1E5}", "\t{\"a\" : \"b\" }\t",
    ])
    func acceptsValid(_ text: String) {
        #expect(scan(text) == nil)
    }

    @Test("rejects invalid JSON", arguments: [
        "", "[]", "\"x\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"x}", "{\"a\":[1,]}",
        "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{\"a\":'x'}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
        "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":[1 2]}",
    ])
    func rejectsInvalid(_ text: String) {
        #expect(scan(text) != nil)
    }

    @Test func decodesEveryEscape() {
        #expect(decodedString(#""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{08}\u{0C}\n\r\t")
        #expect(decodedString(#""\u00e9\u00C9\u0000x""#) == "éÉ\u{0}x")
        #expect(decodedString(#""caf\u00e9 na\u00efve""#) == "café naïve")
    }

    @Test func decodesSurrogatePairs() {
        #expect(decodedString(#""\ud83d\ude00""#) == "😀")
        #expect(decodedString(#""a\uD834\uDD1Eb""#) == "a𝄞b")
    }

    @Test("rejects lone and mismatched surrogates", arguments: [
        #"{"a":"\ud83d"}"#, #"{"a":"\ude00"}"#, #"{"a":"\ud83dx"}"#, #"{"a":"\ud83d\u0041"}"#, #"{"a":"\ud83d\ud83d"}"#,
    ])
    func rejectsLoneSurrogates(_ text: String) {
        let error = scan(text)
        #expect(error?.message.contains("surrogate") == true)
    }

    @Test("rejects invalid UTF-8", arguments: [
        [0xFF], [0xC0, 0x80], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82],
    ] as [[UInt8]])
    func rejectsInvalidUTF8(_ sequence: [UInt8]) {
        let line = Array("{\"a\":\"x".utf8) + sequence + Array("y\"}".utf8)
        #expect(scan(line)?.message.contains("UTF-8") == true)
    }

    @Test func acceptsValidMultibyteUTF8() {
        #expect(scan("{\"a\":\"é Ωμέγα 中文 😀 \u{202E}\"}") == nil)
    }

    @Test func rejectsRawControlCharactersInStrings() {
        #expect(scan("{\"a\":\"x\u{01}y\"}")?.message.contains("control") == true)
        #expect(scan("{\"a\":\"x\ty\"}")?.message.contains("control") == true)
    }

    @Test func rejectsDeepNesting() {
        let deep = "{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(scan(deep)?.message.contains("nesting") == true)
        let fine = "{\"a\":" + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + "}"
        #expect(scan(fine) == nil)
    }

    @Test func handlesHugeStrings() {
        let big = String(repeating: "données ", count: 200_000)
        #expect(scan("{\"a\":\"\(big)\"}") == nil)
    }

    /// Strings are read eight bytes at a time and jump to the first byte that needs a look: each
    /// such byte must be found exactly, wherever it falls in a word.
    @Test func findsSpecialBytesAtEveryOffset() {
        for offset in 0..<24 {
            let prefix = String(repeating: "a", count: offset)
            #expect(scan("{\"a\":\"\(prefix)\"}") == nil)
            #expect(scan("{\"a\":\"\(prefix)\u{7F}\u{E9}\"}") == nil)
            #expect(scan("{\"a\":\"\(prefix)\u{01}\"}")?.offset == 6 + offset)
            #expect(scan("{\"a\":\"\(prefix)\\q\"}")?.offset == 6 + offset)
            #expect(scan(Array("{\"a\":\"\(prefix)".utf8) + [0xC3] + Array("\"}".utf8))?.offset == 6 + offset)
            #expect(scan(Array("{\"a\":\"\(prefix)\u{7F}".utf8) + [0xFF] + Array("\"}".utf8))?.offset == 7 + offset)
        }
    }

    @Test func reportsWhereItFailed() {
        let error = scan("{\"a\":1,\"b\":x}")
        #expect(error?.offset == 11)
    }
}
