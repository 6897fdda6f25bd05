import DeskCore
import DeskPostgres
import DeskStore
import Foundation
import StoreContracts
import Testing

/// The store contracts the file stores pass (Tests/StoreContracts), run against PostgreSQL: each
/// handle is another connection with its own local copy's reader, as another process would have
/// (handles share the copy's directory, as one account's desks do).
@Suite("Store contracts: PostgreSQL", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct DatabaseStoreContractTests {
    /// A scratch database with the desk's schema and a cache directory for the local copies.
    final class Backing: Sendable {
        let scratch: UncheckedSendable<TestDatabase.Scratch>
        let conninfo: String
        let cacheHome: String

        init(submissions: Int = 0) throws {
            let scratch = try TestDatabase.Scratch()
            let connection = try scratch.migrated()
            if submissions > 0 {
                // The ids the claim contract asks for (obj-0…): a claim is on a queued submission.
                try connection.execute("""
                    INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email)
                    SELECT 'obj-' || n, '{}', timestamptz '2026-10-01' + n * interval '1 minute', 'FR', 'a@example.org'
                    FROM generate_series(0, $1::integer - 1) n
                    """, [String(submissions)])
            }
            self.scratch = UncheckedSendable(scratch)
            conninfo = scratch.conninfo
            cacheHome = NSTemporaryDirectory() + "odt-contract-\(UUID().uuidString)"
        }

        deinit { try? FileManager.default.removeItem(atPath: cacheHome) }

        func connection() throws -> SharedConnection { SharedConnection(try PostgresConnection(conninfo)) }

        func mirror() throws -> DatabaseMirror { try DatabaseMirror(connection: connection(), cacheHome: cacheHome) }

        /// The server's clock; time passes by moving every claim's instants back (triggers off,
        /// so `renewed_at` is not stamped again).
        func clock() throws -> ClaimStoreContract.Clock {
            let admin = UncheckedSendable(try scratch.value.connect())
            try admin.value.execute("SET session_replication_role = replica")
            return ClaimStoreContract.Clock(current: { Int64(Date().timeIntervalSince1970 * 1000) }, tolerance: 2_000) { milliseconds in
                try admin.value.execute("""
                    UPDATE objection_desk.claims SET claimed_at = claimed_at - $1::interval,
                        renewed_at = renewed_at - $1::interval, expires_at = expires_at - $1::interval
                    """, ["\(milliseconds) milliseconds"])
            }
        }
    }

    private func decisionContract() throws -> (Backing, DecisionStoreContract) {
        let backing = try Backing()
        return (backing, DecisionStoreContract { try DatabaseDecisionStore(mirror: backing.mirror()) })
    }

    @Test func readsBackWhatAnyHandleAppended() throws {
        let (backing, contract) = try decisionContract()
        try withExtendedLifetime(backing) { try contract.readsBackWhatAnyHandleAppended() }
    }

    @Test func prepareSeesWhatOthersAppended() throws {
        let (backing, contract) = try decisionContract()
        try withExtendedLifetime(backing) { try contract.prepareSeesWhatOthersAppendedAndDecidesUnderTheLock() }
    }

    @Test func concurrentWritersKeepTheChain() async throws {
        let (backing, contract) = try decisionContract()
        try await contract.keepsOneUnbrokenChainUnderConcurrentWriters()
        withExtendedLifetime(backing) {}
    }

    @Test func rewindReadsEverythingAgain() throws {
        let (backing, contract) = try decisionContract()
        try withExtendedLifetime(backing) { try contract.rewindReadsEverythingAgain() }
    }

    /// Every check, the dead local process's included: a claim names its host and pid, and a
    /// desk on that host does not count one whose process is gone.
    @Test(arguments: ClaimStoreContract.Check.allCases)
    func meetsTheClaimStoreContract(_ check: ClaimStoreContract.Check) throws {
        let backing = try Backing(submissions: 500)
        try ClaimStoreContract.verify(check, clock: try backing.clock()) { DatabaseClaimStore(connection: try backing.connection()) }
        withExtendedLifetime(backing) {}
    }
}
