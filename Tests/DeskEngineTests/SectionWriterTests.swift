import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// Sections written straight from their arrays (the cluster cache, at the end of a first
/// clustering) are exactly the bytes the writer describes, and read back.
@Suite struct SectionWriterTests {
    @Test func sectionsWrittenInPlaceAreTheirBytes() throws {
        var writer = SectionWriter()
        writer.put([UInt8](1...13))
        writer.put([UInt32]((0..<1000).map { $0 &* 2_654_435_761 }))
        writer.put(strings: ["", "é", "abc"])
        writer.put([UInt64]())
        writer.put([Int64(-1), 7])
        let expected = writer.bytes
        #expect(expected.count == writer.byteCount)
        let directory = TemporaryDirectory()
        let path = directory.file("sections")
        let file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        #expect(file >= 0)
        defer { close(file) }
        let output = DerivedFileOutput(descriptor: file)
        try output.write([0xAA, 0xBB, 0xCC], at: 0)
        try writer.write(to: output, at: 3)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written == [0xAA, 0xBB, 0xCC] + expected)
        // And they read back.
        let decoded = expected.withUnsafeBytes { raw -> Result<([UInt8], [UInt32], [String], [UInt64], [Int64], Bool), DerivedFileError> in
            var reader = SectionReader(raw, from: 0)
            do throws(DerivedFileError) {
                let bytes: [UInt8] = try reader.take()
                let words: [UInt32] = try reader.take()
                let strings = try reader.takeStrings()
                let empty: [UInt64] = try reader.take()
                let signed: [Int64] = try reader.take()
                return .success((bytes, words, strings, empty, signed, reader.isAtEnd))
            } catch {
                return .failure(error)
            }
        }
        let (bytes, words, strings, empty, signed, atEnd) = try decoded.get()
        #expect(bytes == [UInt8](1...13))
        #expect(words.count == 1000)
        #expect(strings == ["", "é", "abc"])
        #expect(empty == [])
        #expect(signed == [-1, 7])
        #expect(atEnd)
    }
}
