import DeskCore
import DeskEngine
import DeskStore

/// The queue in PostgreSQL behind the desk's source boundary (`SubmissionSource`): the local
/// copy's queue file (`DatabaseMirror`) read by `QueueFile`, grown from the database at every
/// refresh. Rows are numbered in arrival order (`ord`), as lines are in a queue file.
package final class DatabaseQueue: SubmissionSource {
    package let mirror: DatabaseMirror
    package let file: QueueFile

    init(mirror: DatabaseMirror, progress: LoadProgress?, index: DerivedFileOptions) throws {
        self.mirror = mirror
        file = try QueueFile(path: mirror.queuePath, progress: progress, index: index)
    }

    package var location: String { mirror.label }
    package var table: SubmissionTable { file.table }
    /// The copy's problems, named by the database and the row's place in arrival order, never
    /// by the local copy's path (which no user can look up).
    package var problems: [DataProblem] { file.problems.map { $0.named(mirror.label + ", queue row") } }

    package func refresh() throws -> QueueGrowth {
        try mirror.sync()
        return try file.refresh()
    }

    package func submission(at row: Int) throws -> Submission { try file.submission(at: row) }
    package func justifications(ofRows rows: [Int]) throws -> [String] { try file.justifications(ofRows: rows) }
    package func changeSinceRead(_ row: Int, comparingFacts: Bool, text: FoldedText?) -> String? {
        file.changeSinceRead(row, comparingFacts: comparingFacts, text: text)
    }
    package var derivedFiles: QueueSource? { file.derivedFiles }
    package var writesDerivedFilesSynchronously: Bool { file.writesDerivedFilesSynchronously }
    package func takeNotes() -> [String] { file.takeNotes() }
}

/// Opens a desk on PostgreSQL: the connection's local copy brought up to date, the queue and
/// the log read through it, claims in the database.
package enum DatabaseDesk {
    package struct Opened {
        package var desk: Desk
        package var claims: DatabaseClaimStore
        package var mirror: DatabaseMirror
        /// The role this connection writes as (`session_user`): who the records will name.
        package var role: String
    }

    package static func open(_ connection: sending PostgresConnection, cacheHome: String? = nil, progress: LoadProgress? = nil,
                             index: DerivedFileOptions = .automatic) throws -> Opened {
        let role = try connection.execute("SELECT session_user").scalar ?? ""
        let shared = SharedConnection(connection)
        let mirror = try DatabaseMirror(connection: shared, cacheHome: cacheHome)
        let store = try DatabaseDecisionStore(mirror: mirror)
        let desk = try Desk(store: store, derivedFiles: index) {
            try DatabaseQueue(mirror: mirror, progress: progress, index: index)
        }
        return Opened(desk: desk, claims: DatabaseClaimStore(connection: shared), mirror: mirror, role: role)
    }
}

extension DataProblem {
    /// The same problem, naming `file` (a database's record or row) instead of the local copy.
    func named(_ file: String) -> DataProblem {
        var problem = self
        problem.file = file
        return problem
    }
}
