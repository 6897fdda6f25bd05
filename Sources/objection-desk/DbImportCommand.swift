import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import Foundation

struct DbImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a queue file's submissions into the database; report problems as file:line: reason.",
        discussion: """
        Every line is validated as `check` validates it; problems are printed exactly as `check` \
        prints them and the valid lines are imported. Idempotent by id: a submission whose id is \
        already in the database is left as it is (with every decision about it), so importing \
        the same file again, or a file that grew, adds only new ids. Each submission's line is \
        kept byte for byte. The import is one transaction: all valid lines or nothing; while it \
        runs, other writers of the submissions table (a form's backend) wait.
        Exit status: 0 imported without problems, 1 problems were found (the valid lines were \
        imported), 2 the file or the database could not be used.
        """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The queue file (JSON lines).", valueName: "queue.jsonl"))
    var path: String

    func run() throws {
        let connection = try database.connect(statementTimeout: 3_600)
        try connection.requireDeskSchema()
        let queue: QueueFile
        do {
            queue = try QueueFile(path: path, index: .disabled)
        } catch let error as StoreError {
            throw CLIFailure(message: error.description)
        }
        // The same problems, in the same order and words, as `check` prints for this queue.
        var problems = queue.problems.sorted { $0.line < $1.line }
        if let tail = queue.inFlightTail {
            problems.append(DataProblem(file: path, line: tail.line, byteOffset: tail.offset,
                                        message: "last line has no newline and is not a complete record (still being written, or cut short)"))
        }
        var refused: [DataProblem] = []
        let summary = try withDatabaseErrors {
            try SubmissionImport.run(connection) { copy, isPresent in
                var reader = try QueueLineReader(path: path)
                var fields = RecordLineParser<SubmissionField>()
                let table = queue.table
                let columns = table.columns
                var offered = 0
                for row in 0..<table.count {
                    let id = table.id(row)
                    let offset = columns.lineOffsets[row]
                    guard !id.utf8.contains(0) else {
                        refused.append(DataProblem(file: path, line: Int(columns.lineNumbers[row]), byteOffset: offset,
                                                   message: "\"id\" holds U+0000, which PostgreSQL text cannot store; not imported"))
                        continue
                    }
                    offered += 1
                    if isPresent(id) { continue }
                    try reader.withLine(at: offset, length: Int(columns.lineLengths[row])) { whole in
                        // The load validated the line (UTF-8 included); only the email is not in its columns.
                        let line = offset == 0 && LineReader.hasByteOrderMark(whole) ? UnsafeRawBufferPointer(rebasing: whole[3...]) : whole
                        guard (try? fields.locate(line)) != nil, fields.string(.id, in: line) == id, let email = fields.string(.email, in: line) else {
                            throw CLIFailure(message: "\(TerminalSafety.sanitize(path).text) changed while it was imported; nothing was imported")
                        }
                        let platform = columns.platforms[row]
                        let locale = columns.locales[row]
                        try SubmissionImport.append(SubmissionImport.Row(
                            id: id, line: line, submittedAt: Timestamp.formatUTCMillis(columns.submittedAt[row]),
                            country: table.country(row).description, email: email, emailVerified: table.isVerified(row),
                            platform: platform == 0 ? nil : table.platforms.values[Int(platform) - 1],
                            locale: locale == 0 ? nil : table.locales.values[Int(locale) - 1]), to: &copy)
                    }
                }
                return offered
            }
        }
        problems += refused
        try TerminalOutput.writeAll(Array(problems.map { TerminalSafety.sanitize($0.description).text + "\n" }.joined().utf8))
        FileHandle.standardError.write("objection-desk: \(Wording.count(summary.offered, "submission")) read from \(TerminalSafety.sanitize(path).text): \(summary.added) added, \(summary.alreadyPresent) already in the database; \(Wording.count(problems.count, "problem"))\n")
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

/// Reads lines back from the queue file in large blocks, in file order (what the table's rows are).
struct QueueLineReader: ~Copyable {
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferStart: Int64 = 0
    private var bufferCount = 0
    let path: String

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CLIFailure(message: "cannot open \(path): \(String(cString: strerror(errno)))") }
        buffer = .allocate(byteCount: 8 << 20, alignment: 16)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    mutating func withLine(at offset: Int64, length: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if offset < bufferStart || offset + Int64(length) > bufferStart + Int64(bufferCount) {
            if length > buffer.count {
                buffer.deallocate()
                buffer = .allocate(byteCount: length, alignment: 16)
            }
            bufferStart = offset
            bufferCount = 0
            while bufferCount < buffer.count {
                let got = pread(descriptor, buffer.baseAddress! + bufferCount, buffer.count - bufferCount, off_t(offset) + off_t(bufferCount))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                bufferCount += got
            }
            guard bufferCount >= length else { throw CLIFailure(message: "\(path) shrank while it was imported") }
        }
        let start = Int(offset - bufferStart)
        try body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + length)]))
    }
}
