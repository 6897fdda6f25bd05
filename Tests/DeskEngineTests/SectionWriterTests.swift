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
        try expected.withUnsafeBytes { raw in
            var reader = SectionReader(raw, from: 0)
            #expect(try reader.take(UInt8.self) == [UInt8](1...13))
            #expect(try reader.take(UInt32.self).count == 1000)
            #expect(try reader.takeStrings() == ["", "é", "abc"])
            #expect(try reader.take(UInt64.self) == [])
            #expect(try reader.take(Int64.self) == [-1, 7])
            #expect(reader.isAtEnd)
        }
    }
}
