import DeskPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of one fault test's own (`scripts/pg-cluster.sh`), with fsync on, that
/// the test may kill -9 and start again: never the shared server of `scripts/with-pg.sh`. It is a
/// copy of `FaultTemplate`'s stopped cluster: a desk database (`db init`) with a queue of 5,000
/// pending rows, so no test pays for initdb and the import again. Removed at the end.
final class FaultCluster: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static var script: String { repository + "/scripts/pg-cluster.sh" }

    let directory: String
    private(set) var port = ""
    let workspace = Workspace()
    /// The desk's database over the socket in the cluster's directory (no proxy in between).
    var conninfo: String { "host=\(directory) port=\(port) dbname=desk" }
    /// The same over TCP, as a proxy reaches it.
    var tcpPort: Int { Int(port) ?? 0 }

    init() throws {
        let template = try FaultTemplate.shared.get()
        directory = Self.newDirectory()
        let cloned = Self.shell([Self.script, "clone", directory, template.directory])
        guard cloned.status == 0 else { throw Failure("pg-cluster.sh clone: \(cloned.output)") }
        try start()
        workspace.write("queue.jsonl", template.queue)
    }

    static func newDirectory() -> String {
        NSTemporaryDirectory() + "objection-desk-fault-" + String(UInt64.random(in: .min ... .max), radix: 16)
    }

    deinit {
        _ = Self.shell([Self.script, "remove", directory, "immediate"])
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Starts the server (the first time: creates it), fsync on, on the port it had before.
    func start() throws {
        port = try Self.start(directory)
    }

    /// Not `recovery_init_sync_method=syncfs`: it syncs the whole file system, and on a machine
    /// shared with builds and other tests that stalled every fsync around it for 30-40 s.
    static func start(_ directory: String) throws -> String {
        let started = shell([script, "start", directory, "-c fsync=on -c synchronous_commit=on"],
                            environment: ["PG_CLUSTER_INITDB_OPTIONS=--wal-segsize=1"])
        guard started.status == 0 else { throw Failure("pg-cluster.sh start: \(started.output)") }
        return started.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A clean stop (`pg_ctl stop -m fast`): the server ends its sessions and closes its socket.
    func stop() throws {
        let stopped = Self.shell([Self.script, "stop", directory])
        guard stopped.status == 0 else { throw Failure("pg-cluster.sh stop: \(stopped.output)") }
    }

    /// The postmaster's process id (first line of postmaster.pid).
    var postmasterPID: pid_t? {
        (try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8))?
            .split(separator: "\n").first.flatMap { pid_t($0) }
    }

    /// The server processes: the postmaster's children.
    func children() -> [pid_t] {
        guard let postmaster = postmasterPID else { return [] }
        return Self.shell(["/usr/bin/ps", "-o", "pid=", "--ppid", String(postmaster)]).output
            .split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// kill -9 of the postmaster and every server process (the backend serving the bulk first):
    /// what a crash of the server's machine leaves, minus the page cache (fsync is on anyway).
    /// Waits until they are gone.
    func crash(backendFirst backend: pid_t? = nil) {
        if let backend { kill(backend, SIGKILL) }
        let processes = children()
        if let postmaster = postmasterPID { kill(postmaster, SIGKILL) }
        for process in processes { kill(process, SIGKILL) }
        let all = processes + [postmasterPID, backend].compactMap { $0 }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && all.contains(where: { kill($0, 0) == 0 && !Self.isZombie($0) }) { usleep(20_000) }
    }

    static func isZombie(_ process: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
              let close = status.lastIndex(of: ")") else { return true }
        return status[status.index(close, offsetBy: 2)] == "Z"
    }

    /// A connection to the desk's database for the test's own looks (never through a proxy).
    func connect() throws -> PostgresConnection { try PostgresConnection(conninfo) }

    /// The number of decision records in the database.
    func decisionCount() throws -> Int { Int(try connect().execute("SELECT count(*) FROM objection_desk.decisions").scalar ?? "") ?? -1 }

    /// The backend of the objection-desk session matching `condition` (SQL on pg_stat_activity),
    /// waited for up to `seconds`.
    func waitForBackend(_ condition: String, seconds: Double = 20) throws -> pid_t? {
        let look = try connect()
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let found = try look.execute("""
                SELECT pid FROM pg_stat_activity WHERE application_name = 'objection-desk' AND \(condition) LIMIT 1
                """).scalar
            if let found, let pid = pid_t(found) { return pid }
            usleep(10_000)
        }
        return nil
    }

    /// What the desk shows after the fault: accepted rows by `list`, and the chain of
    /// `db export-log` checked offline by `verify`.
    func accepted() throws -> (count: Int, verify: CLIRunner.Outcome) {
        let runner = workspace.runner
        let list = try runner.run(["list", "--filter", "status:accepted", "--format", "jsonl", "--database", conninfo])
        guard list.status == 0 else { throw Failure("list: \(list.stderr)") }
        let exported = try runner.run(["db", "export-log", "--database", conninfo])
        guard exported.status == 0 else { throw Failure("export-log: \(exported.stderr)") }
        workspace.write("exported.jsonl", exported.stdout)
        let verify = try runner.run(["verify", "--decisions", "exported.jsonl", "--queue", "queue.jsonl"])
        return (list.stdout.split(separator: "\n").count, verify)
    }

    /// Runs a program with its output in a file, waiting for it alone (posix_spawn, waitpid): no
    /// pipe whose end a server started by it could keep open (pg-cluster.sh also closes what it
    /// inherited above stderr).
    static func shell(_ arguments: [String], environment: [String] = []) -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "fault-shell-" + String(UInt64.random(in: .min ... .max), radix: 16)
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var inherited: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            inherited.append(String(cString: pointer))
            entry += 1
        }
        let envp: [UnsafeMutablePointer<CChar>?] = (inherited + environment).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) == 0 else { return (-1, "cannot run \(arguments[0])") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : -1, output)
    }
}

/// A command run in the background while the test breaks things, and how long it took.
final class BackgroundCommand: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let started = Date()
    private(set) var outcome: CLIRunner.Outcome?
    private(set) var seconds: Double = 0

    init(_ runner: CLIRunner, _ arguments: [String], timeoutSeconds: Double = 90) {
        DispatchQueue.global().async { [self] in
            outcome = try? runner.run(arguments, timeoutSeconds: timeoutSeconds)
            seconds = Date().timeIntervalSince(started)
            done.signal()
        }
    }

    /// Waits for the command to end (its runner's watchdog ends it at the latest).
    func wait() -> CLIRunner.Outcome? {
        done.wait()
        return outcome
    }
}
