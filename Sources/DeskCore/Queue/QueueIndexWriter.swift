#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// QueueFile's state after reading the prefix `[0, consumedEnd)`: what the index stores.
struct QueueSnapshot: Sendable {
    var table: SubmissionTable
    var problems: [DataProblem]
    var consumedEnd: Int64
    var nextLineNumber: Int
    var inFlightTail: (offset: Int64, line: Int)?
    var tookUnterminatedTail: Bool
}

/// Writes the queue index: a temporary file beside the target (mode 0600, never through a
/// symbolic link), fsync, rename. Runs in the background; a failure becomes a note, never an error
/// of the command. `QueueIndex.waitForPendingWrites` lets a command finish the write before exit.
enum QueueIndexWriter {
    /// Starts writing `snapshot` for the queue open as `descriptor` (duplicated for the writer).
    static func start(_ snapshot: QueueSnapshot, queue descriptor: Int32, status: stat, to location: QueueIndexLocation, wait: Bool) {
        let queue = dup(descriptor)
        guard queue >= 0 else { return }
        let job = PendingWrites.shared.begin()
        let work: @Sendable () -> Void = {
            defer { close(queue); PendingWrites.shared.end(job) }
            do throws(QueueIndexError) {
                try write(snapshot, queue: queue, status: status, to: location, job: job)
            } catch {
                DeskNotes.post("could not write the queue index \(location.path): \(error.reason); the queue is read in full until it can be")
            }
        }
        if wait {
            work()
        } else {
            let thread = Thread(block: work)
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    static func write(_ snapshot: QueueSnapshot, queue: Int32, status: stat, to location: QueueIndexLocation, job: Int) throws(QueueIndexError) {
        try location.prepareDirectory()
        guard let prefixHash = QueuePrefixHash.of(queue, end: snapshot.consumedEnd) else {
            throw QueueIndexError("the queue could not be read back")
        }
        var header = QueueIndexFormat.Header()
        header.fingerprint = QueueIndexFingerprint.value
        header.device = UInt64(status.st_dev)
        header.inode = UInt64(status.st_ino)
        header.queueSize = UInt64(status.st_size)
        header.queueModified = QueueIndexFormat.nanoseconds(status.st_mtim)
        header.indexedEnd = UInt64(snapshot.consumedEnd)
        header.prefixHash = prefixHash
        header.rows = UInt64(snapshot.table.count)
        header.nextLineNumber = UInt64(snapshot.nextLineNumber)
        header.inFlightOffset = snapshot.inFlightTail?.offset ?? -1
        header.inFlightLine = Int64(snapshot.inFlightTail?.line ?? 0)
        header.tookUnterminatedTail = snapshot.tookUnterminatedTail
        let sections = QueueIndexSections.encode(snapshot)
        var offset = UInt64(0)
        header.sections = sections.map { section in
            QueueIndexFormat.SectionEntry(name: section.kind.rawValue, version: section.kind.version,
                                          elementSize: UInt32(section.kind.elementSize), offset: 0,
                                          length: UInt64(section.length), checksum: section.checksum())
        }
        offset = UInt64(header.length)
        for index in header.sections.indices {
            offset = (offset + UInt64(QueueIndexFormat.sectionAlignment - 1)) & ~UInt64(QueueIndexFormat.sectionAlignment - 1)
            header.sections[index].offset = offset
            offset += header.sections[index].length
        }
        let encodedHeader = QueueIndexHeaderCodec.encode(header)
        try replaceFile(at: location, job: job, length: Int64(offset)) { file throws(QueueIndexError) in
            try encodedHeader.withUnsafeBytes { bytes in
                Result { () throws(QueueIndexError) in try writeFully(file, bytes, at: 0) }
            }.get()
            for (index, section) in sections.enumerated() {
                let at = Int64(header.sections[index].offset)
                try section.withBytes { bytes throws(QueueIndexError) in try writeFully(file, bytes, at: at) }
            }
        }
    }

    /// Writes what `contents` returns as the whole file at `location`, the same way, on its own
    /// thread unless `synchronously` (tests); a failure is posted as the note `failure` words.
    static func startDerivedFile(at location: QueueIndexLocation, synchronously: Bool,
                                 failure: @escaping @Sendable (String) -> String,
                                 contents: @escaping @Sendable () throws(QueueIndexError) -> [UInt8]) {
        let job = PendingWrites.shared.begin()
        let work: @Sendable () -> Void = {
            defer { PendingWrites.shared.end(job) }
            do throws(QueueIndexError) {
                let bytes = try contents()
                try location.prepareDirectory()
                try writeFile(bytes, to: location, job: job)
            } catch {
                DeskNotes.post(failure(error.reason))
            }
        }
        if synchronously {
            work()
        } else {
            let thread = Thread(block: work)
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Writes `bytes` as the whole file at `location`, the same way.
    static func writeFile(_ bytes: [UInt8], to location: QueueIndexLocation, job: Int) throws(QueueIndexError) {
        try replaceFile(at: location, job: job, length: Int64(bytes.count)) { file throws(QueueIndexError) in
            try bytes.withUnsafeBytes { raw in
                Result { () throws(QueueIndexError) in try writeFully(file, raw, at: 0) }
            }.get()
        }
    }

    /// Creates a temporary file beside `location` (0600, never through a symbolic link), lets
    /// `fill` write it, sets its length, fsyncs it and renames it over `location`.
    /// Without `sync` the file is not fsynced: for a cache whose checksums catch a torn copy, so
    /// that quitting does not wait for hundreds of megabytes to reach the disk.
    static func replaceFile(at location: QueueIndexLocation, job: Int, length: Int64, sync: Bool = true,
                            _ fill: (Int32) throws(QueueIndexError) -> Void) throws(QueueIndexError) {
        let temporary = location.path + ".tmp-\(getpid())-\(job)"
        let file = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw QueueIndexError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        PendingWrites.shared.track(job, temporary: temporary)
        var renamed = false
        defer {
            close(file)
            if !renamed { unlink(temporary) }
            PendingWrites.shared.track(job, temporary: nil)
        }
        _ = fchmod(file, 0o600)
        try fill(file)
        guard ftruncate(file, off_t(length)) == 0, !sync || fsync(file) == 0 else {
            throw QueueIndexError("cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, location.path) == 0 else {
            throw QueueIndexError("cannot rename \(temporary): \(String(cString: strerror(errno)))")
        }
        renamed = true
    }

    static func writeFully(_ file: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(QueueIndexError) {
        var done = 0
        while done < bytes.count {
            let wrote = pwrite(file, bytes.baseAddress! + done, bytes.count - done, off_t(offset + Int64(done)))
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw QueueIndexError("write failed: \(String(cString: strerror(wrote < 0 ? errno : EIO)))") }
            done += wrote
        }
    }
}

/// Index writes under way, so a command can let them finish before it exits.
final class PendingWrites: @unchecked Sendable {
    static let shared = PendingWrites()
    private let condition = NSCondition()
    private var running: [Int: String?] = [:]
    private var next = 0

    func begin() -> Int {
        condition.withLock {
            next += 1
            running[next] = .some(nil)
            return next
        }
    }

    func track(_ job: Int, temporary: String?) { condition.withLock { running[job] = .some(temporary) } }

    func end(_ job: Int) {
        condition.withLock {
            running[job] = nil
            condition.broadcast()
        }
    }

    /// Waits until no write is running or `timeout` seconds passed; then removes the temporary
    /// files of writes still running (the process is about to end them).
    func wait(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !running.isEmpty {
            if !condition.wait(until: deadline) { break }
        }
        for case let temporary?? in running.values { unlink(temporary) }
        return running.isEmpty
    }
}

/// The queue index, as the rest of the program sees it.
public enum QueueIndex {
    /// Waits (at most `timeout` seconds) for index writes started in the background; a command
    /// calls this before it exits so the index it built is not lost. True when none is left.
    @discardableResult
    public static func waitForPendingWrites(timeout: Double = 10) -> Bool {
        PendingWrites.shared.wait(timeout: timeout)
    }
}
