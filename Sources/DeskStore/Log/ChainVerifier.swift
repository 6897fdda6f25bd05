#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What walking the decision log's hash chain found.
package struct ChainReport: Sendable {
    /// Valid record lines.
    package var records = 0
    /// The SHA-256 of the last record line: note it elsewhere to detect later truncation.
    package var head: String?
    package var headLine: Int?
    /// Where the chain starts (the first record with `prev`); records before it predate chaining.
    package var chainStartLine: Int?
    package var unchainedRecords = 0
    /// The first record whose `prev` does not match the record line before it.
    package var firstBreak: DataProblem?
    /// Lines that are not records (malformed, or a torn tail): not links of the chain.
    package var notRecords: [DataProblem] = []
    /// Records whose line ends in `\r\n`. The chain hashes a line without its terminator, so a
    /// `\r` added there breaks no link; the desk only ever writes `\n`, so it was added later.
    package var alteredTerminators: [DataProblem] = []
    /// The line of the record whose hash is the head asked for, when one is.
    package var foundHeadLine: Int?

    package var isIntact: Bool { firstBreak == nil }

    /// Every link holds and every line is a record as the desk writes it: what `verify` exits 0 for.
    package var isClean: Bool { isIntact && notRecords.isEmpty && alteredTerminators.isEmpty }

    /// Everything that keeps the log from being clean, in line order.
    package var problems: [DataProblem] {
        (notRecords + alteredTerminators + (firstBreak.map { [$0] } ?? [])).sorted { $0.line < $1.line }
    }
}

/// Walks the decision log and checks every link: each record's `prev` must be the SHA-256 of the
/// exact bytes of the record line before it (64 zeros for the first). Every link is checked, not
/// just the ends (immudb's GHSA-672p-m5jq-mrh8). Lines that are not records — a crash's torn tail,
/// a malformed line — are not links; a record edited into garbage still breaks the next link.
package enum ChainVerifier {
    /// `progress`, when given, counts the bytes read (a command shows it on stderr).
    package static func verify(path: String, findingHead wanted: String? = nil, progress: LoadProgress? = nil) throws -> ChainReport {
        let (descriptor, status) = try RegularFile.openChecked(path, flags: O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            if errno == ENOENT { return ChainReport() }
            if errno == ELOOP { throw StoreError.symlinkRefused(path: path) }
            throw StoreError.cannotOpen(path: path, errno: errno)
        }
        defer { close(descriptor) }
        // Never wait for a writer: without the lock an unterminated last line may be a write in
        // progress and is left out; the complete lines before it are final (append-only).
        let settled = LogLock.tryShared(descriptor)
        var report = ChainReport()
        var parser = DecisionLineParser(keepsChainLinks: true)
        var previous: (hash: String, line: Int)?
        progress?.setTotal(Int(status.st_size))
        try LineReader.read(descriptor: descriptor, from: 0, to: Int64(status.st_size), progress: progress) { event in
            guard case .line(let line) = event else {
                if case .tooLong(let offset, let number, _) = event {
                    report.notRecords.append(DataProblem(file: path, line: number, byteOffset: offset, message: "line longer than the limit; not a record"))
                }
                return
            }
            var bytes = line.bytes
            if line.offset == 0 && LineReader.hasByteOrderMark(bytes) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            if LineReader.isBlank(bytes) || (line.isUnterminated && !settled) { return }
            let decision: Decision
            do throws(LineError) {
                decision = try parser.parse(bytes)
            } catch {
                let what = line.isUnterminated ? "torn last line (a crash during a write)" : error.message
                report.notRecords.append(DataProblem(file: path, line: line.number, byteOffset: line.offset, message: "not a record: \(what)"))
                return
            }
            if line.endsWithCarriageReturn {
                report.alteredTerminators.append(DataProblem(
                    file: path, line: line.number, byteOffset: line.offset,
                    message: "record ends in \\r\\n, but Objection Desk writes \\n only: the line was changed after it was written"))
            }
            let hash = SHA256Digest.hex(line.bytes)
            report.records += 1
            check(decision, at: line.number, after: previous, path: path, into: &report)
            if hash == wanted && report.foundHeadLine == nil { report.foundHeadLine = line.number }
            previous = (hash, line.number)
        }
        report.head = previous?.hash
        report.headLine = previous?.line
        return report
    }

    private static func check(_ decision: Decision, at line: Int, after previous: (hash: String, line: Int)?,
                              path: String, into report: inout ChainReport) {
        guard let prev = decision.prev else {
            if let start = report.chainStartLine {
                report.firstBreak = report.firstBreak ?? DataProblem(
                    file: path, line: line,
                    message: "record has no \"prev\" although the chain starts at line \(start): inserted by something other than Objection Desk")
            } else {
                report.unchainedRecords += 1
            }
            return
        }
        if report.chainStartLine == nil { report.chainStartLine = line }
        let expected = previous?.hash ?? SHA256Digest.zeroHex
        guard prev != expected, report.firstBreak == nil else { return }
        let before = previous.map { "the SHA-256 of the record line before it (line \($0.line))" }
            ?? "64 zeros (no valid record line precedes it)"
        report.firstBreak = DataProblem(
            file: path, line: line,
            message: "\"prev\" does not match \(before): a record at or before this line was edited, deleted, inserted or reordered")
    }
}
