import DeskCore

/// Submissions held in memory, given as JSON lines: a desk without a queue file. The screen's
/// tests build their desk on it (no temporary files); it is also the shape a database-backed
/// source takes. Its text is folded as it is parsed, so nothing is ever read back later, and no
/// derived files are kept for it.
package final class MemoryQueue: SubmissionSource {
    package let location: String
    package private(set) var table = SubmissionTable()
    package private(set) var problems: [DataProblem] = []
    /// Every line given, in order (a row's line is `lines[lineNumber - 1]`).
    private var lines: [[UInt8]] = []
    /// Lines given since the last refresh, and whether they replace the others.
    private var waiting: [[UInt8]] = []
    private var replaces = false
    private var parser = SubmissionLineParser()

    /// A queue of `lines` (one JSON object each, without their newline).
    package init(lines: [String], location: String = "memory") {
        self.location = location
        waiting = lines.map { Array($0.utf8) }
        _ = take()
    }

    /// The lines of `text` (a queue file's contents), split on `\n`.
    package convenience init(contents text: String, location: String = "memory") {
        self.init(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLastIfEmpty(),
                  location: location)
    }

    /// Lines that arrive: the next refresh adds their rows.
    package func append(_ added: [String]) { waiting += added.map { Array($0.utf8) } }

    /// The queue rewritten with `lines`: the next refresh reads them from the start.
    package func replace(with lines: [String]) {
        waiting = lines.map { Array($0.utf8) }
        replaces = true
    }

    package func refresh() throws -> QueueGrowth {
        let before = replaces ? 0 : table.count
        let problemsBefore = replaces ? 0 : problems.count
        let replaced = replaces
        if replaces {
            table = SubmissionTable()
            problems = []
            lines = []
            replaces = false
        }
        _ = take()
        return QueueGrowth(newRows: before..<table.count, newProblems: problems.count - problemsBefore, wasReplaced: replaced)
    }

    /// Parses the waiting lines onto the table.
    private func take() -> Bool {
        guard !waiting.isEmpty else { return false }
        var chunkParser = QueueChunkParser(file: location, foldText: true)
        let first = lines.count
        // Numbered after the lines already taken, as a file's would be.
        let padded = [[UInt8]](repeating: [], count: first) + waiting
        var chunk = chunkParser.parse(lines: padded)
        chunk.problems.removeAll { $0.line <= first }
        problems += chunk.problems + table.append(chunk, file: location)
        lines += waiting
        waiting = []
        return true
    }

    package func submission(at row: Int) throws -> Submission {
        let line = lines[Int(table.columns.lineNumbers[row]) - 1]
        return try line.withUnsafeBytes { raw in try Result { () throws(LineError) in try parser.parse(raw) }.get() }
    }

    package func justifications(ofRows rows: [Int]) throws -> [String] { try rows.map { try submission(at: $0).justification } }

    /// Lines given are never changed in place.
    package func changeSinceRead(_ row: Int, comparingFacts: Bool, text: FoldedText?) -> String? { nil }

    package var derivedFiles: QueueSource? { nil }

    package var writesDerivedFilesSynchronously: Bool { false }

    package func takeNotes() -> [String] { [] }
}

private extension Array where Element == String {
    func dropLastIfEmpty() -> [String] { last == "" ? Array(dropLast()) : self }
}
