import DeskStore
import DeskEngine
import DeskCore

extension AppState {
    /// The rows this screen should hold a claim on: the open (pending or awaiting verification)
    /// rows on the list's current screen and the open tagged rows, minus rows others hold.
    /// Sorted, without repeats. The effect runner publishes it whenever it changes.
    package var wantedClaimRows: [Int32] {
        let statuses = desk.ledger.statuses
        func wanted(_ row: Int32) -> Bool {
            let status = statuses[Int(row)]
            return status.isOpen && !claims.isHeldByOthers(row)
        }
        var screen: [Int32] = []
        if !layout.isTooSmall {
            let end = min(rows.count, listTop + max(0, layout.listHeight))
            if listTop < end { screen = rows[listTop..<end].filter(wanted).sorted() }
        }
        guard !tags.isEmpty else { return screen }
        // Tags come in increasing order: merge, skipping repeats, without sorting them all.
        var result: [Int32] = []
        var next = 0
        for row in tags.rows where wanted(row) {
            while next < screen.count && screen[next] < row {
                result.append(screen[next])
                next += 1
            }
            if next < screen.count && screen[next] == row { next += 1 }
            result.append(row)
        }
        result += screen[next...]
        return result
    }

    /// New claims from the runner: rows others hold are marked where they are, never moved, and
    /// the cursor stays on its submission (rows appearing above it, or a row moving away under
    /// it, made reviewers act on submissions they had not looked at). Only a screen whose
    /// reviewer has not pressed a key yet starts on a free row instead.
    mutating func claimsChanged(_ snapshot: ClaimSnapshot) {
        let problemBefore = claims.snapshot.problem
        if claims.update(snapshot, table: desk.table) {
            countClaimedByOthersInView()
            startOnAFreeRow()
        }
        if let problem = snapshot.problem, problem != problemBefore {
            message = StatusMessage(text: "claims not shared: \(problem)", isError: true)
        }
    }

    /// `a`/`r`/`v` on a row another reviewer's screen claims: ask first, naming the holder.
    mutating func confirmClaimedRow(_ kind: DecisionKind, row: Int32, claim: Claim) -> [Effect] {
        mode = .confirmClaimed(ClaimConfirmation(kind: kind, row: row, claim: claim))
        return []
    }

    mutating func handleClaimConfirmKey(_ key: Key, confirmation: ClaimConfirmation) -> [Effect] {
        mode = .browsing
        guard key == .character("y") || key == .character("Y") else {
            message = StatusMessage(text: "cancelled; left to \(Safe.line(confirmation.claim.reviewer))", isError: false)
            return []
        }
        let targets = [confirmation.row]
        if confirmation.kind.requiresReason || confirmation.kind == .reopened {
            mode = .prompt(Prompt(purpose: .reason(confirmation.kind, targets: targets, seen: seenLines(of: targets)), text: "", overridesClaims: true))
            return []
        }
        var request = request(confirmation.kind, targets: targets)
        request.overridesClaims = true
        return proceed(request, targets: targets)
    }

    /// Space on a row others hold: not tagged (bulk actions skip such rows anyway).
    mutating func refuseTagOnClaimedRow(_ claim: Claim) {
        let holder = isOwnOtherScreen(claim) ? "open on your other screen" : "claimed by \(Safe.line(claim.reviewer))"
        message = StatusMessage(text: "\(holder): not tagged (a/r/v on it ask first)", isError: false)
    }

    /// A claim held by this person's other screen: same OS account, same reviewer name.
    func isOwnOtherScreen(_ claim: Claim) -> Bool {
        claim.reviewer == reviewer && account.map { claim.osUser == $0 } ?? false
    }

    /// Who holds a claim, for counts and lists: the teammate's name, or "your other screen".
    func holderName(_ claim: Claim) -> String {
        isOwnOtherScreen(claim) ? "your other screen" : claim.reviewer
    }

    /// "until 14:05 UTC"
    static func claimExpiry(_ claim: Claim) -> String {
        "until " + String(Timestamp.formatUTCMillis(claim.expiresAt).dropFirst(11).prefix(5)) + " UTC"
    }
}
