import DeskCore
import DeskEngine
import DeskPostgres
import DeskStore
import Foundation

/// The database desk a command opened (`--database`): one per process, kept so that the claims,
/// the holder's identity and the chain check reach the same connection.
enum DatabaseSession {
    nonisolated(unsafe) private(set) static var current: DatabaseDesk.Opened?

    /// Connects, checks the schema, and opens the desk through its local copy.
    static func open(_ conninfo: String, passedOnCommandLine: Bool, index: DerivedFileOptions = .automatic) throws -> DatabaseDesk.Opened {
        precondition(Thread.isMainThread)
        if let current { return current }
        let load = LoadProgress()
        let opened = try CommandProgress.openingFiles(load) {
            let connection = try DatabaseOptions.connect(conninfo, fromCommandLine: passedOnCommandLine)
            try connection.requireDeskSchema()
            return try DatabaseDesk.open(connection, progress: load, index: index)
        }
        CommandDesks.opened(opened.desk)
        printNotes()
        current = opened
        return opened
    }

    /// This process as a claim holder: on the database the role is the identity (`os_user` of a
    /// claim is the role that took it), so "the same person" means the same role and reviewer.
    static func holder(reviewer: String) -> ClaimHolder {
        let process = ClaimHolder.thisProcess(reviewer: reviewer)
        guard let role = current?.role else { return process }
        return ClaimHolder(id: process.id, reviewer: reviewer, osUser: role, host: process.host, pid: process.pid)
    }
}
