#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// The digest of a queue file's first `end` bytes that every derived file (index, clusters,
/// search text, ledger snapshot) stores and is checked against: only a byte-identical prefix
/// lets one be used. Hashing just the ends and comparing the mtime could not tell an append from
/// a rewrite that also grew the file, nor a same-size edit whose old mtime was put back.
///
/// XXH64 of every 1 MiB block (on every core; each block read with `pread` into a buffer that
/// stays in cache, so a queue truncated meanwhile is a failed read, not a SIGBUS as through a
/// mapping), then XXH64 of the prefix length and the block hashes. About 45 ms per 500 MB on two
/// cores here (DECISIONS.md). Blocks already hashed in this process are remembered for the same
/// file state (device, inode, size, mtime, ctime — ctime moves with every write and cannot be set
/// back), so the several derived files checked at one start hash the queue once; the queue's first
/// load hashes the blocks it reads as it reads them (`remember`), so that its index save reads
/// only the few blocks split between its parts again.
package enum QueuePrefixHash {
    package static let blockLength = 1 << 20

    /// The digest of `[0, end)` of the file open as `descriptor`; nil when it is shorter or unreadable.
    /// `parallel`: on every core (the caller waits for it), or on the calling thread alone (a save
    /// in the background, on a thread of lowered priority: worker threads would not be).
    package static func of(_ descriptor: Int32, end: Int64, parallel: Bool = true) -> UInt64? {
        var status = stat()
        guard end >= 0, fstat(descriptor, &status) == 0, Int64(status.st_size) >= end else { return nil }
        let state = FileState(status)
        let blockCount = Int((end + Int64(blockLength) - 1) / Int64(blockLength))
        let fullBlocks = Int(end / Int64(blockLength))
        var hashes = [UInt64?](repeating: nil, count: blockCount)
        memo.withLock { known in
            for (index, hash) in known.first(where: { $0.state == state })?.blocks ?? [:] where index < fullBlocks {
                hashes[index] = hash
            }
        }
        let missing = hashes.indices.filter { hashes[$0] == nil }
        guard let fresh = hashBlocks(descriptor, missing, end: end, parallel: parallel) else { return nil }
        for (index, hash) in zip(missing, fresh) { hashes[index] = hash }
        let full = missing.filter { $0 < fullBlocks }.map { BlockHash(index: $0, hash: hashes[$0]!) }
        keep(full, for: state)
        var digest: [UInt8] = []
        LittleEndian.append(UInt64(end), to: &digest)
        for hash in hashes { LittleEndian.append(hash!, to: &digest) }
        return XXHash64.hash(digest)
    }

    /// The hashes of the whole blocks within `bytes`, which the file held at `offset`, for
    /// `remember(_:readFrom:since:)`.
    package static func wholeBlocks(of bytes: UnsafeRawBufferPointer, at offset: Int64, into hashes: inout [BlockHash]) {
        let length = Int64(blockLength)
        var block = (offset + length - 1) / length
        while (block + 1) * length <= offset + Int64(bytes.count) {
            let start = Int(block * length - offset)
            hashes.append(BlockHash(index: Int(block), hash: XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[start..<start + blockLength]))))
            block += 1
        }
    }

    /// Keeps block hashes made from bytes a reader read anyway (the queue's first load), so that
    /// the derived files' digest reads only the other blocks again. Kept only when the file is
    /// as `before` (taken before those bytes were read) still describes it: any write since
    /// moves its change time, and then they may not be the file's bytes.
    package static func remember(_ blocks: [BlockHash], readFrom descriptor: Int32, since before: stat) {
        var now = stat()
        guard !blocks.isEmpty, fstat(descriptor, &now) == 0 else { return }
        let state = FileState(before)
        guard FileState(now) == state else { return }
        keep(blocks.filter { Int64($0.index + 1) * Int64(blockLength) <= state.size }, for: state)
    }

    /// How many whole blocks are known for the file open as `descriptor` as it is now (tests).
    package static func rememberedBlocks(of descriptor: Int32) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return 0 }
        let state = FileState(status)
        return memo.withLock { known in known.first { $0.state == state }?.blocks.count ?? 0 }
    }

    /// Adds `blocks` to what is known of the file `state` describes, most recent state first; a
    /// few states are kept (several queues, or tests, in one process).
    private static func keep(_ blocks: [BlockHash], for state: FileState) {
        memo.withLock { known in
            var entry = known.firstIndex { $0.state == state }.map { known.remove(at: $0) } ?? Remembered(state: state, blocks: [:])
            for block in blocks { entry.blocks[block.index] = block.hash }
            known.insert(entry, at: 0)
            if known.count > 4 { known.removeLast() }
        }
    }

    /// The XXH64 of the blocks `indices` of `[0, end)`, contiguous runs of them on each core.
    private static func hashBlocks(_ descriptor: Int32, _ indices: [Int], end: Int64, parallel: Bool) -> [UInt64]? {
        let count = indices.count
        guard count > 0 else { return [] }
        let parts = parallel ? min(count, ProcessInfoCores.count) : 1
        let results = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
        results.initialize(repeating: 0)
        defer { results.deallocate() }
        let failed = Atomic<Bool>(false)
        let output = SendablePointer(results)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockLength, alignment: 64)
            defer { buffer.deallocate() }
            for index in (count * part / parts)..<(count * (part + 1) / parts) {
                let start = Int64(indices[index]) * Int64(blockLength)
                let length = Int(min(Int64(blockLength), end - start))
                let block = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length])
                guard QueueIndexFile.readFully(descriptor, block, at: UInt64(start)) else {
                    failed.store(true, ordering: .relaxed)
                    return
                }
                output.buffer[index] = XXHash64.hash(UnsafeRawBufferPointer(block))
            }
        }
        return failed.load(ordering: .relaxed) ? nil : Array(results)
    }

    /// What identifies the bytes of a file within this process.
    private struct FileState: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64

        init(_ status: stat) {
            (device, inode, size) = (UInt64(status.st_dev), UInt64(status.st_ino), Int64(status.st_size))
            modified = QueueIndexFormat.nanoseconds(status.st_mtim)
            changed = QueueIndexFormat.nanoseconds(status.st_ctim)
        }
    }

    private struct Remembered {
        var state: FileState
        /// Whole blocks only, by index.
        var blocks: [Int: UInt64]
    }

    /// A whole block's hash, made where its bytes were read (`wholeBlocks`).
    package struct BlockHash: Sendable, Equatable {
        package var index: Int
        package var hash: UInt64
    }

    private static let memo = Mutex<[Remembered]>([])
}
