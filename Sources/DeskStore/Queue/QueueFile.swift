#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// The queue of submissions: reads the file once, then only the bytes appended since.
///
/// The platform's form appends to this file while agents work, so reading is incremental:
/// `refresh()` stats the file and parses just the new complete lines. A file that shrank or was
/// replaced (another inode) is read again from the start. The first read starts from the queue
/// index (`QueueIndexReader`) when a valid one describes a prefix of the file, and parses only
/// the lines after that prefix; the folded search text is built when first needed.
package final class QueueFile {
    package let path: String
    package private(set) var table: SubmissionTable
    package private(set) var problems: [DataProblem] = []
    /// An unterminated last line that is not yet a valid record (still being written, or torn).
    package private(set) var inFlightTail: (offset: Int64, line: Int)?
    /// How many rows of the last full read came from the queue index (0: none, or no index).
    package private(set) var rowsFromIndex = 0
    package private(set) var descriptor: Int32
    package private(set) var identity: (device: UInt64, inode: UInt64)
    private(set) var consumedEnd: Int64 = 0
    private(set) var nextLineNumber = 1
    private(set) var tookUnterminatedTail = false
    private var recordParser = SubmissionLineParser()
    /// Moves submission times as they are read (the bundled sample); nil: as written.
    package let mapping: SubmittedAtMapping?
    private let parallelism: Int
    package let indexOptions: DerivedFileOptions
    /// What to tell the operator (an index ignored or not written): `takeNotes`.
    private var notes = Notes()
    private var writes = PendingNotes()
    /// Sees the rows of the first read when it parses the whole file (`QueueRowVisitor`).
    private var rowVisitor: (any QueueRowVisitor)?

    /// The notes since the last call: the index's, those of index writes that finished since, and
    /// those of the table's folded text.
    package func takeNotes() -> [String] {
        notes.add(writes.takeFinished())
        notes.add(table.searchText.takeNotes())
        return notes.take()
    }

    /// What a refresh found.
    package struct Growth: Sendable, Equatable {
        package var newRows: Range<Int>
        package var newProblems: Int
        /// The file was replaced or truncated and has been read again from the start.
        package var wasReplaced: Bool
    }

    /// Opens and reads the whole queue. Problems in its lines are collected, not thrown.
    /// `rowVisitor` sees every row when the read parses the whole file (no valid index), and is
    /// told `finished` or `invalidate` before this returns.
    package init(path: String, parallelism: Int = ProcessInfoCores.count, progress: LoadProgress? = nil,
                mapping: SubmittedAtMapping? = nil, index: DerivedFileOptions = .automatic,
                rowVisitor: (any QueueRowVisitor)? = nil) throws {
        self.path = path
        self.mapping = mapping
        let (descriptor, status) = try RegularFile.openChecked(path, flags: O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
        self.descriptor = descriptor
        self.parallelism = parallelism
        // Moved dates (the bundled sample) must never be persisted as the file's own.
        indexOptions = mapping == nil ? index : .disabled
        identity = (UInt64(status.st_dev), UInt64(status.st_ino))
        table = SubmissionTable(searchSource: descriptor, path: path)
        self.rowVisitor = rowVisitor
        defer {
            // Whatever happened, the visitor is used for this read only.
            self.rowVisitor?.invalidate()
            self.rowVisitor = nil
        }
        try readFromStart(status: status, progress: progress)
    }

    deinit { close(descriptor) }

    /// Reads the file as `status` describes it into the (empty) state: from a valid index and the
    /// lines after it, else every line; then writes the index in the background if it was missing,
    /// invalid, or now covers too little of the file.
    private func readFromStart(status: stat, progress: LoadProgress?) throws {
        let size = Int64(status.st_size)
        progress?.setTotal(Int(size))
        rowsFromIndex = 0
        let location = DerivedFileLocation.resolve(sourcePath: path, device: identity.device, inode: identity.inode,
                                                   options: indexOptions, suffix: QueueIndexFile.suffix)
        let subject = location.flatMap { location in
            OwnedDescriptor(duplicating: descriptor).map {
                QueueIndexSubject(queuePath: path, queue: $0, status: status, location: location, searchText: table.searchText)
            }
        }
        var indexedEnd: Int64?
        if let location, let subject, indexOptions.mode != .rebuild {
            switch DerivedFileStore.load(QueueIndexFile.self, for: subject) {
            case .absent:
                break
            case .rejected(let reason):
                notes.add(QueueIndexFile.ignoredNote(path: location.path, reason: reason))
            case .loaded(let snapshot):
                restore(snapshot)
                indexedEnd = consumedEnd
                rowsFromIndex = table.count
                progress?.add(Int(consumedEnd))
            }
        }
        if let rowVisitor, consumedEnd == 0 {
            self.rowVisitor = nil
            try parse(from: 0, to: size, progress: progress, visitor: rowVisitor)
            rowVisitor.finished(rows: table.count)
        } else {
            try parse(from: consumedEnd, to: size, progress: progress)
        }
        if let subject, indexedEnd.map({ consumedEnd - $0 >= Self.rewriteThreshold(indexed: $0) }) ?? true {
            writes.add(DerivedFileStore.save(QueueIndexFile.self, snapshot, for: subject, synchronously: indexOptions.writesSynchronously))
        }
    }

    /// How far the file must have grown past a valid index before it is written again: parsing
    /// that much costs more than ~20 ms at each start, rewriting costs one write of the index.
    static func rewriteThreshold(indexed: Int64) -> Int64 { max(64 << 10, indexed / 256) }

    private var snapshot: QueueSnapshot {
        QueueSnapshot(table: table, problems: problems, consumedEnd: consumedEnd, nextLineNumber: nextLineNumber,
                      inFlightTail: inFlightTail, tookUnterminatedTail: tookUnterminatedTail)
    }

    private func restore(_ snapshot: QueueSnapshot) {
        table = snapshot.table
        problems = snapshot.problems
        consumedEnd = snapshot.consumedEnd
        nextLineNumber = snapshot.nextLineNumber
        inFlightTail = snapshot.inFlightTail
        tookUnterminatedTail = snapshot.tookUnterminatedTail
    }

    /// Parses `[start, end)` (starting at a line start, or at the newline of a taken unterminated
    /// line) in parallel line-aligned parts, and adds the rows in file order.
    ///
    /// A large range is cut into several parts per core and each part is added as soon as it and
    /// those before it are parsed, on this thread while the workers parse the rest: adding (the
    /// id index, duplicate ids) is sequential, and done after all the parsing it left one core
    /// idle for a third of a second at a million rows.
    private func parse(from start: Int64, to end: Int64, progress: LoadProgress? = nil,
                       visitor: (any QueueRowVisitor)? = nil) throws {
        guard end > start else { return }
        // Parts of ~16 MiB, up to 16 per core: the last part parsed (and sketched, on a first read
        // for the clusters) runs alone, and with 4 per core it kept one core idle for 0.2 s.
        let parts = end - start < 8 << 20 ? 1 : max(1, parallelism) * Int(min(16, max(1, (end - start) / (16 << 20))))
        let boundaries = try splitPoints(from: start, to: end, parts: parts)
        let ranges = zip(boundaries, boundaries.dropFirst()).map { ($0, $1) }
        let results = UnsafeMutableBufferPointer<Result<QueueChunk, Error>?>.allocate(capacity: ranges.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let resultsBox = SendablePointer(results)
        let (descriptor, path, firstLine, skipNewline) = (self.descriptor, self.path, nextLineNumber, tookUnterminatedTail)
        let fold = table.searchText.wantsInlineFolding
        let mapping = self.mapping
        let handOff = PartHandOff()
        let next = WorkCounter()
        let workers = DispatchGroup()
        var before = stat()
        let stated = fstat(descriptor, &before) == 0
        var blockHashes: [QueuePrefixHash.BlockHash] = []
        // Declared after `results`: runs first, so no worker writes into freed slots.
        defer { workers.wait() }
        for _ in 0..<min(max(1, parallelism), ranges.count) {
            DispatchQueue.global().async(group: workers) {
                var parser = QueueChunkParser(file: path, foldText: fold, mapping: mapping)
                let rowWorker = visitor?.makeWorker()
                parser.rowWorker = rowWorker
                while true {
                    let part = next.take()
                    guard part < ranges.count else { return }
                    let (start, end) = ranges[part]
                    rowWorker?.begin(part: part)
                    let result = Result {
                        try parser.parse(descriptor: descriptor, from: start, to: end, firstLineNumber: firstLine,
                                         skipLeadingNewline: part == 0 && skipNewline, progress: progress)
                    }
                    rowWorker?.end(part: part)
                    handOff.publish { resultsBox.buffer[part] = result }
                }
            }
        }
        var lines = 0
        for part in 0..<ranges.count {
            handOff.wait(until: { resultsBox.buffer[part] != nil })
            var chunk = try results[part]!.get()
            results[part] = nil
            blockHashes += chunk.blockHashes
            chunk.shiftLineNumbers(by: lines)
            lines += chunk.linesRead
            let firstRow = table.count
            if part == 0 && ranges.count > 1 && chunk.consumedEnd > start && firstRow == 0 {
                // The first part's rows per byte tell about how many the whole range holds.
                let perByte = Double(chunk.columns.count) / Double(chunk.consumedEnd - start)
                let rows = Int(perByte * Double(end - start))
                table.expect(rows: rows, idBytes: chunk.columns.count > 0 ? chunk.idBytes.count * rows / chunk.columns.count : 0)
            }
            absorb(chunk)
            if let visitor {
                // A row dropped (a duplicate id) would shift every later row from what was visited.
                if table.count - firstRow == chunk.columns.count {
                    visitor.partAdded(part, firstRow: firstRow, rows: chunk.columns.count)
                } else {
                    visitor.invalidate()
                }
            }
        }
        // The blocks read here need not be read again for the derived files' prefix digest.
        if stated { QueuePrefixHash.remember(blockHashes, readFrom: descriptor, since: before) }
    }

    private func splitPoints(from start: Int64, to end: Int64, parts: Int) throws -> [Int64] {
        try LineSplit.points(descriptor: descriptor, from: start, to: end, parts: parts)
    }

    private func absorb(_ chunk: QueueChunk) {
        problems += chunk.problems
        problems += table.append(chunk, file: path)
        consumedEnd = chunk.consumedEnd
        nextLineNumber += chunk.linesRead
        inFlightTail = chunk.inFlightTail
        tookUnterminatedTail = chunk.tookUnterminatedTail
    }

    /// Reads whatever was appended since the last read; rereads everything if the file was replaced.
    package func refresh() throws -> Growth {
        let firstRow = table.count
        let problemCount = problems.count
        var status = stat()
        let pathStatus = stat(path, &status)
        let replaced = pathStatus == 0 && (UInt64(status.st_dev), UInt64(status.st_ino)) != identity
        if replaced {
            let (fresh, _) = try RegularFile.openChecked(path, flags: O_RDONLY | O_CLOEXEC)
            guard fresh >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
            close(descriptor)
            descriptor = fresh
        }
        guard fstat(descriptor, &status) == 0 else { throw StoreError.io(operation: "stat \(path)", errno: errno) }
        let size = Int64(status.st_size)
        if replaced || size < consumedEnd {
            identity = (UInt64(status.st_dev), UInt64(status.st_ino))
            table = SubmissionTable(searchSource: descriptor, path: path)
            problems = []
            consumedEnd = 0
            nextLineNumber = 1
            inFlightTail = nil
            tookUnterminatedTail = false
            try readFromStart(status: status, progress: nil)
            return Growth(newRows: 0..<table.count, newProblems: problems.count, wasReplaced: true)
        }
        guard size > consumedEnd else { return Growth(newRows: firstRow..<firstRow, newProblems: 0, wasReplaced: false) }
        try parse(from: consumedEnd, to: size)
        return Growth(newRows: firstRow..<table.count, newProblems: problems.count - problemCount, wasReplaced: false)
    }

    /// The full record of a row, read back from the file.
    package func submission(at row: Int) throws -> Submission {
        let length = Int(table.columns.lineLengths[row])
        var bytes = [UInt8](repeating: 0, count: length)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, length, off_t(table.columns.lineOffsets[row])) }
        guard got == length else { throw StoreError.io(operation: "read \(path)", errno: got < 0 ? errno : EIO) }
        if table.columns.lineOffsets[row] == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let parsed = bytes.withUnsafeBytes { raw in Result { () throws(LineError) in try recordParser.parse(raw) } }
        switch parsed {
        case .success(var submission) where submission.id == table.id(row):
            if let mapping {
                submission.submittedAt = mapping.apply(submission.submittedAt)
                submission.submittedAtText = Timestamp.formatUTCMillis(submission.submittedAt).replacingOccurrences(of: ".000Z", with: "Z")
            }
            return submission
        case .success(let submission):
            throw StoreError.io(operation: "reread \(path):\(table.columns.lineNumbers[row]) (holds \"\(TerminalSafety.sanitize(submission.id).text)\", not \"\(TerminalSafety.sanitize(table.id(row)).text)\"); the file changed under us", errno: EIO)
        case .failure(let error):
            throw StoreError.io(operation: "reread \(path):\(table.columns.lineNumbers[row]) (\(error.message)); the file changed under us", errno: EIO)
        }
    }
}

/// Lets the thread adding parsed parts wait until the next one is ready.
private final class PartHandOff: @unchecked Sendable {
    // NSCondition guards the results slots written by workers and read by the adding thread.
    private let condition = NSCondition()

    func publish(_ store: () -> Void) {
        condition.lock()
        store()
        condition.broadcast()
        condition.unlock()
    }

    func wait(until isReady: () -> Bool) {
        condition.lock()
        while !isReady() { condition.wait() }
        condition.unlock()
    }
}
