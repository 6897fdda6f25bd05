import DeskCore

/// Where the desk's submissions come from: the queue file (`QueueFile`), rows held in memory
/// (`MemoryQueue`: the screen's tests), or later a database table. The desk (`Desk`, in
/// DeskEngine) works over this and a `DecisionStore`, so a second store plugs in beside the files.
package protocol SubmissionSource: AnyObject {
    /// Where the submissions are, for messages (a path, or a database and table).
    var location: String { get }
    /// Every valid submission, as columns (and folded search text).
    var table: SubmissionTable { get }
    /// Problems in the source's records (malformed lines, duplicate ids).
    var problems: [DataProblem] { get }
    /// Reads what the source gained since the last look (or all of it again when it was replaced).
    func refresh() throws -> QueueGrowth
    /// The full record of a row, read back from the source.
    func submission(at row: Int) throws -> Submission
    /// The justifications of many rows at once.
    func justifications(ofRows rows: [Int]) throws -> [String]
    /// Why `row`'s record, read again now, no longer says what the table says of it (nil: it
    /// still does); `text`, when given, is compared too. Asked just before a decision is written.
    func changeSinceRead(_ row: Int, comparingFacts: Bool, text: FoldedText?) -> String?
    /// The queue file that derived files (the search text, the clusters, the ledger snapshot)
    /// describe; nil when none are kept for this source.
    var derivedFiles: QueueSource? { get }
    /// Derived files are written before the call that derived them returns (tests).
    var writesDerivedFilesSynchronously: Bool { get }
    /// What the source has to tell the operator since the last call (`Notes`).
    func takeNotes() -> [String]
}

/// What a refresh of a submission source found.
package typealias QueueGrowth = QueueFile.Growth

extension QueueFile: SubmissionSource {
    package var location: String { path }

    package var derivedFiles: QueueSource? { indexOptions.isEnabled ? QueueSource(self) : nil }

    package var writesDerivedFilesSynchronously: Bool { indexOptions.writesSynchronously }
}
