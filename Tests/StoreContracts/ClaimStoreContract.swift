import DeskCore
import DeskStore
import Foundation
import Testing

/// The behaviour every `ClaimStore` must have, written once for all stores.
///
/// A store under test is given as a factory of handles on one fresh, shared backing: each call
/// opens another handle, as another screen (or process) would. Run each check with
/// `ClaimStoreContract.verify(check, clock:, open:)`; see `FileClaimStoreTests` for the file store,
/// `DatabaseStoreContractTests` for PostgreSQL.
///
/// Time goes by the `Clock`: a store that judges expiry by the `now` it is given runs on the
/// fixed `ClaimStoreContract.Clock()`; one that judges it by its own clock (a database server's)
/// supplies a clock that reads that time and makes time pass by moving its stored instants back.
package enum ClaimStoreContract {
    package enum Check: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case grantsFreeIDsAndNamesTheHoldersOfOthers
        case aNewClaimReplacesTheHoldersWholeClaim
        case renewingKeepsTheIDsAndMovesTheExpiry
        case expiredClaimsStopCounting
        case releaseFreesTheRowsAtOnce
        case claimingNothingReleases
        case concurrentTakersSplitTheIDs
        case aDeadProcessOnThisHostHoldsNothing
        case anotherHostsClaimCountsUntilItExpires

        package var testDescription: String { rawValue }
    }

    package static let now: Int64 = 1_795_176_000_000
    package static let minute: Int64 = 60_000

    /// The contract's time. `now` is what the checks pass as `now`; `pass` lets time go by;
    /// `reading` turns an instant the store reports into the contract's time; two instants agree
    /// within `tolerance` (0 for a store on the given `now`).
    package final class Clock: @unchecked Sendable {
        private let start: @Sendable () -> Int64
        private let moveStoredInstantsBack: @Sendable (Int64) throws -> Void
        private let storeReportsItsOwnTime: Bool
        package let tolerance: Int64
        private var passed: Int64 = 0

        /// A fixed clock: the store judges by the `now` it is given.
        package init() {
            start = { ClaimStoreContract.now }
            moveStoredInstantsBack = { _ in }
            storeReportsItsOwnTime = false
            tolerance = 0
        }

        /// The store's own clock (`current`, in ms), which time passing cannot move: the stored
        /// instants are moved back instead.
        package init(current: @escaping @Sendable () -> Int64, tolerance: Int64, moveStoredInstantsBack: @escaping @Sendable (Int64) throws -> Void) {
            start = current
            self.moveStoredInstantsBack = moveStoredInstantsBack
            storeReportsItsOwnTime = true
            self.tolerance = tolerance
        }

        package var now: Int64 { start() + passed }

        package func pass(_ milliseconds: Int64) throws {
            passed += milliseconds
            try moveStoredInstantsBack(milliseconds)
        }

        /// An instant the store reported, in the contract's time.
        func reading(_ instant: Int64?) -> Int64? { instant.map { storeReportsItsOwnTime ? $0 + passed : $0 } }

        func agrees(_ instant: Int64?, _ expected: Int64) -> Bool {
            guard let instant = reading(instant) else { return false }
            return abs(instant - expected) <= tolerance
        }
    }

    package static func holder(_ name: String, pid: Int32 = getpid(), host: String = ClaimHolder.currentHost) -> ClaimHolder {
        ClaimHolder(id: "\(name)-\(pid)-\(UInt32.random(in: 0 ... .max))", reviewer: name, osUser: OSUser.current, host: host, pid: pid)
    }

    package static func ids(_ range: Range<Int>) -> [String] { range.map { "obj-\($0)" } }

    /// Runs one check against handles opened by `open`.
    package static func verify(_ check: Check, clock: Clock = Clock(), open: @escaping @Sendable () throws -> any ClaimStore) throws {
        let now = clock.now
        let ana = holder("ana")
        let ben = holder("ben")
        switch check {
        case .grantsFreeIDsAndNamesTheHoldersOfOthers:
            let first = try open(), second = try open()
            let taken = try first.claim(ids(0..<10), for: ana, until: now + 5 * minute, now: now)
            #expect(taken.granted == ids(0..<10))
            #expect(taken.heldByOthers.isEmpty && taken.others.isEmpty)
            #expect(taken.mine?.ids == ids(0..<10) && clock.agrees(taken.mine?.expiresAt, now + 5 * minute))
            let contested = try second.claim(ids(5..<15) + ["obj-12"], for: ben, until: now + 5 * minute, now: now)
            #expect(contested.granted == ids(10..<15))
            #expect(contested.heldByOthers == Dictionary(uniqueKeysWithValues: ids(5..<10).map { ($0, ana.id) }))
            #expect(contested.others.map(\.holder) == [ana.id])
            #expect(contested.others.first?.reviewer == "ana" && contested.others.first?.osUser == OSUser.current)
            let live = try open().liveClaims(now: now)
            #expect(Set(live.map(\.holder)) == [ana.id, ben.id])
            #expect(Set(live.flatMap(\.ids)) == Set(ids(0..<15)))
        case .aNewClaimReplacesTheHoldersWholeClaim:
            let first = try open(), second = try open()
            _ = try first.claim(ids(0..<10), for: ana, until: now + minute, now: now)
            _ = try first.claim(ids(8..<12), for: ana, until: now + minute, now: now)
            let other = try second.claim(ids(0..<10), for: ben, until: now + minute, now: now)
            #expect(other.granted == ids(0..<8))
            // A live claim's ids come in no defined order (the files keep the request's, the
            // database the ids'); `ClaimOutcome.granted` and `mine` are in request order.
            #expect(try second.liveClaims(now: now).first { $0.holder == ana.id }.map { Set($0.ids) } == Set(ids(8..<12)))
        case .renewingKeepsTheIDsAndMovesTheExpiry:
            let store = try open()
            _ = try store.claim(ids(0..<3), for: ana, until: now + minute, now: now)
            try clock.pass(minute / 2)
            let renewed = try store.claim(ids(0..<3), for: ana, until: now + 3 * minute, now: clock.now)
            #expect(renewed.granted == ids(0..<3))
            try clock.pass(3 * minute / 2)
            let seen = try open().liveClaims(now: clock.now)
            #expect(seen.map(\.holder) == [ana.id])
            #expect(clock.agrees(seen.first?.renewedAt, now + minute / 2) && clock.agrees(seen.first?.expiresAt, now + 3 * minute))
        case .expiredClaimsStopCounting:
            let first = try open(), second = try open()
            _ = try first.claim(ids(0..<5), for: ana, until: now + minute, now: now)
            let margin = max(1, clock.tolerance)
            try clock.pass(minute - margin)
            #expect(try second.liveClaims(now: clock.now).count == 1)
            try clock.pass(margin)
            #expect(try second.liveClaims(now: clock.now).isEmpty)
            let later = try second.claim(ids(0..<5), for: ben, until: now + 3 * minute, now: clock.now)
            #expect(later.granted == ids(0..<5) && later.others.isEmpty)
            // The lapsed holder comes back: it gets nothing that was taken meanwhile.
            try clock.pass(minute)
            let back = try first.claim(ids(0..<7), for: ana, until: now + 4 * minute, now: clock.now)
            #expect(back.granted == ids(5..<7))
            #expect(back.heldByOthers.count == 5)
        case .releaseFreesTheRowsAtOnce:
            let first = try open(), second = try open()
            _ = try first.claim(ids(0..<5), for: ana, until: now + minute, now: now)
            try first.release(ana)
            try first.release(ana)  // releasing twice is fine
            #expect(try second.liveClaims(now: now).isEmpty)
            #expect(try second.claim(ids(0..<5), for: ben, until: now + minute, now: now).granted == ids(0..<5))
        case .claimingNothingReleases:
            let store = try open()
            _ = try store.claim(ids(0..<5), for: ana, until: now + minute, now: now)
            let none = try store.claim([], for: ana, until: now + minute, now: now)
            #expect(none.granted.isEmpty && none.mine == nil)
            #expect(try open().liveClaims(now: now).isEmpty)
        case .concurrentTakersSplitTheIDs:
            // Rounds of takers started together, each asking for the same ids: no round may
            // grant one id to two of them, and every id goes to someone.
            let takers = 4
            let wanted = ids(0..<500)
            let stores = try (0..<takers).map { _ in UncheckedSendable(try open()) }
            for round in 0..<40 {
                let holders = (0..<takers).map { holder("round\(round)-taker\($0)") }
                let results = Results(count: takers)
                DispatchQueue.concurrentPerform(iterations: takers) { index in
                    do {
                        results.set(index, try stores[index].value.claim(wanted, for: holders[index], until: now + minute, now: now).granted)
                    } catch {
                        results.set(index, ["<failed: \(error)>"])
                    }
                }
                let granted = results.all
                let failures = granted.flatMap { $0 }.filter { $0.hasPrefix("<failed") }
                #expect(failures.isEmpty, "round \(round): \(failures)")
                let flat = granted.flatMap { $0 }
                #expect(flat.count == Set(flat).count, "round \(round): an id was granted to two takers")
                #expect(Set(flat) == Set(wanted), "round \(round): \(Set(wanted).subtracting(flat).count) ids granted to no one")
                #expect(try open().liveClaims(now: now).flatMap(\.ids).count == wanted.count)
                for (index, holder) in holders.enumerated() { try stores[index].value.release(holder) }
            }
        case .aDeadProcessOnThisHostHoldsNothing:
            let dead = holder("gone", pid: try finishedProcessID())
            _ = try open().claim(ids(0..<5), for: dead, until: now + 60 * minute, now: now)
            let store = try open()
            #expect(try store.liveClaims(now: now).isEmpty)
            #expect(try store.claim(ids(0..<5), for: ben, until: now + minute, now: now).granted == ids(0..<5))
        case .anotherHostsClaimCountsUntilItExpires:
            let remote = holder("remote", pid: try finishedProcessID(), host: "elsewhere.example")
            _ = try open().claim(ids(0..<5), for: remote, until: now + minute, now: now)
            let store = try open()
            #expect(try store.liveClaims(now: now).map(\.holder) == [remote.id])
            #expect(try store.claim(ids(0..<5), for: ben, until: now + minute, now: now).granted.isEmpty)
            try clock.pass(minute)
            #expect(try store.claim(ids(0..<5), for: ben, until: now + 2 * minute, now: clock.now).granted == ids(0..<5))
        }
    }

    /// The id of a process that has exited and been reaped.
    package static func finishedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let pid = process.processIdentifier
        #expect(kill(pid, 0) != 0)
        return pid
    }

    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [[String]]
        init(count: Int) { values = Array(repeating: [], count: count) }
        func set(_ index: Int, _ value: [String]) { lock.withLock { values[index] = value } }
        var all: [[String]] { lock.withLock { values } }
    }
}

/// Hands a value to another thread that alone uses it from then on.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}
