#if canImport(Glibc)
import DeskCore
import DeskStore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The decision log folded onto the queue, saved (`.NAME.odl` beside the log, or in the cache
/// directory, like the queue index) so that opening reads only the records appended since.
///
/// Parsing a log of 340,000 decisions and folding it costs more than half a second; reading this
/// costs milliseconds. It is derived data, trusted as little as the index: a regular file of ours
/// that others cannot write; header and every section matching their XXH64; written by this
/// version of the fold; the log still the same file (device, inode), at least as long as the
/// prefix it describes, and that whole prefix unchanged (its XXH64, read through the page cache:
/// an edited record anywhere in it means the log is read again); and the queue beginning with the
/// rows the ledger was folded onto (`QueuePrefixStamp`).
///
/// Layout (little-endian): the shared header (`FixedHeader`: magic "ODLEDGER", version,
/// fingerprint) with the log's device and inode (8 each), the read position (consumed end, next
/// line, unterminated-tail flag, last record offset and length: 8 each), XXH64 of the log prefix
/// (8) and the queue stamp (48); then the sections of `encode`.
struct LedgerSnapshot: Sendable {
    var ledger: Ledger
    var problems: [DataProblem]
    var position: DecisionLog.ReadPosition
    var stamp: QueuePrefixStamp
    /// XXH64 of the log's first `position.consumedEnd` bytes.
    var logPrefixHash: UInt64

    /// The snapshot of `ledger` (folded onto the first `ledger.statuses.count` rows of `queue`) at
    /// the log's read position; nil when the queue or the log cannot be read.
    init?(ledger: Ledger, problems: [DataProblem], log: DecisionLog, queue: QueueSource) {
        guard let stamp = QueuePrefixStamp(queue, rows: ledger.statuses.count) else { return nil }
        let position = log.readPosition
        guard position.consumedEnd > 0, let prefixHash = LedgerFile.logPrefixHash(log.readDescriptor, end: position.consumedEnd) else { return nil }
        self.init(ledger: ledger, problems: problems, position: position, stamp: stamp, logPrefixHash: prefixHash)
    }

    init(ledger: Ledger, problems: [DataProblem], position: DecisionLog.ReadPosition, stamp: QueuePrefixStamp, logPrefixHash: UInt64) {
        self.ledger = ledger
        self.problems = problems
        self.position = position
        self.stamp = stamp
        self.logPrefixHash = logPrefixHash
    }
}

/// The decision log a ledger snapshot belongs to: where it is, which file it is, and its reading
/// descriptor (for the prefix digest).
struct LogSubject: Sendable {
    let path: String
    let identity: (device: UInt64, inode: UInt64)?
    let descriptor: Int32
    let options: DerivedFileOptions

    init(_ log: DecisionLog, options: DerivedFileOptions) {
        path = log.path
        identity = log.identity
        descriptor = log.readDescriptor
        self.options = options
    }
}

enum LedgerFile: DerivedFile {
    static let magic = DerivedFileKind.ledgerSnapshot.magic
    /// 2: the queue stamp hashes the whole prefix of the queue.
    static let version: UInt32 = 2
    static let minimumSize = FixedHeader.fieldsOffset + 16 + 40 + 8 + QueuePrefixStamp.length + 8
    static let suffix = "odl"
    static let name = "ledger snapshot"

    /// Bumped when the fold or this layout changes meaning.
    static let fingerprint: UInt64 = {
        var bytes: [UInt8] = []
        LittleEndian.append(UInt64(2), to: &bytes)  // derivation version (2: entries know undo records)
        for kind in DecisionKind.allCases { bytes += Array("\(kind)=\(kind.rawValue):\(kind.resultingStatus.map { "\($0)" } ?? "-")".utf8) }
        for status in SubmissionStatus.allCases { bytes += Array("\(status)=\(status.rawValue)".utf8) }
        return XXHash64.hash(bytes)
    }()

    static func fingerprint(for log: LogSubject) -> UInt64 { fingerprint }

    /// Where the snapshot of the log lives, if snapshots are enabled.
    static func location(for log: LogSubject) -> DerivedFileLocation? {
        guard let identity = log.identity else { return nil }
        return DerivedFileLocation.resolve(sourcePath: log.path, device: identity.device, inode: identity.inode, options: log.options, suffix: suffix)
    }

    static func ignoredNote(path: String, reason: String) -> String { "ignoring the saved decisions \(path): \(reason); the log is read in full" }

    static func unsavedNote(path: String, reason: String) -> String {
        "could not save the folded decisions to \(path): \(reason); the log is read in full until it can be"
    }

    /// Reads the snapshot of `log` (not read yet) and checks it against the log; the queue part is
    /// checked by the caller once the queue is loaded (`stamp`).
    static func load(for log: DecisionLog, options: DerivedFileOptions) -> DerivedFileLoad<LedgerSnapshot> {
        DerivedFileStore.load(Self.self, for: LogSubject(log, options: options))
    }

    /// Saves `snapshot` in the background unless the options ask for synchronous writes.
    static func save(_ snapshot: LedgerSnapshot, log: DecisionLog, options: DerivedFileOptions) -> DerivedFileWrite {
        DerivedFileStore.save(Self.self, snapshot, for: LogSubject(log, options: options), synchronously: options.writesSynchronously)
    }

    static func decode(_ contents: DerivedFileContents, for log: LogSubject) throws(DerivedFileError) -> LedgerSnapshot {
        let mapped = try contents.mapped()
        let bytes = mapped.bytes
        try FixedHeader.check(bytes, length: minimumSize, fingerprint: fingerprint, stale: "folds differently")
        func integer(_ offset: Int) -> UInt64 { LittleEndian.read(UInt64.self, bytes, at: offset) }
        guard let identity = log.identity, (integer(24), integer(32)) == identity else { throw DerivedFileError("it describes another decision log") }
        let position = DecisionLog.ReadPosition(
            consumedEnd: Int64(bitPattern: integer(40)), nextLineNumber: Int(integer(48)), tookUnterminatedTail: integer(56) != 0,
            lastRecordOffset: Int64(bitPattern: integer(64)), lastRecordLength: Int(integer(72)))
        guard position.consumedEnd > 0, position.nextLineNumber > 1 else { throw DerivedFileError("its header is damaged") }
        let prefixHash = integer(80)
        guard logPrefixHash(log.descriptor, end: position.consumedEnd) == prefixHash else {
            throw DerivedFileError("the decision log's first \(position.consumedEnd) bytes changed since it was written")
        }
        let stamp = QueuePrefixStamp(decoding: bytes, at: 88)
        var reader = SectionReader(bytes, from: minimumSize)
        let rows = Int(stamp.rows)
        var ledger = Ledger()
        ledger.statuses = try reader.take(UInt8.self, count: rows).map { raw throws(DerivedFileError) in
            guard let status = SubmissionStatus(rawValue: raw) else { throw DerivedFileError("a section is damaged") }
            return status
        }
        ledger.latest = try reader.take(count: rows)
        ledger.extended = try reader.take(UInt8.self, count: rows).map { $0 != 0 }
        ledger.statusCounts = try reader.take(Int64.self, count: SubmissionStatus.allCases.count).map { Int($0) }
        ledger.entries = try readEntries(&reader, rows: rows)
        guard let reviewers = StringInterner(values: try reader.takeStrings()),
              let osUsers = StringInterner(values: try reader.takeStrings()) else { throw DerivedFileError("a section is damaged") }
        ledger.reviewers = reviewers
        ledger.osUsers = osUsers
        ledger.restoreTexts(try reader.takeStrings())
        let unresolvedLines: [UInt64] = try reader.take()
        var parser = DecisionLineParser()
        ledger.unresolved = try zip(try reader.takeStrings(count: unresolvedLines.count), unresolvedLines).map { line, number throws(DerivedFileError) in
            var bytes = Array(line.utf8)
            if bytes.last == 0x0A { bytes.removeLast() }
            guard let decision = try? bytes.withUnsafeBytes({ try parser.parse($0) }) else { throw DerivedFileError("a section is damaged") }
            return (decision, Int(number))
        }
        let problemLines: [UInt64] = try reader.take()
        let problemOffsets: [Int64] = try reader.take(count: problemLines.count)
        let messages = try reader.takeStrings(count: problemLines.count)
        let problems = problemLines.indices.map {
            DataProblem(file: log.path, line: Int(problemLines[$0]), byteOffset: problemOffsets[$0] < 0 ? nil : problemOffsets[$0], message: messages[$0])
        }
        guard reader.isAtEnd else { throw DerivedFileError("it has trailing bytes") }
        try checkShape(ledger, rows: rows)
        return LedgerSnapshot(ledger: ledger, problems: problems, position: position, stamp: stamp, logPrefixHash: prefixHash)
    }

    private static func readEntries(_ reader: inout SectionReader, rows: Int) throws(DerivedFileError) -> [Ledger.Entry] {
        let row: [Int32] = try reader.take()
        let count = row.count
        let reviewer: [UInt16] = try reader.take(count: count)
        let osUser: [UInt16] = try reader.take(count: count)
        let decidedAt: [Int64] = try reader.take(count: count)
        let reason: [Int32] = try reader.take(count: count)
        let note: [Int32] = try reader.take(count: count)
        let previous: [Int32] = try reader.take(count: count)
        let line: [UInt32] = try reader.take(count: count)
        let reasonCode: [Int32] = try reader.take(count: count)
        let kind: [UInt8] = try reader.take(count: count)
        let isUndo: [UInt8] = try reader.take(count: count)
        var entries: [Ledger.Entry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let decisionKind = DecisionKind(rawValue: kind[index]) else { throw DerivedFileError("a section is damaged") }
            entries.append(Ledger.Entry(row: row[index], reviewer: reviewer[index], osUser: osUser[index], decidedAt: decidedAt[index],
                                        reason: reason[index], note: note[index], previous: previous[index], line: line[index],
                                        reasonCode: reasonCode[index], kind: decisionKind, isUndo: isUndo[index] != 0))
        }
        return entries
    }

    /// Indices that the ledger follows without checks of its own must be in range.
    private static func checkShape(_ ledger: Ledger, rows: Int) throws(DerivedFileError) {
        let entryCount = ledger.entries.count
        let textCount = ledger.texts.count
        func text(_ number: Int32) -> Bool { number >= -1 && Int(number) < textCount }
        let fits = ledger.latest.allSatisfy { $0 >= -1 && Int($0) < entryCount }
            && ledger.entries.allSatisfy { entry in
                entry.row >= 0 && Int(entry.row) < rows && entry.previous >= -1 && Int(entry.previous) < entryCount
                    && Int(entry.reviewer) <= ledger.reviewers.values.count && Int(entry.osUser) <= ledger.osUsers.values.count
                    && text(entry.reason) && text(entry.note) && text(entry.reasonCode)
            }
            && ledger.statusCounts.reduce(0, +) == rows
        guard fits else { throw DerivedFileError("its parts do not fit together") }
    }

    /// XXH64 of the log's first `end` bytes, or nil when they cannot be read.
    static func logPrefixHash(_ descriptor: Int32, end: Int64) -> UInt64? {
        guard descriptor >= 0, end > 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int64(status.st_size) >= end else { return nil }
        guard let address = mmap(nil, Int(end), PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        defer { munmap(address, Int(end)) }
        return XXHash64.hash(UnsafeRawBufferPointer(start: address, count: Int(end)))
    }

    static func encode(_ snapshot: LedgerSnapshot, for log: LogSubject) throws(DerivedFileError) -> DerivedFileImage? {
        guard let identity = log.identity else { return nil }
        let position = snapshot.position
        var fields: [UInt8] = []
        for value in [identity.device, identity.inode, UInt64(position.consumedEnd), UInt64(position.nextLineNumber),
                      position.tookUnterminatedTail ? 1 : 0, UInt64(bitPattern: position.lastRecordOffset),
                      UInt64(position.lastRecordLength), snapshot.logPrefixHash] {
            LittleEndian.append(value, to: &fields)
        }
        fields += snapshot.stamp.encoded()
        return DerivedFileImage(FixedHeader.encode(Self.self, fingerprint: fingerprint, fields: fields) + encode(snapshot.ledger, problems: snapshot.problems))
    }

    private static func encode(_ ledger: Ledger, problems: [DataProblem]) -> [UInt8] {
        var writer = SectionWriter()
        writer.put(ledger.statuses.map(\.rawValue))
        writer.put(ledger.latest)
        writer.put(ledger.extended.map { $0 ? UInt8(1) : 0 })
        writer.put(ledger.statusCounts.map { Int64($0) })
        let entries = ledger.entries
        writer.put(entries.map(\.row))
        writer.put(entries.map(\.reviewer))
        writer.put(entries.map(\.osUser))
        writer.put(entries.map(\.decidedAt))
        writer.put(entries.map(\.reason))
        writer.put(entries.map(\.note))
        writer.put(entries.map(\.previous))
        writer.put(entries.map(\.line))
        writer.put(entries.map(\.reasonCode))
        writer.put(entries.map(\.kind.rawValue))
        writer.put(entries.map { $0.isUndo ? UInt8(1) : 0 })
        writer.put(strings: ledger.reviewers.values)
        writer.put(strings: ledger.osUsers.values)
        writer.put(strings: ledger.texts)
        writer.put(ledger.unresolved.map { UInt64($0.line) })
        writer.put(strings: ledger.unresolved.map { String(decoding: $0.decision.encodedLine(), as: UTF8.self) })
        writer.put(problems.map { UInt64($0.line) })
        writer.put(problems.map { $0.byteOffset ?? -1 })
        writer.put(strings: problems.map(\.message))
        return writer.bytes
    }
}
