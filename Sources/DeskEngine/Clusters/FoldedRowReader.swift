import DeskCore
import DeskStore

/// Where clustering reads rows' folded justifications from.
///
/// When the search text is built, or wanted (the review screen folds it in the background), it is
/// shared: one `FoldedText` fetched once per pass. Otherwise (a command: `stats`, `clusters`) rows
/// are read and folded as they are needed — a run of rows at a time for the sketch pass, single
/// rows for the `adds` check — so a first clustering does not keep the folded text of the whole
/// queue (~300 MB at a million rows) on top of its own memory.
struct FoldedRowReader {
    let table: SubmissionTable
    private let shared: FoldedText?
    private var builder: SearchTextBuilder
    private var folder = SearchFolder()
    private var scratch: [UInt8] = []
    private var output = ByteBuffer(capacity: 1024)

    /// `waitingForSearchText`: a search text the screen wants but has not finished is waited for
    /// and used (the sketch pass reads every row); without it only a finished one is used, and
    /// rows are folded from their lines meanwhile (a few rows, as the yardstick reads).
    init(table: SubmissionTable, waitingForSearchText: Bool = true) {
        self.table = table
        let useShared = table.isSearchTextReady || (waitingForSearchText && table.searchText.isWanted)
        shared = useShared ? table.foldedText() : nil
        builder = SearchTextBuilder(descriptor: table.searchText.sourceDescriptor)
    }

    /// The folded justification of `row` (empty when its line no longer holds the row's record).
    mutating func withJustification<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let shared { return shared.withJustification(row, body) }
        if !builder.foldJustification(ofRow: row, of: table, into: &output, scratch: &scratch, folder: &folder) {
            output = ByteBuffer(capacity: 16)
        }
        return output.withUnsafeBytes(body)
    }

    /// The folded justification whose content the queue file holds at `offset`
    /// (`JustificationLocation`); false, without calling `body`, when the shared text is there to
    /// use instead or the file no longer holds a string's content there (then read the row).
    mutating func withJustification(at offset: Int64, length: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard shared == nil,
              builder.foldRawJustification(at: offset, length: length, into: &output, scratch: &scratch, folder: &folder) else { return false }
        output.withUnsafeBytes(body)
        return true
    }

    /// The justification whose content the queue file holds at `offset` as it is there (escapes
    /// not decoded, nothing folded, not checked), with the folder to fold it with as it is read;
    /// false, without calling `body`, when it cannot be read, is empty, or the shared text is there
    /// to use instead.
    mutating func withRawContent(at offset: Int64, length: Int,
                                 _ body: (UnsafeRawBufferPointer, inout SearchFolder) -> Void) -> Bool {
        var bytes: [UInt8] = []
        swap(&bytes, &scratch)
        defer { swap(&bytes, &scratch) }
        guard length > 0, readQueueBytes(length, at: offset, into: &bytes) else { return false }
        return bytes.withUnsafeBytes { withRawContent(UnsafeRawBufferPointer(rebasing: $0[0..<length]), body) }
    }

    /// `raw`, bytes the caller read from the queue file where a justification's content was, as
    /// `withRawContent(at:length:_:)` gives them: false when they are empty, or the shared text is
    /// there to use instead. The bytes are unchecked: the file may have changed since it was read,
    /// so `body` must check them as it reads them (`ShingleYardstick.shingles(rawContent:)`).
    mutating func withRawContent(_ raw: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, inout SearchFolder) -> Void) -> Bool {
        guard shared == nil, raw.count > 0 else { return false }
        var folder = SearchFolder(empty: ())
        swap(&folder, &self.folder)
        defer { swap(&folder, &self.folder) }
        body(raw, &folder)
        return true
    }

    /// Reads `count` bytes at `offset` of the queue file into `buffer` (grown when too small);
    /// false when they cannot all be read, or the shared text is there to use instead.
    func readQueueBytes(_ count: Int, at offset: Int64, into buffer: inout [UInt8]) -> Bool {
        shared == nil && builder.read(count, at: offset, into: &buffer)
    }

    /// The folded justification of `row`, read where `location` says when it can be, else from
    /// the row's line.
    mutating func withJustification<Result>(_ row: Int, at location: JustificationLocation,
                                            _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var result: Result?
        if let offset = location.fileOffset, withJustification(at: offset, length: location.length, { result = body($0) }),
           let result {
            return result
        }
        return withJustification(row, body)
    }

    /// A row's justification for the sketch pass.
    enum RunJustification {
        /// Already folded (the shared search text).
        case folded(UnsafeRawBufferPointer)
        /// As its line holds it: the pass folds it unless it met the same bytes already.
        case line(SearchTextBuilder.LineJustification)
    }

    /// Calls `body` with the justification of each row of `rows`, in order, from the shared text
    /// or read from the queue file now.
    mutating func forEachJustification(_ rows: Range<Int>, _ body: (Int, RunJustification) -> Void) {
        if let shared {
            for row in rows { shared.withJustification(row) { body(row, .folded($0)) } }
            return
        }
        builder.forEachJustification(rows: rows, of: table) { body($0, .line($1)) }
    }
}
