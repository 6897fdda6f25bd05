import Testing
@testable import DeskCore

/// Folding eight bytes at a time gives what folding scalar by scalar gives, wherever the plain
/// ASCII runs start and end.
@Suite struct SearchFolderTests {
    /// Scalar by scalar: ASCII controls and DEL become a space, capitals lower case, the rest as
    /// `foldedBytes(of:)` says.
    private func referenceFolding(_ text: String, _ folder: inout SearchFolder) -> [UInt8] {
        var output: [UInt8] = []
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x20, 0x7F: output.append(0x20)
            case 0x41...0x5A: output.append(UInt8(scalar.value) | 0x20)
            case 0..<0x80: output.append(UInt8(scalar.value))
            default: output += folder.foldedBytes(of: scalar.value)
            }
        }
        return output
    }

    @Test func seededRandomTextsFoldAsScalarByScalar() {
        let pieces = ["a", "Data", "OBJECTION", " ", "\n", "\r\n", "\t", "\u{7F}", "\u{1B}[31m", "é", "É", "ß", "Προστασία", "ł",
                      "我的", "🤖", "🙏🏽", "\u{202E}", "e\u{301}", "ﬁ", "Ｆｕｌｌ", "1234567", "abcdefgh", "—", "@ana"]
        var generator = SeededGenerator(state: 71_220_262)
        var folder = SearchFolder()
        var reference = SearchFolder()
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text += pieces.randomElement(using: &generator)! }
            var output = ByteBuffer()
            let bytes = Array(text.utf8)
            let unsafe = bytes.withUnsafeBytes { folder.appendFolded($0, to: &output) }
            #expect(Array(output.bytes) == referenceFolding(text, &reference), "\(text.debugDescription)")
            #expect(unsafe == bytes.withUnsafeBytes { SearchFolder.needsEscaping($0) }, "\(text.debugDescription)")
        }
    }
}
