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
/// back), so the several derived files checked at one start hash the queue once.
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
        var hashes = memo.withLock { known in known?.state == state ? Array(known!.blocks.prefix(fullBlocks)) : [] }
        let first = hashes.count
        guard let fresh = hashBlocks(descriptor, from: first, to: blockCount, end: end, parallel: parallel) else { return nil }
        hashes += fresh
        let full = Array(hashes.prefix(fullBlocks))
        memo.withLock { known in
            if known?.state != state || known!.blocks.count < full.count { known = Remembered(state: state, blocks: full) }
        }
        var digest: [UInt8] = []
        LittleEndian.append(UInt64(end), to: &digest)
        for hash in hashes { LittleEndian.append(hash, to: &digest) }
        return XXHash64.hash(digest)
    }

    /// The XXH64 of blocks `first..<last` of `[0, end)`, contiguous runs on each core.
    private static func hashBlocks(_ descriptor: Int32, from first: Int, to last: Int, end: Int64, parallel: Bool) -> [UInt64]? {
        let count = last - first
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
                let start = Int64(first + index) * Int64(blockLength)
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
        var blocks: [UInt64]
    }

    private static let memo = Mutex<Remembered?>(nil)
}
