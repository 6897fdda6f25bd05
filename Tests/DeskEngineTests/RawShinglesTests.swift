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
}
