import DeskPostgres
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The network between the desk and its server cut during a bulk of 5,000 (a proxy that stops
/// forwarding, or closes), and a server that stopped answering (its backend stopped): the CLI
/// exits 2 within a bounded time, never hangs, and the batch is whole or absent. The statement
/// timeout is 2 s here (`OBJECTION_DESK_STATEMENT_TIMEOUT`), so the client's own limit on
/// silence is 4 s.
@Suite("Faults on PostgreSQL: the network cut, a server that stopped answering", .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote))
struct NetworkFaultTests {
    /// The cluster (its role has a password, so that the proxy's TCP path can log in), one
    /// decision acknowledged.
    static func cluster() throws -> FaultCluster {
        let cluster = try FaultCluster()
        try DatabaseCrashTests.acknowledgeOne(cluster)
        return cluster
    }

    static func runner(_ cluster: FaultCluster) -> CLIRunner {
        var runner = cluster.workspace.runner
        runner.environment["OBJECTION_DESK_STATEMENT_TIMEOUT"] = "2000"
        runner.environment["PGPASSWORD"] = FaultTemplate.password
        return runner
    }

    /// Waits up to `seconds` for the count of records to be `expected`.
    static func settle(_ cluster: FaultCluster, at expected: Int, seconds: Double = 10) throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        var count = try cluster.decisionCount()
        while count != expected && Date() < deadline {
            usleep(50_000)
            count = try cluster.decisionCount()
        }
        return count
    }

    @Test func blackHoledMidCopyTheCommandGivesUpInBoundedTimeAndWritesNothing() throws {
        let cluster = try Self.cluster()
        let proxy = try FaultProxy(targetPort: cluster.tcpPort)
        proxy.send("on copy blackhole 100000")
        let started = Date()
        let outcome = try Self.runner(cluster).run(DatabaseCrashTests.bulk + ["--database", proxy.conninfo(cluster)], timeoutSeconds: 60)
        let seconds = Date().timeIntervalSince(started)
        #expect(proxy.triggered)
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("did not answer"), "\(outcome.stderr)")
        #expect(seconds < 15, "\(seconds) s")
        // The server's side of the abandoned transaction still looks alive to it (the proxy
        // holds it open): its statement timeout ends it, so another desk can write.
        let other = try Self.runner(cluster).run(["decide", "accept", "f2", "--reviewer", "ben", "--database", cluster.conninfo])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try Self.settle(cluster, at: 2) == 2)
        proxy.send("close")
        try DatabaseCrashTests.expectWholeOrAbsentAfter(cluster, acknowledged: 2, batchLanded: false)
    }

    @Test func closedMidCopyTheCommandFailsAtOnceAndWritesNothing() throws {
        let cluster = try Self.cluster()
        let proxy = try FaultProxy(targetPort: cluster.tcpPort)
        proxy.send("on copy close 100000")
        let started = Date()
        let outcome = try Self.runner(cluster).run(DatabaseCrashTests.bulk + ["--database", proxy.conninfo(cluster)], timeoutSeconds: 60)
        #expect(proxy.triggered)
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("connection") && !outcome.stderr.contains("outcome unknown"), "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try Self.settle(cluster, at: 1) == 1)
        try DatabaseCrashTests.expectWholeOrAbsentAfter(cluster, acknowledged: 1, batchLanded: false)
    }

    @Test func cutAfterTheCommitWasSentTheOutcomeIsUnknownAndTheBatchIsWhole() throws {
        // The server gets COMMIT and commits; its answer never reaches the client.
        let cluster = try Self.cluster()
        let proxy = try FaultProxy(targetPort: cluster.tcpPort)
        proxy.send("on commit blackhole 0")
        let started = Date()
        let outcome = try Self.runner(cluster).run(DatabaseCrashTests.bulk + ["--database", proxy.conninfo(cluster)], timeoutSeconds: 60)
        #expect(proxy.triggered)
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("outcome unknown"), "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(try Self.settle(cluster, at: 5_000) == 5_000)
        proxy.send("close")
        try DatabaseCrashTests.expectWholeOrAbsentAfter(cluster, acknowledged: 1, batchLanded: true)
    }

    @Test func aStoppedServerBackendIsGivenUpOnInBoundedTime() throws {
        let cluster = try Self.cluster()
        let blocker = try cluster.connect()
        try blocker.execute("BEGIN")
        try blocker.execute("SELECT id FROM objection_desk.submissions WHERE id = 'f4000' FOR UPDATE")
        let started = Date()
        // A backend waiting on a lock runs the deadlock check after deadlock_timeout (1 s) while
        // holding every lock-manager partition; stopped inside it, it would freeze the blocker's
        // COMMIT (and the test) for good. The stopped backend must be one that only waits.
        var runner = Self.runner(cluster)
        runner.environment["PGOPTIONS"] = "-c deadlock_timeout=600s"
        let command = BackgroundCommand(runner, DatabaseCrashTests.bulk + ["--database", cluster.conninfo], timeoutSeconds: 60)
        let backend = try #require(try cluster.waitForBackend("wait_event_type = 'Lock'"))
        kill(backend, SIGSTOP)
        defer { kill(backend, SIGCONT) }
        try blocker.execute("COMMIT")
        let outcome = try #require(command.wait())
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("did not answer"), "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
        kill(backend, SIGCONT)
        #expect(try Self.settle(cluster, at: 1) == 1)
        try DatabaseCrashTests.expectWholeOrAbsentAfter(cluster, acknowledged: 1, batchLanded: false)
    }

    @Test func aLockHeldTooLongEndsInTheStatementTimeout() throws {
        let cluster = try Self.cluster()
        let blocker = try cluster.connect()
        try blocker.execute("BEGIN")
        try blocker.execute("SELECT id FROM objection_desk.submissions WHERE id = 'f4000' FOR UPDATE")
        let started = Date()
        let outcome = try Self.runner(cluster).run(DatabaseCrashTests.bulk + ["--database", cluster.conninfo], timeoutSeconds: 60)
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("statement timeout"), "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        try blocker.execute("ROLLBACK")
        try DatabaseCrashTests.expectWholeOrAbsentAfter(cluster, acknowledged: 1, batchLanded: false)
    }
}
