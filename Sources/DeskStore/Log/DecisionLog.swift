import DeskCore
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only decision log: the legal record of every decision.
///
/// Appends: one `write` per batch on an `O_APPEND` descriptor under `flock(LOCK_EX)`, then `fsync`,
/// so concurrent reviewers never interleave and nothing is reported done before it is on disk.
/// Reads: incremental and never waiting for a writer. A reader tries `flock(LOCK_SH)` without
/// blocking: with it, no writer is mid-write and an unterminated last line is a crash's torn tail,
/// reported and never merged with the next record (the next append starts on a fresh line).
/// Without it, the complete lines present are read and an unterminated line or an unfinished batch
/// at the end is left for the next read: it may be a write in progress.
package final class DecisionLog {
    package let path: String
    package private(set) var readDescriptor: Int32 = -1
    private var writeDescriptor: Int32 = -1
    package private(set) var identity: (device: UInt64, inode: UInt64)?
    private var consumedEnd: Int64 = 0
    private var nextLineNumber = 1
    private var tookUnterminatedTail = false
    /// Where the last complete record line read so far is: the next record's chain link is its hash.
    private var lastRecord: (offset: Int64, length: Int)?
    /// Set when a failed write could not be rolled back: from then on every append is refused.
    package private(set) var failure: StoreError?
    /// Failures injected by tests: a disk that fills after some bytes, an fsync or truncate error.
    var faults = AppendFaults()
    /// How an append waits for another writer's lock (bounded, and said within a second).
    package var lockWait = LockWait()

    /// Decisions and problems found by one read.
    package struct ReadResult: Sendable {
        package var decisions: [(decision: Decision, line: Int)] = []
        package var problems: [DataProblem] = []
        /// A torn last line (crash during a write), kept in the file for inspection.
        package var tornTail: DataProblem?
        /// The log shrank or was replaced: everything was read again from the start.
        package var wasReplaced = false

        package init() {}
    }

    /// Opens an existing log for reading (a missing one is created by the first append).
    package init(path: String) throws {
        self.path = path
        try openForReading()
    }

    deinit {
        if readDescriptor >= 0 { close(readDescriptor) }
        if writeDescriptor >= 0 { close(writeDescriptor) }
    }

    private func openForReading() throws {
        let (descriptor, status) = try RegularFile.openChecked(path, flags: O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 {
            if errno == ENOENT { return }
            if errno == ELOOP { throw StoreError.symlinkRefused(path: path) }
            throw StoreError.cannotOpen(path: path, errno: errno)
        }
        do {
            try Self.checkPermissions(status, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        identity = (UInt64(status.st_dev), UInt64(status.st_ino))
        readDescriptor = descriptor
    }

    /// Refuses a log that other users can write (a group-writable one is allowed: a team shares it),
    /// and one that another user owns unless it is shared with us through its group.
    private static func checkPermissions(_ status: stat, path: String) throws {
        guard status.st_mode & S_IWOTH == 0 else { throw StoreError.writableByOthers(path: path, mode: UInt32(status.st_mode)) }
        try LogOwnership.check(status, path: path)
    }

    // MARK: Reading

    /// Forgets what was read: the next `readNew` reads the log from its first line.
    package func restartReading() {
        if readDescriptor >= 0 { close(readDescriptor) }
        readDescriptor = -1
        consumedEnd = 0
        nextLineNumber = 1
        tookUnterminatedTail = false
        lastRecord = nil
    }

    /// How far reading got: what a ledger snapshot records, to resume there next time.
    package struct ReadPosition: Equatable, Sendable {
        package var consumedEnd: Int64
        package var nextLineNumber: Int
        package var tookUnterminatedTail: Bool
        package var lastRecordOffset: Int64
        package var lastRecordLength: Int

        package init(consumedEnd: Int64, nextLineNumber: Int, tookUnterminatedTail: Bool, lastRecordOffset: Int64, lastRecordLength: Int) {
            self.consumedEnd = consumedEnd
            self.nextLineNumber = nextLineNumber
            self.tookUnterminatedTail = tookUnterminatedTail
            self.lastRecordOffset = lastRecordOffset
            self.lastRecordLength = lastRecordLength
        }
    }

    package var readPosition: ReadPosition {
        ReadPosition(consumedEnd: consumedEnd, nextLineNumber: nextLineNumber, tookUnterminatedTail: tookUnterminatedTail,
                     lastRecordOffset: lastRecord?.offset ?? -1, lastRecordLength: lastRecord?.length ?? 0)
    }

    /// Continues reading from `position` (taken from a snapshot that was checked against this
    /// file) instead of the first line. Only before anything was read.
    package func resume(at position: ReadPosition) {
        precondition(consumedEnd == 0 && nextLineNumber == 1, "resume only a log that was not read yet")
        consumedEnd = position.consumedEnd
        nextLineNumber = position.nextLineNumber
        tookUnterminatedTail = position.tookUnterminatedTail
        lastRecord = position.lastRecordOffset < 0 ? nil : (position.lastRecordOffset, position.lastRecordLength)
    }

    /// Takes `decisions` as read without parsing them back: their lines were just appended at
    /// `start` (`byteCount` bytes, the last line `lastLineLength` bytes before its newline) by a
    /// writer that vouches for them — a database desk's own records in its local copy. Nil
    /// (read them instead) unless everything before them was read.
    package func adopt(_ decisions: [Decision], appendedAt start: Int64, byteCount: Int, lastLineLength: Int) -> [(decision: Decision, line: Int)]? {
        guard readDescriptor >= 0, consumedEnd == start, !tookUnterminatedTail, !decisions.isEmpty else { return nil }
        let lines = decisions.enumerated().map { ($0.element, nextLineNumber + $0.offset) }
        consumedEnd = start + Int64(byteCount)
        nextLineNumber += decisions.count
        lastRecord = (consumedEnd - Int64(lastLineLength) - 1, lastLineLength)
        return lines
    }

    /// Reads the records appended since the last read.
    package func readNew() throws -> ReadResult {
        var batch = ReadResult()
        if readDescriptor < 0 {
            try openForReading()
            guard readDescriptor >= 0 else { return batch }
        }
        // Never wait for a writer (a stopped one would freeze every reader): without the lock the
        // tail that may still be written is left for the next read.
        let settled = LogLock.tryShared(readDescriptor)
        defer { if settled { _ = flock(readDescriptor, LOCK_UN) } }
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
            if settled { _ = flock(readDescriptor, LOCK_UN) }
            restartReading()
            let again = try readNew()
            batch.decisions = again.decisions
            batch.problems += again.problems
            batch.tornTail = again.tornTail
            return batch
        }
        try readAvailable(from: readDescriptor, size: size, into: &batch, settled: settled)
        return batch
    }

    /// Reads `[consumedEnd, size)` of `descriptor`. `settled`: the caller holds a lock on the log,
    /// so nothing is being written; otherwise an unfinished batch at the end is left unread.
    private func readAvailable(from descriptor: Int32, size: Int64, into batch: inout ReadResult, settled: Bool) throws {
        let before = (consumedEnd, nextLineNumber, tookUnterminatedTail, lastRecord, batch.decisions.count, batch.problems.count)
        let open = try readLines(from: descriptor, to: size, into: &batch, settled: settled)
        guard let open, !settled else { return }
        // A writer may be inside the write of this batch: read again up to its first line.
        (consumedEnd, nextLineNumber, tookUnterminatedTail, lastRecord) = (before.0, before.1, before.2, before.3)
        batch.decisions.removeLast(batch.decisions.count - before.4)
        batch.problems.removeLast(batch.problems.count - before.5)
        _ = try readLines(from: descriptor, to: open, into: &batch, settled: settled)
    }

    /// Parses the lines of `[consumedEnd, size)`; returns where a batch still open at the end
    /// starts (reported as interrupted only when `settled`).
    private func readLines(from descriptor: Int32, to size: Int64, into batch: inout ReadResult, settled: Bool) throws -> Int64? {
        guard size > consumedEnd else { return nil }
        var start = consumedEnd
        if tookUnterminatedTail {
            var byte: UInt8 = 0
            if pread(descriptor, &byte, 1, off_t(start)) == 1 && byte == 0x0A { start += 1 }
            tookUnterminatedTail = false
        }
        consumedEnd = start
        var assembler = BatchAssembler()
        // Parsing (the String fields of every record) is the costly part and lines are
        // independent: large reads are parsed on every core in newline-aligned parts, then taken
        // in file order, one line at a time, exactly as a single pass would.
        let parts = size - start >= Self.parallelReadThreshold ? ProcessInfoCores.count : 1
        let parsed = try Self.parseLines(descriptor: descriptor, from: start, to: size, parts: parts)
        var number = nextLineNumber
        var tornTail: DataProblem?
        for part in parsed {
            for line in part.lines { take(line, shiftedBy: number - 1, assembler: &assembler, tornTail: &tornTail, into: &batch) }
            number += part.lineCount
        }
        let open = assembler.openBatchOffset
        if settled {
            // We hold a lock and every writer writes a whole batch under LOCK_EX: a batch still
            // open here was cut short by a crash and will never be completed; likewise a torn tail.
            assembler.finish(path: path, into: &batch)
            batch.tornTail = tornTail
        }
        nextLineNumber = number - (tornTail == nil ? 0 : 1)
        return open
    }

    /// Takes one parsed line into the reader's state, in file order.
    private func take(_ parsed: ParsedLine, shiftedBy shift: Int, assembler: inout BatchAssembler, tornTail: inout DataProblem?,
                      into batch: inout ReadResult) {
        switch parsed {
        case .tooLong(let offset, let number, let length):
            batch.problems.append(DataProblem(file: path, line: number + shift, byteOffset: offset, message: "line is \(length) bytes, longer than the limit; skipped"))
            consumedEnd = offset + length + 1
        case .blank(let lineEnd, let isUnterminated):
            if !isUnterminated { consumedEnd = lineEnd }
        case .record(let decision, let number, let offset, let length, let lineEnd, let isUnterminated):
            assembler.take(decision, line: number + shift, offset: offset, path: path, into: &batch)
            lastRecord = (offset, length)
            consumedEnd = lineEnd
            tookUnterminatedTail = isUnterminated
        case .malformed(let message, let number, let offset, let length, let lineEnd, let isUnterminated):
            if isUnterminated {
                // A crash's torn tail when read under a lock; else perhaps a write in progress.
                tornTail = DataProblem(
                    file: path, line: number + shift, byteOffset: offset,
                    message: "torn last line (\(length) bytes without a newline, probably a crash during a write); skipped and kept for inspection")
            } else {
                batch.problems.append(DataProblem(file: path, line: number + shift, byteOffset: offset, message: message))
                consumedEnd = lineEnd
            }
        }
    }

    // MARK: Appending

    /// What an append found and did.
    package struct AppendResult: Sendable {
        /// Records other processes appended since this log was last read, read under the lock.
        package var othersAppended = ReadResult()
        /// How many records were written.
        package var written = 0
        /// The records written and their line numbers, when the reader's position moved past them
        /// (nil: the next read parses them like others' records).
        package var appended: [(decision: Decision, line: Int)]?

        package init() {}
    }

    /// Appends `decisions` as one write and returns once they are on disk.
    @discardableResult
    package func append(_ decisions: [Decision]) throws -> AppendResult {
        try append { _ in decisions }
    }

    /// Appends what `prepare` returns as one write, and returns once it is on disk.
    ///
    /// Under the exclusive lock the log first reads what others appended and hands it to `prepare`,
    /// which decides what to write knowing it (the expected-latest check); the records are then
    /// encoded with their chain links, so concurrent writers keep one unbroken chain.
    ///
    /// All or nothing: several decisions carry one batch mark, so readers apply them only when all
    /// are present; a failed or short write or a failed fsync truncates the log back to its length
    /// before the write (then fsyncs that), so a decision reported as not recorded never counts.
    /// Only when that rollback fails too is every further append refused.
    package func append(prepare: (ReadResult) throws -> [Decision]) throws -> AppendResult {
        if failure != nil { throw StoreError.refusingAfterFailure(path: path) }
        if writeDescriptor >= 0 && !Self.refersToPath(writeDescriptor, path) {
            close(writeDescriptor)  // the log was replaced since we opened it; follow the path
            writeDescriptor = -1
        }
        try openForAppending()
        try LogLock.exclusive(writeDescriptor, path: path, wait: lockWait)
        defer { _ = flock(writeDescriptor, LOCK_UN) }
        var status = stat()
        guard fstat(writeDescriptor, &status) == 0 else { throw StoreError.io(operation: "stat \(path)", errno: errno) }
        let fileIdentity = (UInt64(status.st_dev), UInt64(status.st_ino))
        var pathStatus = stat()
        guard lstat(path, &pathStatus) == 0, (UInt64(pathStatus.st_dev), UInt64(pathStatus.st_ino)) == fileIdentity,
              identity.map({ $0 == fileIdentity }) ?? true, Int64(status.st_size) >= consumedEnd else {
            // Replaced or shrunk since it was opened: refuse rather than chain onto the wrong file.
            _ = flock(writeDescriptor, LOCK_UN)
            close(writeDescriptor)
            writeDescriptor = -1
            throw StoreError.replacedWhileOpen(path: path)
        }
        if identity == nil { identity = fileIdentity }
        var result = AppendResult()
        try readAvailable(from: writeDescriptor, size: Int64(status.st_size), into: &result.othersAppended, settled: true)
        let decisions = try prepare(result.othersAppended)
        guard !decisions.isEmpty else { return result }
        let lengthBefore = status.st_size
        var bytes: [UInt8] = []
        bytes.reserveCapacity(decisions.count * 320 + 1)
        if lengthBefore > 0 {
            var last: UInt8 = 0
            if pread(writeDescriptor, &last, 1, off_t(lengthBefore - 1)) == 1 && last != 0x0A {
                bytes.append(0x0A)  // never let torn bytes run into a new record
            }
        }
        let mark = decisions.count > 1 ? BatchMark(id: BatchMark.newID(), size: decisions.count) : nil
        var link = try lastRecordHash()
        var written: [(decision: Decision, line: Int)] = []
        written.reserveCapacity(decisions.count)
        var lastLine = (offset: Int64(0), length: 0)
        for var decision in decisions {
            decision.batch = mark
            decision.prev = link
            let line = decision.encodedLine()
            link = line.withUnsafeBytes { SHA256Digest.hex(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
            lastLine = (Int64(lengthBefore) + Int64(bytes.count), line.count - 1)
            bytes += line
            written.append((decision, nextLineNumber + written.count))
        }
        if let code = writeAll(bytes) {
            try rollBack(to: lengthBefore, after: "write", errno: code)
        }
        if let code = faults.fsyncErrno ?? (fsync(writeDescriptor) == 0 ? nil : errno) {
            try rollBack(to: lengthBefore, after: "fsync", errno: code)
        }
        result.written = decisions.count
        // The log ended on a line boundary and everything before was read under this lock: our
        // records are the next lines, so the reader takes them as written instead of parsing them
        // back (a bulk decision of 100,000 would otherwise pay for a second parse).
        if consumedEnd == Int64(lengthBefore) && !tookUnterminatedTail && bytes.first != 0x0A {
            consumedEnd = Int64(lengthBefore) + Int64(bytes.count)
            nextLineNumber += written.count
            lastRecord = lastLine
            result.appended = written
        }
        return result
    }

    private static func refersToPath(_ descriptor: Int32, _ path: String) -> Bool {
        var open = stat()
        var named = stat()
        return fstat(descriptor, &open) == 0 && lstat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// The chain link for the next record: the hash of the last complete record line, or zeros.
    private func lastRecordHash() throws -> String {
        guard let lastRecord else { return SHA256Digest.zeroHex }
        var bytes = [UInt8](repeating: 0, count: lastRecord.length)
        let count = bytes.withUnsafeMutableBytes { pread(writeDescriptor, $0.baseAddress, lastRecord.length, off_t(lastRecord.offset)) }
        guard count == lastRecord.length else { throw StoreError.io(operation: "read \(path)", errno: count < 0 ? errno : EIO) }
        return SHA256Digest.hex(bytes)
    }

    /// Puts the log back to `length` after a failed write, durably; refuses further appends if it cannot.
    private func rollBack(to length: off_t, after operation: String, errno code: Int32) throws -> Never {
        if let rollbackCode = faults.truncateErrno ?? (ftruncate(writeDescriptor, length) == 0 && fsync(writeDescriptor) == 0 ? nil : errno) {
            let error = StoreError.rollbackFailed(path: path, operation: operation, errno: code, rollbackErrno: rollbackCode)
            failure = error
            throw error
        }
        throw StoreError.appendRolledBack(path: path, operation: operation, errno: code)
    }

    private func openForAppending() throws {
        guard writeDescriptor < 0 else { return }
        var (descriptor, status) = try RegularFile.openChecked(path, flags: O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 && errno == ENOENT {
            // 0600, or 0660 in a team's setgid directory (`objection-desk init --group`): set
            // explicitly, since a usual umask of 022 would take the group's write permission.
            let mode = TeamSetup.creationMode(forFileIn: PathParts.directory(of: path))
            (descriptor, status) = try RegularFile.openChecked(path, flags: O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode: mode)
            if descriptor >= 0 {
                _ = fchmod(descriptor, mode)
                try Self.syncDirectory(of: path)
            } else if errno == EEXIST {
                (descriptor, status) = try RegularFile.openChecked(path, flags: O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
            }
        }
        guard descriptor >= 0 else {
            if errno == ELOOP { throw StoreError.symlinkRefused(path: path) }
            throw StoreError.cannotOpen(path: path, errno: errno)
        }
        do {
            try Self.checkPermissions(status, path: path)
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

    /// Writes every byte, retrying after EINTR and short writes; returns the errno that stopped it.
    private func writeAll(_ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                var count = buffer.count - written
                if let limit = faults.writableBytes {
                    guard written < limit else { return ENOSPC }
                    count = min(count, limit - written)
                }
                let result = write(writeDescriptor, buffer.baseAddress! + written, count)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if result == 0 { return ENOSPC }
                written += result
            }
            return nil
        }
    }
}

/// Failures a test can inject into appends, to check that a failed write never counts.
struct AppendFaults {
    /// The disk is full after this many bytes of the next writes (ENOSPC, after a short write).
    var writableBytes: Int?
    /// fsync reports this error (EIO, as a failing disk does).
    var fsyncErrno: Int32?
    /// Truncating back after a failure reports this error.
    var truncateErrno: Int32?
}
