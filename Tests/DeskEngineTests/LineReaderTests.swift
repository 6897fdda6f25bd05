import Foundation
import Testing
@testable import DeskStore

/// `LineReader` with the options the queue's first load uses: a buffer kept between ranges, and
/// reads that end on block boundaries. The lines must be exactly those of a plain read.
@Suite("Line reader")
struct LineReaderTests {
    private func lines(_ path: String, ranges: [(Int64, Int64)], buffer: LineReader.ReadBuffer?, alignment: Int64) throws
        -> (lines: [String], tooLong: [Int], reads: [(Int64, Int)]) {
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        var seen: [String] = []
        var tooLong: [Int] = []
        var reads: [(Int64, Int)] = []
        for (start, end) in ranges {
            try LineReader.read(descriptor: descriptor, from: start, to: end, alignment: alignment, reusing: buffer,
                                afterRead: { reads.append(($1, $0.count)) }) { event in
                switch event {
                case .line(let line): seen.append(String(decoding: line.bytes, as: UTF8.self))
                case .tooLong(_, let number, _): tooLong.append(number)
                }
            }
        }
        return (seen, tooLong, reads)
    }

    @Test func aKeptBufferAndAlignedReadsGiveTheSameLines() throws {
        let directory = TemporaryDirectory()
        var generator = SeededGenerator(state: 5)
        var text = ""
        for index in 0..<40_000 {
            text += "line \(index) " + String(repeating: "x", count: Int.random(in: 0...600, using: &generator)) + "\n"
        }
        // A line longer than a block (the buffer grows for it) and one over the limit (skipped).
        text += String(repeating: "L", count: LineReader.blockSize + 3) + "\n"
        text += String(repeating: "M", count: LineReader.maximumLineLength + 1) + "\nlast\n"
        let path = directory.write("lines.txt", text)
        let size = Int64(text.utf8.count)
        let bytes = Array(text.utf8)
        let cut = Int64(bytes[0..<Int(size / 3)].lastIndex(of: UInt8(ascii: "\n"))!) + 1
        let ranges = [(Int64(0), cut), (cut, size), (Int64(0), size)]
        let plain = try lines(path, ranges: ranges, buffer: nil, alignment: 0)
        let kept = LineReader.ReadBuffer()
        let reused = try lines(path, ranges: ranges, buffer: kept, alignment: 1 << 20)
        #expect(reused.lines == plain.lines)
        #expect(reused.tooLong == plain.tooLong)
        #expect(plain.lines.count == 2 * 40_002 && plain.tooLong.count == 2)
        // Every read but a range's last ends on a block boundary, so no block is split between reads
        // (unless less than a block of the buffer is free: the long lines at the end).
        let longLines = Int64(bytes.firstIndex(of: UInt8(ascii: "L"))!)
        for (offset, count) in reused.reads where offset + Int64(count) < longLines && offset + Int64(count) != cut {
            #expect((offset + Int64(count)) % (1 << 20) == 0)
        }
        // Reading again with the kept buffer gives the same lines once more.
        #expect(try lines(path, ranges: ranges, buffer: kept, alignment: 1 << 20).lines == plain.lines)
    }
}
