import DeskPostgres
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The dataset every fault test starts from, made once per test process: a cluster holding the
/// desk database `desk` (`db init`, 5,000 pending submissions imported, a password for the test's
/// role so a proxy's TCP path can log in), then stopped. Each `FaultCluster` copies its files
/// (`pg-cluster.sh clone`, a fraction of a second) instead of running initdb, `db init` and a
/// 5,000-row import of its own (several seconds of the two cores each).
final class FaultTemplate: Sendable {
    static let submissions = 5_000
    static let password = "fault-test-only"
    /// Made by the first fault test that needs it; removed when the test process exits.
    static let shared = Result { try FaultTemplate() }

    let directory: String
    /// The queue file's text (each test's workspace gets a copy, for `verify --queue`).
    let queue: String

    private init() throws {
        directory = FaultCluster.newDirectory() + "-template"
        Self.removeAtExit(directory)
        let port = try FaultCluster.start(directory)
        let admin = try PostgresConnection("host=\(directory) port=\(port) dbname=postgres")
        try admin.execute("CREATE DATABASE desk")
        try admin.execute("ALTER ROLE " + admin.escapeIdentifier(NSUserName()) + " PASSWORD '\(Self.password)'")
        var queue = ""
        for number in 1...Self.submissions {
            queue += #"{"id":"f\#(number)","submitted_at":"2026-10-01T09:00:00Z","country":"FR","email":"p\#(number)@example.fr","justification":"Je m'oppose au traitement numéro \#(number)."}"# + "\n"
        }
        self.queue = queue
        let workspace = Workspace()
        workspace.write("queue.jsonl", queue)
        let conninfo = "host=\(directory) port=\(port) dbname=desk"
        for arguments in [["db", "init", "--database", conninfo], ["db", "import", "queue.jsonl", "--database", conninfo]] {
            let outcome = try workspace.runner.run(arguments)
            guard outcome.status == 0 else { throw FaultCluster.Failure("\(arguments.joined(separator: " ")): \(outcome.stderr)") }
        }
        let stopped = FaultCluster.shell([FaultCluster.script, "stop", directory])
        guard stopped.status == 0 else { throw FaultCluster.Failure("pg-cluster.sh stop: \(stopped.output)") }
    }

    private static let leftAtExit = Mutex<[String]>([])

    /// Swift Testing has no end-of-run hook for a shared fixture: the process's exit removes it.
    private static func removeAtExit(_ directory: String) {
        let first = leftAtExit.withLock { list in
            list.append(directory)
            return list.count == 1
        }
        guard first else { return }
        atexit {
            for directory in FaultTemplate.leftAtExit.withLock({ $0 }) {
                _ = FaultCluster.shell([FaultCluster.script, "remove", directory, "immediate"])
            }
        }
    }
}
