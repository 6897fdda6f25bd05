import Foundation
import Testing
@testable import DeskCore
@testable import DeskStore

/// The queue's prefix digest, which every derived file is checked against, must be the same
/// whether its blocks were hashed by the first load as it read them or read again later.
@Suite("Queue prefix hash")
struct QueuePrefixHashTests {
    /// The digest as `QueuePrefixHash` defines it, from the file's bytes read here.
    private func expectedDigest(of bytes: [UInt8], end: Int) -> UInt64 {
        var digest: [UInt8] = []
        LittleEndian.append(UInt64(end), to: &digest)
        var start = 0
        while start < end {
            let stop = min(end, start + QueuePrefixHash.blockLength)
            LittleEndian.append(bytes[start..<stop].withUnsafeBytes { XXHash64.hash($0) }, to: &digest)
            start = stop
        }
        return XXHash64.hash(digest)
    }

    /// About `megabytes` MiB of queue lines of varied lengths (so parts and reads end mid-block).
    private func queueText(megabytes: Int, seed: UInt64) -> String {
        var generator = SeededGenerator(state: seed)
        var lines: [String] = []
        var size = 0
        while size < megabytes << 20 {
            let words = (0..<Int.random(in: 5...120, using: &generator)).map { _ in "w\(Int.random(in: 0...9_999, using: &generator))" }
            // Plain ASCII words need no escaping (`submissionLine` escapes through Foundation: slow).
            let line = #"{"id":"s\#(lines.count)","submitted_at":"2026-11-01T10:00:00Z","country":"FR","email":"a@b.org","justification":"\#(words.joined(separator: " "))"}"#
            size += line.utf8.count + 1
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theFirstLoadHashesTheBlocksItReadsAndTheDigestIsUnchanged() throws {
        let directory = TemporaryDirectory()
        let text = queueText(megabytes: 20, seed: 7)
        let path = directory.write("q.jsonl", text)
        let queue = try QueueFile(path: path, parallelism: 2, index: .disabled)
        let bytes = Array(text.utf8)
        let wholeBlocks = bytes.count / QueuePrefixHash.blockLength
        // Every whole block but those split between the load's parts (a few per core).
        #expect(QueuePrefixHash.rememberedBlocks(of: queue.descriptor) >= wholeBlocks - 8)
        #expect(QueuePrefixHash.of(queue.descriptor, end: Int64(bytes.count)) == expectedDigest(of: bytes, end: bytes.count))
        let shorter = bytes.count - 12_345
        #expect(QueuePrefixHash.of(queue.descriptor, end: Int64(shorter), parallel: false) == expectedDigest(of: bytes, end: shorter))
    }

    @Test func blocksReadBeforeTheFileChangedAreNotKept() throws {
        let directory = TemporaryDirectory()
        let text = queueText(megabytes: 3, seed: 11)
        let path = directory.write("q.jsonl", text)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        // A kernel without fine-grained timestamps moves the change time only on its next tick.
        usleep(20_000)
        var before = stat()
        #expect(fstat(descriptor, &before) == 0)
        let old = Array(text.utf8)
        var blocks: [QueuePrefixHash.BlockHash] = []
        old.withUnsafeBytes { QueuePrefixHash.wholeBlocks(of: $0, at: 0, into: &blocks) }
        #expect(blocks.map(\.index) == [0, 1, 2])
        // Rewritten in place, same size, other bytes: what was read before must not be used.
        var changed = old
        changed[10] = UInt8(ascii: "X")
        changed[QueuePrefixHash.blockLength + 10] = UInt8(ascii: "Y")
        let writer = open(path, O_WRONLY)
        _ = changed.withUnsafeBytes { pwrite(writer, $0.baseAddress!, $0.count, 0) }
        close(writer)
        QueuePrefixHash.remember(blocks, readFrom: descriptor, since: before)
        #expect(QueuePrefixHash.rememberedBlocks(of: descriptor) == 0)
        #expect(QueuePrefixHash.of(descriptor, end: Int64(changed.count)) == expectedDigest(of: changed, end: changed.count))
    }

    @Test func onlyWholeBlocksWithinTheBytesAreHashed() {
        let length = QueuePrefixHash.blockLength
        let bytes = [UInt8](repeating: 0x61, count: 3 * length)
        var blocks: [QueuePrefixHash.BlockHash] = []
        // Bytes the file held from just after block 4's start: blocks 5 and 6 are whole in them.
        bytes.withUnsafeBytes { QueuePrefixHash.wholeBlocks(of: $0, at: Int64(4 * length + 1), into: &blocks) }
        #expect(blocks.map(\.index) == [5, 6])
        let expected = bytes[0..<length].withUnsafeBytes { XXHash64.hash($0) }
        #expect(blocks.allSatisfy { $0.hash == expected })
        blocks = []
        bytes.withUnsafeBytes { QueuePrefixHash.wholeBlocks(of: UnsafeRawBufferPointer(rebasing: $0[0..<(2 * length - 1)]), at: Int64(length), into: &blocks) }
        #expect(blocks.map(\.index) == [1])
    }
}
