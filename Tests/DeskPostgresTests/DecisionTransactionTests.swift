import DeskCore
import DeskEngine
import DeskStore
import DeskPostgres
import Foundation
import Testing

@Suite("PostgreSQL decision transaction and claims", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct DecisionTransactionTests {
    /// A desk with submissions s001…sNNN, submitted a minute apart (s001 oldest).
    private func desk(_ count: Int) throws -> (TestDatabase.Scratch, PostgresConnection) {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        try connection.execute("""
            INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email)
            SELECT format('s%s', lpad(n::text, 3, '0')), '{}', timestamptz '2026-10-01' + n * interval '1 minute', 'FR', 'a@example.org'
            FROM generate_series(1, $1::integer) n
            """, [String(count)])
        return (scratch, connection)
    }

    private func exportedLogIsClean(_ connection: PostgresConnection) throws -> ChainReport {
        var bytes: [UInt8] = []
        try DecisionLogTransfer.export(connection) { bytes += $0 }
        let path = NSTemporaryDirectory() + "odt-chain-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try ChainVerifier.verify(path: path)
    }

    private static func holder(_ id: String, _ reviewer: String = "ana") -> ClaimLeases.Holder {
        ClaimLeases.Holder(id: id, reviewer: reviewer, osUser: reviewer, host: "test", pid: 42)
    }

    @Test func recordsAreWrittenChainedWhenTheLatestIsAsSeen() throws {
        let (scratch, connection) = try desk(3)
        _ = scratch
        let one = try DecisionTransaction.append(connection, [Records.decision("s001")], expecting: ["s001": 0])
        #expect(one.refused.isEmpty && one.written.map(\.seq) == [1])
        let bulk = try DecisionTransaction.append(connection, [Records.decision("s002", .rejected), Records.decision("s003")],
                                                  expecting: ["s002": 0, "s003": 0])
        #expect(bulk.written.map(\.submissionID) == ["s002", "s003"])
        let lines = try connection.execute("SELECT line FROM objection_desk.decisions ORDER BY seq").column0.compactMap { $0 }
        #expect(!lines[0].contains("\"batch\""))
        #expect(lines[1].contains("\"batch_size\":2") && lines[2].contains("\"batch_size\":2"))
        let report = try exportedLogIsClean(connection)
        #expect(report.isClean && report.records == 3 && report.head == bulk.written.last?.hash)
    }

    @Test func aRecordSomeoneWroteMeanwhileRefusesThatSubmissionOnly() throws {
        let (scratch, admin) = try desk(3)
        let ben = try scratch.makeRole("odt_ben")
        try DeskSchema.grant(admin, to: ben)
        let benConnection = try scratch.connect(as: ben)
        let first = try DecisionTransaction.append(benConnection, [Records.decision("s001", .rejected)], expecting: ["s001": 0])
        // ana saw s001 undecided and decides s001..s003 in one bulk.
        let outcome = try DecisionTransaction.append(admin, ["s001", "s002", "s003"].map { Records.decision($0) },
                                                     expecting: ["s001": 0, "s002": 0, "s003": 0])
        #expect(outcome.written.map(\.submissionID) == ["s002", "s003"])
        guard case .decidedMeanwhile(let id, let latest)? = outcome.refused.first else {
            Issue.record("expected a refusal, got \(outcome.refused)")
            return
        }
        #expect(id == "s001" && latest?.dbUser == ben && latest?.decision == "rejected" && latest?.seq == first.written[0].seq)
        // Having seen ben's record, ana may change it: the expectation names it.
        let override = try DecisionTransaction.append(admin, [Records.decision("s001")], expecting: ["s001": first.written[0].seq])
        #expect(override.refused.isEmpty && override.written.count == 1)
        #expect(try exportedLogIsClean(admin).isClean)
    }

    @Test func anotherHoldersLiveClaimBlocksUntilReleased() throws {
        let (scratch, connection) = try desk(3)
        _ = scratch
        let mine = Self.holder("screen-a", "ana")
        #expect(try ClaimLeases.take(connection, holder: mine, ids: ["s001", "s002"], leaseSeconds: 60) == ["s001", "s002"])
        let blocked = try DecisionTransaction.append(connection, [Records.decision("s001"), Records.decision("s003")],
                                                     expecting: ["s001": 0, "s003": 0], holder: "screen-b")
        #expect(blocked.refused.map(\.submissionID) == ["s001"] && blocked.written.map(\.submissionID) == ["s003"])
        if case .claimedByOther(_, let holder, let reviewer, _)? = blocked.refused.first {
            #expect(holder == "screen-a" && reviewer == "ana")
        }
        // The holder itself decides what it holds; a forced write ignores claims.
        #expect(try DecisionTransaction.append(connection, [Records.decision("s001")], expecting: ["s001": 0], holder: "screen-a").written.count == 1)
        #expect(try DecisionTransaction.append(connection, [Records.decision("s002")], expecting: [:], holder: "screen-b", checkingClaims: false).written.count == 1)
        try ClaimLeases.release(connection, holder: "screen-a")
        #expect(try connection.execute("SELECT count(*) FROM objection_desk.claims").int(0, 0) == 0)
    }

    @Test func twoOverlappingBulksNeitherDeadlockNorBreakTheChain() throws {
        let (scratch, connection) = try desk(200)
        let conninfo = scratch.conninfo
        let ids = (1...200).map { String(format: "s%03d", $0) }
        let outcomes = UnsafeSendableBox<[Result<DecisionTransaction.Outcome, Error>]>([])
        let lock = NSLock()
        let group = DispatchGroup()
        for slice in [Array(ids[0..<150]), Array(ids[50..<200].reversed())] {
            DispatchQueue.global().async(group: group) {
                let result = Result {
                    let own = try PostgresConnection(conninfo)
                    return try DecisionTransaction.append(own, slice.map { Records.decision($0) }, expecting: [:])
                }
                lock.withLock { outcomes.value.append(result) }
            }
        }
        group.wait()
        let written = try outcomes.value.map { try $0.get().written.count }
        #expect(written == [150, 150])
        let report = try exportedLogIsClean(connection)
        #expect(report.isClean && report.records == 300)
        // Each bulk is one run of seqs: commits never interleave.
        let batches = try connection.execute("""
            SELECT count(DISTINCT line::jsonb->>'batch'), max(seq) - min(seq) + 1 FROM objection_desk.decisions
            """)
        #expect(batches.int(0, 0) == 2 && batches.int(0, 1) == 300)
    }

    @Test func screensTakingWorkAtOnceGetDifferentSubmissions() throws {
        let (scratch, connection) = try desk(100)
        let conninfo = scratch.conninfo
        // Decided submissions are not work; a reopened one is.
        _ = try DecisionTransaction.append(connection, [Records.decision("s001"), Records.decision("s002"), Records.decision("s002", .reopened, reason: "again")],
                                           expecting: [:])
        let taken = UnsafeSendableBox<[[String]]>([])
        let lock = NSLock()
        let group = DispatchGroup()
        for screen in ["screen-a", "screen-b"] {
            DispatchQueue.global().async(group: group) {
                // A failure is recorded with its reason, not taken as "nothing to take".
                let ids: [String]
                do {
                    ids = try ClaimLeases.take(try PostgresConnection(conninfo), holder: Self.holder(screen), ids: nil, wanted: 60, leaseSeconds: 60)
                } catch {
                    Issue.record("\(screen) could not take work: \(error)")
                    ids = []
                }
                lock.withLock { taken.value.append(ids) }
            }
        }
        group.wait()
        let all = taken.value.flatMap { $0 }
        #expect(Set(all).count == all.count, "a submission was handed to both screens")
        #expect(all.count == 99 && !all.contains("s001") && all.contains("s002"))
        // Asking again renews one's own claims and takes none of the other's.
        let again = try ClaimLeases.take(connection, holder: Self.holder("screen-a"), ids: nil, wanted: 200, leaseSeconds: 60)
        #expect(Set(again) == Set(taken.value.first { $0.contains(again.first ?? "") } ?? []))
    }

    @Test func aReviewerRoleDecidesAndClaimsWithItsGrantAndTakesOverExpiredClaims() throws {
        let (scratch, admin) = try desk(3)
        let ana = try scratch.makeRole("odt_ana")
        let ben = try scratch.makeRole("odt_ben")
        for role in [ana, ben] { try DeskSchema.grant(admin, to: role) }
        let anaConnection = try scratch.connect(as: ana)
        let benConnection = try scratch.connect(as: ben)
        #expect(try ClaimLeases.take(benConnection, holder: Self.holder("ben-screen", "ben"), ids: ["s001"], leaseSeconds: 1) == ["s001"])
        // ben's live claim: ana can neither take it nor remove it.
        #expect(try ClaimLeases.take(anaConnection, holder: Self.holder("ana-screen"), ids: ["s001"], leaseSeconds: 60).isEmpty)
        try anaConnection.execute("DELETE FROM objection_desk.claims")
        #expect(try admin.execute("SELECT db_user FROM objection_desk.claims").column0 == [ben])
        Thread.sleep(forTimeInterval: 1.3)
        #expect(try ClaimLeases.take(anaConnection, holder: Self.holder("ana-screen"), ids: ["s001"], leaseSeconds: 60) == ["s001"])
        #expect(try admin.execute("SELECT db_user, holder FROM objection_desk.claims").string(0, 0) == ana)
        let outcome = try DecisionTransaction.append(anaConnection, [Records.decision("s001")], expecting: ["s001": 0], holder: "ana-screen")
        #expect(outcome.written.count == 1)
        #expect(try admin.execute("SELECT db_user FROM objection_desk.decisions").scalar == ana)
    }

    @Test func version1UpgradesToTheLatest() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        #expect(try DeskSchema.migrate(connection, upTo: 1).applied == [1])
        let upgrade = try DeskSchema.migrate(connection)
        #expect(upgrade.from == 1 && upgrade.to == DeskSchema.latestVersion && upgrade.applied == Array(2...DeskSchema.latestVersion))
    }
}
