import Foundation
import Testing
@testable import DeskCore

/// A table cell made in one pass must be the cell made step by step (one line, sanitized, cut).
@Suite struct OneLineCellTests {
    private static let texts: [String] = {
        var texts = [
            "", " ", "\n\n", "I object.", "I object to the use of my posts for training your models, now and later.",
            "Hi,\n\nI am exercising my right to object under Article 21.\r\nRegards", "Line\u{2028}separator and\u{85}next line",
            "Tab\tinside", "Bidi \u{202E}override", "Zero\u{200D}width joiner", "Family 👩\u{200D}💻 emoji", "Heart ❤\u{FE0F} here",
            "Ich widerspreche der Nutzung meiner Daten gemäß Art. 21 DSGVO für KI-Training.",
            "Παρακαλώ μη χρησιμοποιείτε τις αναρτήσεις μου για εκπαίδευση τεχνητής νοημοσύνης.",
            "我反对使用我的数据训练人工智能模型，请立即停止。我反对使用我的数据训练人工智能模型。",
            "e\u{301}e\u{301}e\u{301} combining accents, then हिन्दी पाठ जिसमें मात्राएँ हैं and more text to cut",
            "\u{1B}[31mred\u{1B}[0m escape sequence", "exactly ten", "0123456789", "01234567890",
        ]
        // Texts of the bundled sample, whatever their languages.
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/sample-queue.jsonl")
        if let data = try? Data(contentsOf: sample) {
            for line in data.split(separator: UInt8(ascii: "\n")) {
                if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                   let text = object["justification"] as? String {
                    texts.append(text)
                }
            }
        }
        return texts
    }()

    @Test func theOnePassCellIsTheStepByStepCell() {
        #expect(Self.texts.count > 100, "the bundled sample's texts are read")
        var quick = 0
        for text in Self.texts {
            for width in [1, 2, 9, 10, 11, 20, 37, 58, 80, 200] {
                for limit in [width + 8, 5, 400] {
                    let made = OneLineCell.make(text, width: width, scalars: limit)
                    #expect(made == OneLineCell.composed(text, width: width, scalars: limit),
                            "\(text.debugDescription) width \(width) limit \(limit)")
                    if OneLineCell.quick(text, width: width, scalars: limit) != nil { quick += 1 }
                }
            }
        }
        // Most texts have nothing to escape: the one pass must be what runs for them.
        #expect(quick > Self.texts.count * 30 * 3 / 4)
    }

    @Test func unsafeTextIsLeftToTheSanitizer() {
        #expect(OneLineCell.quick("Bidi \u{202E}override", width: 80, scalars: 88) == nil)
        #expect(OneLineCell.make("Bidi \u{202E}override", width: 80, scalars: 88) != "Bidi \u{202E}override")
        #expect(OneLineCell.make("two\n\nlines", width: 80, scalars: 88) == "two lines")
        #expect(OneLineCell.make("a long line of text", width: 10, scalars: 88) == "a long li…")
    }

    /// `clusters` makes cells from a file's bytes, which may have changed since they were checked:
    /// bytes that are not UTF-8 go the sanitizing way (which repairs them), never into the cell.
    @Test func bytesThatAreNotUTF8AreLeftToTheSanitizer() {
        let broken: [[UInt8]] = [
            [0x61, 0xC3], [0x61, 0xC3, 0x28, 0x62], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80],
            [0x80, 0x61], [0xF0, 0x9F, 0x98], Array("ok ".utf8) + [0xFF] + Array(" then".utf8),
        ]
        for bytes in broken {
            var cell: [UInt8] = Array("kept".utf8)
            let made = bytes.withUnsafeBufferPointer { OneLineCell.appendQuick($0, width: 80, scalars: 88, to: &cell) }
            #expect(!made, "\(bytes)")
            #expect(cell == Array("kept".utf8))
        }
        for text in Self.texts {
            var cell: [UInt8] = []
            let made = Array(text.utf8).withUnsafeBufferPointer { OneLineCell.appendQuick($0, width: 37, scalars: 45, to: &cell) }
            #expect(made == (OneLineCell.quick(text, width: 37, scalars: 45) != nil))
            if made { #expect(String(decoding: cell, as: UTF8.self) == OneLineCell.make(text, width: 37, scalars: 45)) }
        }
    }
}
