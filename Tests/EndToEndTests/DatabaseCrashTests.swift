import DeskCore
import DeskPostgres
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The server killed (kill -9 of the postmaster and of the backend serving the bulk, fsync on)
/// while `decide accept --filter … --yes` of 5,000 submissions runs, on a cluster of the test's
/// own: what was acknowledged before survives, the batch is after the restart whole or absent
/// (`list` and `db export-log | verify` say which), and the CLI exits 2 naming the problem.
@Suite("Faults on PostgreSQL: the server killed during a bulk", .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote))
struct DatabaseCrashTests {
    static let bulk = ["decide", "accept", "--filter", "status:pending", "--yes", "--reviewer", "ana"]

    /// One decision acknowledged (exit 0) before the fault: it must be there after it.
    static func acknowledgeOne(_ cluster: FaultCluster) throws {
        let outcome = try cluster.workspace.runner.run(["decide", "accept", "f1", "--reviewer", "ben", "--database", cluster.conninfo])
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    /// After the restart: the acknowledged records plus the whole batch (5,000 accepted), or
    /// them alone; the chain intact as exported. `batchLanded` nil: either.
    static func expectWholeOrAbsentAfter(_ cluster: FaultCluster, acknowledged: Int = 1, batchLanded: Bool?) throws {
        let after = try cluster.accepted()
        if let batchLanded {
            #expect(after.count == (batchLanded ? 5_000 : acknowledged))
        } else {
            #expect(after.count == acknowledged || after.count == 5_000, "\(after.count) accepted: a batch in part")
        }
        #expect(after.verify.status == 0 && after.verify.stdout.contains("chain intact"), "\(after.verify.stdout)\(after.verify.stderr)")
    }

    @Test func killedWhileTheBulkIsInsideItsTransaction() throws {
        let cluster = try FaultCluster()
        try Self.acknowledgeOne(cluster)
        // A row the bulk must lock is held, so the bulk waits inside its transaction (after the
        // chain lock and the sync) until the server dies.
        let blocker = try cluster.connect()
        try blocker.execute("BEGIN")
        try blocker.execute("SELECT id FROM objection_desk.submissions WHERE id = 'f4000' FOR UPDATE")
        let command = BackgroundCommand(cluster.workspace.runner, Self.bulk + ["--database", cluster.conninfo])
        let backend = try #require(try cluster.waitForBackend("wait_event_type = 'Lock'"))
        cluster.crash(backendFirst: backend)
        let outcome = try #require(command.wait())
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("connection") && !outcome.stderr.contains("outcome unknown"), "\(outcome.stderr)")
        #expect(command.seconds < 20)
        try cluster.start()
        try Self.expectWholeOrAbsentAfter(cluster, batchLanded: false)
    }

    @Test func killedWhileCommitting() throws {
        let cluster = try FaultCluster()
        try Self.acknowledgeOne(cluster)
        // A deferred trigger makes COMMIT take its time (once per transaction), so the server
        // dies while the client waits for the commit's answer: the outcome is unknown to it.
        try cluster.connect().executeScript("""
            CREATE FUNCTION public.fault_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF current_setting('fault.slept', true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('fault.slept', 'yes', true);
                PERFORM pg_sleep(60);
              END IF;
              RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER fault_slow_commit AFTER INSERT ON objection_desk.decisions
              DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.fault_slow_commit();
            """)
        let command = BackgroundCommand(cluster.workspace.runner, Self.bulk + ["--database", cluster.conninfo])
        let backend = try #require(try cluster.waitForBackend("state = 'active' AND query = 'COMMIT'"))
        cluster.crash(backendFirst: backend)
        let outcome = try #require(command.wait())
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("outcome unknown"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("verify") && outcome.stderr.contains("list"), "\(outcome.stderr)")
        #expect(command.seconds < 20)
        try cluster.start()
        // The commit had not been written when the server died: the batch is absent.
        try Self.expectWholeOrAbsentAfter(cluster, batchLanded: false)
    }

    @Test func killedAtRandomMomentsTheBatchIsWholeOrAbsent() throws {
        // No help from locks or triggers: the server dies at a moment of the bulk's run.
        let cluster = try FaultCluster()
        try Self.acknowledgeOne(cluster)
        let command = BackgroundCommand(cluster.workspace.runner, Self.bulk + ["--database", cluster.conninfo])
        let backend = try cluster.waitForBackend("state = 'active' AND query LIKE 'COPY objection_desk.decisions%'", seconds: 20)
        cluster.crash(backendFirst: backend)
        let outcome = try #require(command.wait())
        try cluster.start()
        let landed = try cluster.decisionCount() == 5_000
        if outcome.status == 0 {
            #expect(landed, "acknowledged, yet not all there")
        } else {
            #expect(outcome.status == 2, "\(outcome.stderr)")
        }
        try Self.expectWholeOrAbsentAfter(cluster, batchLanded: landed)
    }

    @Test func aDeskReconnectsAfterARestartAndCatchesUpFromItsLastSeq() throws {
        let cluster = try FaultCluster()
        try Self.acknowledgeOne(cluster)
        // Through a proxy that hides the server's end (a host that rebooted: no FIN ever reached
        // the desk, its next packet gets a reset), so libpq learns of it only from a statement.
        let proxy = try FaultProxy(targetPort: cluster.tcpPort)
        let connection = try PostgresConnection(proxy.conninfo(cluster) + " password=\(FaultTemplate.password)")
        let opened = try DatabaseDesk.open(connection, cacheHome: cluster.workspace.file("in-process-cache"))
        let desk = opened.desk
        let row = { (id: String) in try #require(desk.table.row(forID: id)) }
        #expect(desk.status(of: try row("f1")) == .accepted)

        // The server restarts; another desk decides meanwhile. The next read fails on the dead
        // connection, is reset and read once more, and catches up from the last seq it had.
        try proxy.vanish()
        cluster.crash()
        try cluster.start()
        #expect(try cluster.workspace.runner.run(["decide", "accept", "f2", "--reviewer", "ben", "--database", cluster.conninfo]).status == 0)
        try desk.refresh()
        #expect(desk.status(of: try row("f2")) == .accepted)

        // Once more, and this time the desk writes: `record` reads what others appended first,
        // so that read finds the dead connection, is retried, and the write goes on a fresh one.
        try proxy.vanish()
        cluster.crash()
        try cluster.start()
        let decisions = desk.decisions(.accepted, rows: [Int32(try row("f3"))], reviewer: "ana", reason: nil, note: nil, at: WallClock.now())
        #expect(try desk.record(decisions).written.count == 1)
        #expect(try cluster.decisionCount() == 3)

        // A write that meets the dead connection itself is never repeated: it fails (before
        // COMMIT: nothing recorded, not "outcome unknown") and the next one records.
        try proxy.vanish()
        cluster.crash()
        try cluster.start()
        let store = try #require(desk.log as? DatabaseDecisionStore)
        let more = desk.decisions(.accepted, rows: [Int32(try row("f4"))], reviewer: "ana", reason: nil, note: nil, at: WallClock.now())
        do {
            _ = try store.append { _ in more }
            Issue.record("a write on a connection whose server vanished was reported recorded")
        } catch {
            let failure = try #require(error as? PostgresError, "\(error)")
            #expect(failure.kind == .connection, "\(failure)")
        }
        #expect(try cluster.decisionCount() == 3)
        #expect(try desk.record(more).written.count == 1)
        let after = try cluster.accepted()
        #expect(after.count == 4 && after.verify.status == 0, "\(after.verify.stdout)")
    }
}
