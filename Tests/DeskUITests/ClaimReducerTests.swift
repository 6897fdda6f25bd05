import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// A claim by `reviewer` on `ids`, as the runner would report it.
func claim(_ reviewer: String, _ ids: [String], expiresAt: Int64 = Fixture.now + 5 * 60_000) -> Claim {
    Claim(holder: "desk2-\(reviewer.count)-cafe", reviewer: reviewer, osUser: reviewer + "-os", host: "desk2", pid: 4711,
          renewedAt: Fixture.now, expiresAt: expiresAt, ids: ids)
}

@Suite("Reducer: others' claims")
struct ClaimReducerTests {
    private func ids(_ state: AppState, _ range: Range<Int>) -> [String] {
        state.rows[range].map { state.desk.table.id(Int($0)) }
    }

    private func id(_ state: AppState) -> String { state.desk.table.id(Int(state.currentRow!)) }

    @Test func otherViewsKeepTheirOrderAndMarkClaimedRows() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"), .character("j"), .character("j"))
        let before = state.rows
        let current = id(state)
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ids(state, 2..<4))])))
        #expect(state.rows == before)
        #expect(id(state) == current)  // marked, not moved
        #expect(state.claimedByOthersInView == 2)
        let screen = Screen.render(state).lines
        // Rows 2 and 3 of the view (0-based) sit below the title and the column heading.
        #expect(screen[5].contains("@") && screen[5].contains("[ben]"))
        #expect(!screen[3].contains("[ben]"))
    }

    @Test func theWantedClaimIsTheOpenRowsOnScreenAndTheTaggedOnesMinusOthers() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let screen = Array(state.rows[0..<state.layout.listHeight])
        #expect(state.wantedClaimRows == screen.sorted())
        // Decided rows are not claimed; awaiting verification is still open work.
        try fixture.run([.record(DecisionRequest(kind: .verificationRequested, submissionIDs: [id(state)], reason: "x"))], on: &state)
        try fixture.run([.record(DecisionRequest(kind: .accepted, submissionIDs: [state.desk.table.id(Int(screen[1]))]))], on: &state)
        _ = state.press(.character("4"), .character("G"), .character(" "))
        let tagged = state.rows[199]
        _ = state.press(.character("g"))
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", [state.desk.table.id(Int(screen[2]))])])))
        let wanted = state.wantedClaimRows
        #expect(wanted.contains(screen[0]))
        #expect(!wanted.contains(screen[1]))
        #expect(!wanted.contains(screen[2]))
        #expect(wanted.contains(tagged))
        #expect(wanted == wanted.sorted() && wanted.count == state.layout.listHeight - 2 + 1)
    }

    @Test func acceptingARowSomeoneElseClaimsAsksFirstAndNamesThem() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"))
        let target = id(state)
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", [target])])))
        #expect(state.press(.character("a")).isEmpty)
        guard case .confirmClaimed(let confirmation) = state.mode else { Issue.record("no confirmation"); return }
        #expect(confirmation.claim.reviewer == "ben" && confirmation.kind == .accepted)
        let screen = Screen.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("\(target) is claimed by ben"))
        #expect(screen.contains("ben-os@desk2, pid 4711, until 12:05 UTC"))
        #expect(state.press(.character("n")).isEmpty)
        #expect(state.mode == .browsing && state.message?.text.contains("left to ben") == true)
        _ = state.press(.character("a"))
        let effects = state.press(.character("y"))
        #expect(effects == [.record(DecisionRequest(kind: .accepted, submissionIDs: [target], overridesClaims: true))])
    }

    @Test func rejectingARowSomeoneElseClaimsAsksFirstThenTakesTheReason() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"))
        let target = id(state)
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", [target])])))
        _ = state.press(.character("r"), .character("y"))
        guard case .prompt = state.mode else { Issue.record("no reason prompt"); return }
        _ = state.type("duplicate")
        let effects = state.press(.enter)
        #expect(effects.first == .record(DecisionRequest(kind: .rejected, submissionIDs: [target], reason: "duplicate", overridesClaims: true)))
    }

    @Test func starAndSpaceLeaveOthersRowsOut() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let held = ids(state, 0..<3)
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", held)])))
        _ = state.press(.character("*"))
        #expect(state.taggedCount == 197)
        #expect(state.message?.text.contains("3 claimed by others skipped") == true)
        _ = state.press(.character("c"), .character("g"))
        _ = state.press(.character(" "))
        #expect(state.taggedCount == 0 && state.message?.text.contains("claimed by ben") == true)
        #expect(state.cursor == 1)  // moves on, as a tag does
    }

    @Test func bulkDecisionsSkipRowsClaimedAfterTheyWereTagged() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let tagged = ids(state, 0..<4)
        _ = state.press(.character(" "), .character(" "), .character(" "), .character(" "))
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", [tagged[1]])])))
        _ = state.press(.character("a"))
        guard case .confirm(let confirmation) = state.mode else { Issue.record("no confirmation"); return }
        #expect(confirmation.claimedBy == [NamedCount(name: "ben", count: 1)])
        let text = Screen.render(state).lines.joined()
        #expect(text.contains("Accept 3 tagged submissions?") && text.contains("left out: 1 claimed by ben"))
        let effects = state.press(.character("y"))
        #expect(effects == [.record(DecisionRequest(kind: .accepted, submissionIDs: [tagged[0], tagged[2], tagged[3]]))])
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", tagged)])))
        _ = state.press(.character("a"))
        #expect(state.mode == .browsing && state.message?.text.contains("claimed by others; nothing to decide") == true)
    }

    @Test func afterADecisionTheCursorSkipsRowsOthersClaim() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"))
        let second = ids(state, 1..<3)
        let fourth = ids(state, 3..<4)[0]
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", second)])))
        try fixture.run(state.press(.character("a")), on: &state)
        #expect(id(state) == fourth)
    }

    @Test func theDetailSaysWhoClaimsTheRowAndUntilWhen() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"))
        let mine = ids(state, 1..<2)
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ids(state, 0..<1))],
                                                       mine: claim("ana", mine, expiresAt: Fixture.now + 7 * 60_000))))
        var screen = Screen.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("Claimed    by ben (ben-os@desk2, pid 4711) until 12:05 UTC; a/r/v ask first"))
        _ = state.press(.character("j"))
        screen = Screen.render(state).lines.joined(separator: "\n")
        #expect(screen.contains("Claimed    by you (this screen) until 12:07 UTC"))
    }

    @Test func aClaimsProblemIsShownOnce() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.handle(.claimsChanged(ClaimSnapshot(problem: "decisions.jsonl.claims: permission denied")))
        #expect(state.message?.text == "claims not shared: decisions.jsonl.claims: permission denied")
        _ = state.press(.character("j"))
        _ = state.handle(.claimsChanged(ClaimSnapshot(problem: "decisions.jsonl.claims: permission denied")))
        #expect(state.message == nil)
    }
}
