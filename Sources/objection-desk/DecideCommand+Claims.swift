import DeskStore
import DeskEngine
import DeskApp
import DeskCore
import DeskPostgres
import Foundation

extension DecideCommand {
    /// Refuses (exit 2, nothing written) when another reviewer's open screen claims any of
    /// `rows`, naming each holder and the ids they hold. Claims taken under the same reviewer
    /// name by the same OS account do not block: a reviewer's own screen never stops their CLI.
    func refuseClaimedRows(_ rows: [Int32], desk: Desk) throws {
        let me = DatabaseSession.holder(reviewer: reviewer ?? OSUser.current)
        let store: any ClaimStore = try DatabaseSession.current?.claims
            ?? ClaimKeeper.store(forDecisionLog: desk.decisionsPath, lease: try ClaimKeeper.Lease.fromCommandLine())
        let live: [Claim]
        do {
            live = try store.liveClaims(now: WallClock.now())
        } catch {
            // Also when no screen could publish a claim there (a symlink, a world-writable directory):
            // "no claims" would then be a guess, not a fact.
            throw CLIFailure(message: "cannot check the claims: \(error); nothing was written; pass --force to decide without them")
        }
        let book = ClaimBook(live.filter { !me.isSamePerson(as: $0) })
        guard !book.isEmpty else { return }
        var heldBy: [String: (claim: Claim, ids: [String])] = [:]
        var order: [String] = []
        for row in rows {
            let id = desk.table.id(Int(row))
            guard let claim = book.claim(on: id) else { continue }
            if heldBy[claim.holder] == nil { order.append(claim.holder) }
            heldBy[claim.holder, default: (claim, [])].ids.append(id)
        }
        guard !order.isEmpty else { return }
        let count = order.reduce(0) { $0 + heldBy[$1]!.ids.count }
        var lines = ["\(count) submission\(count == 1 ? " is" : "s are") claimed by another reviewer's open screen; nothing was written:"]
        for holder in order {
            let (claim, ids) = heldBy[holder]!
            let shown = ids.prefix(10).map { TerminalSafety.sanitize($0).text }.joined(separator: ", ")
            let more = ids.count > 10 ? " and \(ids.count - 10) more" : ""
            let until = Timestamp.formatUTCMillis(claim.expiresAt).replacingOccurrences(of: "T", with: " ").prefix(19)
            lines.append("  \(TerminalSafety.sanitize(claim.holderDescription).text), until \(until) UTC: \(shown)\(more)")
        }
        lines.append("ask them, wait for the claim to end, or pass --force to decide anyway")
        throw CLIFailure(message: lines.joined(separator: "\n"))
    }
}
