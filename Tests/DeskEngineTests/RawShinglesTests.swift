import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine

/// The yardstick reads a text back as the queue file holds it and folds it as it makes windows
/// (`ShingleYardstick.shingles(rawContent:)`): the keys must be those of folding it first.
struct RawShinglesTests {
    /// The content between the quotes, as a JSON encoder writes the string.
    private static func rawContent(_ text: String, escapingSlashes: Bool = false) throws -> [UInt8] {
        let encoder = JSONEncoder()
        if !escapingSlashes { encoder.outputFormatting = .withoutEscapingSlashes }
        let quoted = try encoder.encode(text)
        return Array(quoted.dropFirst().dropLast())
    }

    private static func foldedThenShingled(_ text: String) -> [UInt64] {
        let folded = Array(SearchFolder.fold(text).utf8)
        return folded.withUnsafeBytes { ShingleYardstick.shingles(folded: $0) }
    }

    private static func readRaw(_ raw: [UInt8], folder: inout SearchFolder) -> [UInt64]? {
        var result: [UInt64] = [99]
        let made = raw.withUnsafeBytes { ShingleYardstick.shingles(rawContent: $0, folder: &folder, into: &result) }
        return made ? result : nil
    }

    static let texts = [
        "", " ", "abc", "ABCDE", " Abcde ", "I object to the use of my data.", "Ich widerspreche der Nutzung meiner Daten!",
        "Données personnelles\n\nMerci,\r\nMarie", "tab\there \"quoted\" back\\slash / slash", "  leading and trailing  \n",
        "żółć gęślą jaźń ŁÓDŹ", "Straße ÆØÅ œuvre ŒUVRE ﬁn ﬃ", "日本語のテキストです。", "👍🏽 yes 👍🏽 👨‍👩‍👧", "x\u{85}y\u{A0}z\u{3000}w\u{2029}v",
        "control \u{01}\u{08}\u{0C}\u{1F}\u{7F} bytes", "e\u{301}te\u{301} decomposed", "ＦＵＬＬＷＩＤＴＨ ｶﾀｶﾅ", "\u{FDFA} expands a lot",
        "Ⅻ ㎏ ℃ ½", "İstanbul ıi", "Ελληνικά ΣΊΣΥΦΟΣ", "Русский ТЕКСТ ё", "العربية", "\u{202E}reversed\u{202C} text",
        String(repeating: "👍🏽 ß ﬁ ", count: 40),  // many scalars folded through the slow path, none longer than its bytes
    ]

    @Test func readingTheFileAsItIsGivesTheKeysOfFoldingFirst() throws {
        var folder = SearchFolder()
        for text in Self.texts {
            for escaping in [false, true] {
                let raw = try Self.rawContent(text, escapingSlashes: escaping)
                #expect(Self.readRaw(raw, folder: &folder) == Self.foldedThenShingled(text), "\(text.debugDescription)")
            }
        }
    }

    /// Escapes written as \u (any scalar may be), including surrogate pairs, decode to the same text.
    @Test func unicodeEscapesReadAsTheirCharacters() {
        var folder = SearchFolder()
        for text in Self.texts {
            var raw = ""
            for unit in text.utf16 { raw += String(format: "\\u%04X", unit) }
            #expect(Self.readRaw(Array(raw.utf8), folder: &folder) == Self.foldedThenShingled(text), "\(text.debugDescription)")
        }
    }

    /// Random texts over a mix of scripts, spaces and escapes: the same keys either way. (Seeded:
    /// a first version took texts rich in emoji for ones that do not fit, now and then.)
    @Test(arguments: [1, 2, 3] as [UInt64]) func randomTextsGiveTheSameKeys(seed: UInt64) throws {
        var generator = SeededGenerator(state: seed)
        let pieces = ["a", "B", "é", "É", "ß", "ﬁ", " ", "  ", "\n", "\t", "\"", "\\", "/", "日", "👍🏽", "\u{A0}", "\u{01}", "Ω", "ı", "\u{FDFA}", "x", "yz"]
        var folder = SearchFolder()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let raw = try Self.rawContent(text)
            // A text of many long expansions may be refused (then it is folded first instead).
            if let keys = Self.readRaw(raw, folder: &folder) {
                #expect(keys == Self.foldedThenShingled(text), "\(text.debugDescription)")
            } else {
                #expect(text.contains("\u{FDFA}"))
            }
        }
    }

    /// The bytes are read back unchecked, the file may have changed: what is not a string's
    /// content is refused, never decoded (which would read past the bytes or make up scalars).
    @Test func bytesThatAreNoStringContentAreRefused() {
        var folder = SearchFolder()
        let invalid: [[UInt8]] = [
            Array("ends with a quote\"".utf8), Array("a control \u{01} byte".utf8),
            Array("truncated escape \\u12".utf8), Array("lone low half \\uDC00 here".utf8), Array("high half alone \\uD83D x".utf8),
            Array("bad escape \\q".utf8), Array("ends in a backslash \\".utf8),
            Array("plain text then".utf8) + [0xC3], Array("overlong".utf8) + [0xC0, 0x80], Array("stray".utf8) + [0x80, 0x41],
            Array("surrogate in UTF-8".utf8) + [0xED, 0xA0, 0x80], [0x22], [0x0A, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48],
        ]
        for raw in invalid {
            #expect(raw.withUnsafeBytes { !JSONStringContent.isValid($0) }, "\(raw)")
            #expect(Self.readRaw(raw, folder: &folder) == nil, "\(raw)")
        }
    }

    /// Random bytes, mostly plain with some quotes, controls, backslashes and high bytes: refused
    /// exactly when they are not valid string content (`JSONStringContent.isValid`).
    @Test(arguments: [4, 5] as [UInt64]) func randomBytesAreRefusedExactlyWhenInvalid(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        let pieces: [[UInt8]] = [[0x61], [0x42], [0x20], [0x22], [0x0A], [0x5C, 0x6E], [0x5C], [0x5C, 0x75, 0x30, 0x30, 0x65, 0x39],
                                 [0x5C, 0x75, 0x44, 0x38, 0x33, 0x44], [0x5C, 0x75, 0x44, 0x45, 0x30, 0x30], [0xC3, 0xA9], [0xC3], [0xA9],
                                 [0xE6, 0x97, 0xA5], [0xF0, 0x9F, 0x91, 0x8D], [0xF0, 0x9F], [0xFF], [0x7F]]
        var folder = SearchFolder()
        var refused = 0
        for _ in 0..<4_000 {
            let raw = (0..<Int.random(in: 1...40, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            let valid = raw.withUnsafeBytes { JSONStringContent.isValid($0) }
            let keys = Self.readRaw(raw, folder: &folder)
            #expect((keys != nil) == valid, "\(raw)")
            refused += keys == nil ? 1 : 0
        }
        #expect(refused > 100 && refused < 3_900)
    }

    /// The keys of `text`'s folding with every scalar fed one by one (`ShingleWindow.feed`), never
    /// through the runs of plain ASCII that `feedPlain` takes eight bytes at a time.
    private static func scalarByScalar(_ text: String) -> [UInt64] {
        let scalars = Array(SearchFolder.fold(text).unicodeScalars)
        var out = [UInt64](repeating: 0, count: scalars.count + 1)
        let produced = out.withUnsafeMutableBufferPointer { buffer -> Int in
            var window = ShingleWindow(out: buffer.baseAddress!)
            for scalar in scalars { window.feed(scalar.value) }
            return window.finish()
        }
        return Array(out[0..<produced])
    }

    /// The folded text's windows of five scalars as the yardstick defines them: white-space runs
    /// as one space, none at either end, a text under five scalars one window.
    private static func referenceWindows(_ text: String) -> [[UInt32]] {
        var scalars: [UInt32] = []
        for scalar in SearchFolder.fold(text).unicodeScalars {
            let space = ShingleWindow.isWhitespace(scalar.value)
            if space && (scalars.isEmpty || scalars.last == 0x20) { continue }
            scalars.append(space ? 0x20 : scalar.value)
        }
        if scalars.last == 0x20 { scalars.removeLast() }
        if scalars.isEmpty { return [] }
        if scalars.count < 5 { return [scalars] }
        return (0...(scalars.count - 5)).map { Array(scalars[$0..<($0 + 5)]) }
    }

    /// Runs of ASCII of every length and offset, with capitals, tabs, controls, double spaces,
    /// quotes and a few other scalars between them: eight bytes at a time gives the keys of one
    /// scalar at a time, and two keys are equal exactly when their windows are.
    @Test(arguments: [6, 7] as [UInt64]) func eightBytesAtATimeGiveTheKeysOfOneScalarAtATime(seed: UInt64) throws {
        var generator = SeededGenerator(state: seed)
        let pieces = ["the", "Data", "objection", "a", "I", " ", " ", " ", "  ", "\t", "\n", ".", ",", "\"", "\\", "\u{01}", "\u{7F}",
                      "é", "Ü", "ß", "日", "👍", "\u{A0}", "ABCDEFGHIJ", "xyzxyzxyz", "0123456789"]
        var folder = SearchFolder()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...50, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = Self.scalarByScalar(text)
            #expect(Self.foldedThenShingled(text) == expected, "\(text.debugDescription)")
            #expect(Self.readRaw(try Self.rawContent(text), folder: &folder) == expected, "\(text.debugDescription)")
            let windows = Self.referenceWindows(text)
            #expect(windows.count == expected.count, "\(text.debugDescription)")
            guard windows.count == expected.count else { continue }
            for first in windows.indices {
                for second in windows.indices where second > first {
                    #expect((windows[first] == windows[second]) == (expected[first] == expected[second]), "\(text.debugDescription)")
                }
            }
        }
    }
}
