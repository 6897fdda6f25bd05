import DeskStore
import DeskEngine
import DeskCore
import DeskUI
import Foundation

/// The review screen's claim, kept in step with what the screen shows: publishes the wanted rows
/// when they change, renews while the reviewer types, tells the state about others' claims, and
/// releases on the way out. All of it runs in the effect runner; the reducer only says which rows
/// it wants (`AppState.wantedClaimRows`). The command line's `decide` uses its store and lease too.
package final class ClaimKeeper {
    /// How long claims last: five minutes after the last keystroke.
    package struct Lease: Sendable {
        /// Milliseconds a claim lasts after the reviewer's last keystroke.
        package var duration: Int64
        /// Published expiries run this far past `duration`, so typing renews only this often.
        package var renewEvery: Int64

        package init(duration: Int64, renewEvery: Int64) {
            self.duration = duration
            self.renewEvery = renewEvery
        }

        package static let standard = Lease(duration: 300_000, renewEvery: 30_000)

        /// Why `OBJECTION_DESK_CLAIM_SECONDS` was refused.
        package struct Invalid: Error, CustomStringConvertible {
            package let description: String
        }

        /// `OBJECTION_DESK_CLAIM_SECONDS` shortens (or lengthens) the lease, e.g. for tests.
        package static func from(environment: [String: String]) throws(Invalid) -> Lease {
            guard let text = environment["OBJECTION_DESK_CLAIM_SECONDS"] else { return .standard }
            guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
                throw Invalid(description: "OBJECTION_DESK_CLAIM_SECONDS must be a number of seconds between 0 and 86400, not \"\(text)\"")
            }
            let duration = Int64(seconds * 1000)
            return Lease(duration: duration, renewEvery: min(30_000, max(1, duration / 5)))
        }

        /// The furthest expiry after a renewal this lease writes.
        package var longest: Int64 { duration + renewEvery }
    }

    /// The claims beside `decisionsPath`, believing expiries up to the longer of the standard
    /// lease and this process's (`OBJECTION_DESK_CLAIM_SECONDS`).
    package static func store(forDecisionLog decisionsPath: String, lease: Lease) -> FileClaimStore {
        FileClaimStore(directory: FileClaimStore.directory(forDecisionLog: decisionsPath),
                       maximumLease: max(Claim.standardMaximumLease, lease.longest))
    }

    let store: any ClaimStore
    let holder: ClaimHolder
    let lease: Lease
    /// Others' claims are read at least this often (the live-update delay is 200 ms).
    static let readInterval: Int64 = 100

    private var publishedRows: [Int32] = []
    private var publishedExpiry: Int64 = 0
    private var lastKeystroke: Int64
    private var lastRead: Int64 = .min / 2
    private var others: [Claim] = []
    private var lastLive: [Claim] = []
    private var mine: Claim?
    private var problem: String?
    private var lastDelivered = ClaimSnapshot()

    package init(store: any ClaimStore, holder: ClaimHolder, lease: Lease, now: Int64) {
        self.store = store
        self.holder = holder
        self.lease = lease
        lastKeystroke = now  // opening the screen counts as activity
    }

    /// The directory to watch for others' changes (then call `sync(…, force: true)`).
    var watchPath: String? { store.watchPath }

    func keystroke(at now: Int64) { lastKeystroke = now }

    /// Reads others' claims (when due, or when `force`d), publishes this screen's claim when the
    /// wanted rows changed or typing calls for a renewal, and feeds any change to the state.
    /// `stateChanged` says whether anything happened to the state since the last call (events,
    /// effects, a refresh); without it the wanted rows are not recomputed.
    /// Returns whether the state was told of a change.
    @discardableResult
    func sync(_ state: inout AppState, now: Int64, stateChanged: Bool, force: Bool = false) -> Bool {
        var delivered = false
        if force || now - lastRead >= Self.readInterval {
            lastRead = now
            readOthers(now: now)
            delivered = deliver(into: &state)
        }
        let lapsed = !publishedRows.isEmpty && lastKeystroke + lease.duration <= now
        guard stateChanged || delivered || lapsed else { return false }
        // A refused row can move a new screen's cursor to a free row, which changes the wanted rows: settle before painting.
        for _ in 0..<4 {
            guard publish(&state, now: now) else { break }
            delivered = true
        }
        return delivered
    }

    /// Ends this screen's claim (quit, hang-up, SIGTERM). A crash leaves the file to expire.
    func release() {
        try? store.release(holder)
        publishedRows = []
    }

    /// The holders of `ids` other than this screen, read now: the write re-checks what the screen
    /// showed, since a claim can be taken between a refresh and a key.
    package func othersHolding(_ ids: [String], now: Int64) -> [(id: String, claim: Claim)] {
        guard let live = try? store.liveClaims(now: now) else { return [] }
        let book = ClaimBook(live.filter { $0.holder != holder.id })
        guard !book.isEmpty else { return [] }
        return ids.compactMap { id in book.claim(on: id).map { (id, $0) } }
    }

    /// Why `request` must not be written: rows it decides that another screen claims now, unless
    /// the reviewer confirmed deciding a claimed row. Undo is never refused (the rows were ours).
    func refusal(of request: DecisionRequest, now: Int64) -> String? {
        guard !request.overridesClaims, !request.isUndo else { return nil }
        let held = othersHolding(request.submissionIDs, now: now)
        guard let first = held.first else { return nil }
        let more = held.count > 1 ? " and \(held.count - 1) more" : ""
        return "claimed meanwhile by \(TerminalSafety.sanitize(first.claim.reviewer).text): "
            + TerminalSafety.sanitize(first.id).text + more + "; nothing was recorded"
    }

    private func readOthers(now: Int64) {
        do {
            let live = try store.liveClaims(now: now)
            // The store hands back the same array while nothing changed: comparing it is then
            // O(1), so an idle screen beside many claims does not filter them ten times a second.
            if live != lastLive {
                lastLive = live
                others = live.filter { $0.holder != holder.id }
            }
            if mine != nil, mine!.expiresAt <= now { mine = nil }
        } catch {
            problem = (error as? ClaimStoreError)?.description ?? "\(error)"
        }
    }

    /// Publishes when needed; returns whether the state changed as a result.
    private func publish(_ state: inout AppState, now: Int64) -> Bool {
        let leaseEnd = lastKeystroke + lease.duration
        // Idle for the whole lease: the claim lapses and is not taken again until a key.
        let wanted = leaseEnd > now ? state.wantedClaimRows : []
        let renewalDue = !wanted.isEmpty && leaseEnd > publishedExpiry
        guard wanted != publishedRows || renewalDue else { return false }
        let expiry = leaseEnd + lease.renewEvery
        publishedRows = wanted
        publishedExpiry = expiry
        do {
            if wanted.isEmpty {
                try store.release(holder)
                mine = nil
            } else {
                let ids = wanted.map { state.desk.table.id(Int($0)) }
                let outcome = try store.claim(ids, for: holder, until: expiry, now: now)
                others = outcome.others
                lastLive = []  // the next read filters again rather than trust an older array
                mine = outcome.mine
            }
            problem = nil
        } catch {
            problem = (error as? ClaimStoreError)?.description ?? "\(error)"
        }
        return deliver(into: &state)
    }

    @discardableResult
    private func deliver(into state: inout AppState) -> Bool {
        let snapshot = ClaimSnapshot(others: others, mine: mine, problem: problem)
        guard snapshot != lastDelivered else { return false }
        lastDelivered = snapshot
        _ = state.handle(.claimsChanged(snapshot))
        return true
    }
}
