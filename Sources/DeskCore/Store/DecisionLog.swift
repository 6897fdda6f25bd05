#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only decision log: the legal record of every decision.
///
/// Appends: one `write` per batch on an `O_APPEND` descriptor under `flock(LOCK_EX)`, then `fsync`,
/// so concurrent reviewers never interleave and nothing is reported done before it is on disk.
/// Reads: incremental, under `flock(LOCK_SH)`, so an unterminated last line cannot be another
/// process's write in progress — it is a crash's torn tail, reported and never merged with the next
/// record (the next append starts on a fresh line).
public final class DecisionLog {
    public let path: String
    private var readDescriptor: Int32 = -1
    private var writeDescriptor: Int32 = -1
    private var identity: (device: UInt64, inode: UInt64)?
    private var consumedEnd: Int64 = 0
    private var nextLineNumber = 1
    private var tookUnterminatedTail = false
    private var parser = DecisionLineParser()
    /// Set when a write or fsync failed: from then on every append is refused.
    public private(set) var failure: StoreError?

    /// Decisions and problems found by one read.
    public struct Batch: Sendable {
        public var decisions: [(decision: Decision, line: Int)] = []
        public var problems: [DataProblem] = []
        /// A torn last line (crash during a write), kept in the file for inspection.
        public var tornTail: DataProblem?
        /// The log shrank or was replaced: everything was read again from the start.
        public var wasReplaced = false
    }

    /// Opens an existing log for reading (a missing one is created by the first append).
    public init(path: String) throws {
        self.path = path
        try openForReading()
    }

    deinit {
        if readDescriptor >= 0 { close(readDescriptor) }
        if writeDescriptor >= 0 { close(writeDescriptor) }
    }

    private func openForReading() throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 {
            if errno == ENOENT { return }
            if errno == ELOOP { throw StoreError.symlinkRefused(path: path) }
            throw StoreError.cannotOpen(path: path, errno: errno)
        }
        do {
            let status = try Self.checkedStatus(of: descriptor, path: path)
            identity = (UInt64(status.st_dev), UInt64(status.st_ino))
            readDescriptor = descriptor
        } catch {
            close(descriptor)
            throw error
        }
    }

    /// Refuses anything but a regular file that other users cannot write.
    private static func checkedStatus(of descriptor: Int32, path: String) throws -> stat {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw StoreError.io(operation: "stat \(path)", errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw StoreError.notRegularFile(path: path) }
        guard status.st_mode & S_IWOTH == 0 else { throw StoreError.writableByOthers(path: path, mode: UInt32(status.st_mode)) }
        return status
    }

    // MARK: Reading

    /// Reads the records appended since the last read.
    public func readNew() throws -> Batch {
        var batch = Batch()
        if readDescriptor < 0 {
            try openForReading()
            guard readDescriptor >= 0 else { return batch }
        }
        try Self.lock(readDescriptor, LOCK_SH)
        defer { _ = flock(readDescriptor, LOCK_UN) }
        var status = stat()
        guard fstat(readDescriptor, &status) == 0 else { throw StoreError.io(operation: "stat \(path)", errno: errno) }
        let size = Int64(status.st_size)
        var pathStatus = stat()
        let replaced = lstat(path, &pathStatus) == 0
            && (UInt64(pathStatus.st_dev), UInt64(pathStatus.st_ino)) != (identity?.device ?? 0, identity?.inode ?? 0)
        if replaced || size < consumedEnd {
            batch.wasReplaced = true
            batch.problems.append(DataProblem(
                file: path, line: nextLineNumber,
                message: replaced ? "the decision log was replaced by another file; reading it again from the start"
                    : "the decision log shrank from \(consumedEnd) to \(size) bytes (rewritten outside Objection Desk); reading it again from the start"))
            _ = flock(readDescriptor, LOCK_UN)
            close(readDescriptor)
            readDescriptor = -1
            consumedEnd = 0
            nextLineNumber = 1
            tookUnterminatedTail = false
            let again = try readNew()
            batch.decisions = again.decisions
            batch.problems += again.problems
            batch.tornTail = again.tornTail
            return batch
        }
        guard size > consumedEnd else { return batch }
        var start = consumedEnd
        if tookUnterminatedTail {
            var byte: UInt8 = 0
            if pread(readDescriptor, &byte, 1, off_t(start)) == 1 && byte == 0x0A { start += 1 }
            tookUnterminatedTail = false
        }
        consumedEnd = start
        let lines = try LineReader.read(descriptor: readDescriptor, from: start, to: size, firstLineNumber: nextLineNumber) { event in
            switch event {
            case .tooLong(let offset, let number, let length):
                batch.problems.append(DataProblem(file: path, line: number, byteOffset: offset, message: "line is \(length) bytes, longer than the limit; skipped"))
                consumedEnd = offset + length + 1
            case .line(let line):
                take(line, into: &batch)
            }
        }
        nextLineNumber += lines - (batch.tornTail == nil ? 0 : 1)
        return batch
    }

    private func take(_ line: RawLine, into batch: inout Batch) {
        let lineEnd = line.offset + Int64(line.bytes.count) + (line.isUnterminated ? 0 : 1)
        var bytes = line.bytes
        if line.offset == 0 && LineReader.hasByteOrderMark(bytes) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
        if LineReader.isBlank(bytes) {
            if !line.isUnterminated { consumedEnd = lineEnd }
            return
        }
        do throws(LineError) {
            let decision = try parser.parse(bytes)
            batch.decisions.append((decision, line.number))
            consumedEnd = lineEnd
            tookUnterminatedTail = line.isUnterminated
        } catch {
            if line.isUnterminated {
                // We hold LOCK_SH, so no writer is mid-write: this is a crash's torn tail.
                batch.tornTail = DataProblem(
                    file: path, line: line.number, byteOffset: line.offset,
                    message: "torn last line (\(line.bytes.count) bytes without a newline, probably a crash during a write); skipped and kept for inspection")
            } else {
                batch.problems.append(DataProblem(file: path, line: line.number, byteOffset: line.offset, message: error.message))
                consumedEnd = lineEnd
            }
        }
    }

    // MARK: Appending

    /// Appends `decisions` as one write and returns once they are on disk.
    public func append(_ decisions: [Decision]) throws {
        guard !decisions.isEmpty else { return }
        if failure != nil { throw StoreError.refusingAfterFailure(path: path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(decisions.count * 200)
        for decision in decisions { bytes += decision.encodedLine() }
        try openForAppending()
        try Self.lock(writeDescriptor, LOCK_EX)
        defer { _ = flock(writeDescriptor, LOCK_UN) }
        var status = stat()
        guard fstat(writeDescriptor, &status) == 0 else { throw StoreError.io(operation: "stat \(path)", errno: errno) }
        if status.st_size > 0 {
            var last: UInt8 = 0
            if pread(writeDescriptor, &last, 1, off_t(status.st_size - 1)) == 1 && last != 0x0A {
                bytes.insert(0x0A, at: 0)  // never let torn bytes run into a new record
            }
        }
        do {
            try Self.writeAll(writeDescriptor, bytes, path: path)
        } catch let error as StoreError {
            failure = error
            throw error
        }
        if fsync(writeDescriptor) != 0 {
            let error = StoreError.syncFailed(path: path, errno: errno)
            failure = error
            throw error
        }
    }

    private func openForAppending() throws {
        guard writeDescriptor < 0 else { return }
        var descriptor = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 && errno == ENOENT {
            descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if descriptor >= 0 {
                try Self.syncDirectory(of: path)
            } else if errno == EEXIST {
                descriptor = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
            }
        }
        guard descriptor >= 0 else {
            if errno == ELOOP { throw StoreError.symlinkRefused(path: path) }
            throw StoreError.cannotOpen(path: path, errno: errno)
        }
        do {
            _ = try Self.checkedStatus(of: descriptor, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        writeDescriptor = descriptor
    }

    /// Makes a new file's directory entry durable, not just its contents.
    private static func syncDirectory(of path: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path: directory, errno: errno) }
        defer { close(descriptor) }
        if fsync(descriptor) != 0 && errno != EINVAL { throw StoreError.syncFailed(path: directory, errno: errno) }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(operation: "write \(path)", errno: errno)
                }
                written += result
            }
        }
    }

    private static func lock(_ descriptor: Int32, _ operation: Int32) throws {
        while flock(descriptor, operation) != 0 {
            if errno != EINTR { throw StoreError.io(operation: "lock", errno: errno) }
        }
    }
}
