import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The cursor stays on its submission, as mutt and lazygit keep the selected item: across others'
/// claims and decisions, refreshes, filters and sorts. When its submission leaves the view, the
/// screen names it and what happened, then moves to the next row.
@Suite("Reducer: the cursor stays on its submission")
struct CursorIdentityTests {
    private func id(_ state: AppState) -> String { state.desk.table.id(Int(state.currentRow!)) }

    private func ids(_ state: AppState, _ range: Range<Int>) -> [String] {
        state.rows[range].map { state.desk.table.id(Int($0)) }
    }

    /// Down to the 10th row of the view.
    private func tenthRow(_ state: inout AppState) {
        for _ in 0..<9 { _ = state.press(.character("j")) }
    }

    /// Another reviewer's decision, appended to the log, as the idle refresh then reports it.
    private func decidedByBen(_ kind: DecisionKind, _ submissionID: String, secondsAgo: Int64, in fixture: Fixture,
                              state: inout AppState) throws {
        try fixture.othersAppend([
            Decision(submissionID: submissionID, kind: kind, reviewer: "ben", osUser: "ben", decidedAt: Fixture.now - secondsAgo * 1000,
                     reason: kind == .rejected ? "not an EU resident" : nil),
        ])
        _ = try fixture.refresh(&state)
        _ = state.handle(.reloaded(rowsRenumbered: false))
    }

    @Test func othersClaimingTheCurrentRowMarkItAndTheKeyStillActsOnIt() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        tenthRow(&state)
        let target = id(state)
        let before = state.rows
        // Ana was idle past her lease; ben's screen moved over her rows and claimed them.
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ids(state, 0..<10))])))
        #expect(state.rows == before)
        #expect(id(state) == target && state.cursor == 9)
        let cursorLine = Screen.render(state).lines[3 + state.cursor - state.listTop]
        #expect(cursorLine.contains("[ben]"))
        _ = state.press(.character("a"))
        guard case .confirmClaimed(let confirmation) = state.mode else { Issue.record("no confirmation"); return }
        #expect(state.desk.table.id(Int(confirmation.row)) == target)
        #expect(state.press(.character("y")) == [.record(DecisionRequest(kind: .accepted, submissionIDs: [target], overridesClaims: true))])
    }

    @Test func othersClaimsNeverReorderTheList() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"))  // a key: the cursor is the reviewer's now
        tenthRow(&state)
        let target = id(state)
        let before = state.rows
        // Ben's screen at the top of the queue, then `G` on it: claims move from the first rows to the last.
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ids(state, 0..<9))])))
        #expect(state.rows == before && id(state) == target)
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ids(state, 191..<200))])))
        #expect(state.rows == before && id(state) == target)
        #expect(state.claimedByOthersInView == 9)
        _ = state.handle(.claimsChanged(ClaimSnapshot()))
        #expect(state.rows == before && id(state) == target)
    }

    @Test func aNewScreenStartsOnTheFirstRowNobodyElseClaims() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let before = state.rows
        // Opened at the same moment as ben's screen, which took the first screen of rows.
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ids(state, 0..<9))])))
        #expect(state.rows == before)
        #expect(state.cursor == 9 && state.listTop == 9)
        #expect(state.wantedClaimRows.first == state.rows[9])
        // Once the reviewer has moved, the cursor is theirs: claims no longer place it.
        _ = state.press(.character("j"))
        let chosen = id(state)
        _ = state.handle(.claimsChanged(ClaimSnapshot(others: [claim("ben", ids(state, 0..<11))])))
        #expect(id(state) == chosen)
    }

    /// Down to the 10th row, which ben then accepts (3 s ago): that row's id and the next one's.
    private func benAcceptsTheTenthRow(in fixture: Fixture, state: inout AppState) throws -> (target: String, next: String) {
        tenthRow(&state)
        let target = id(state)
        let next = ids(state, 10..<11)[0]
        try decidedByBen(.accepted, target, secondsAgo: 3, in: fixture, state: &state)
        return (target, next)
    }

    @Test func aDecisionBySomeoneElseIsNamedAndTheCursorMovesToTheNextRow() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let (target, next) = try benAcceptsTheTenthRow(in: fixture, state: &state)
        #expect(id(state) == next)
        #expect(state.message?.text == "\(target) accepted by ben 3 s ago · now on \(next)")
        #expect(Screen.render(state).lines.joined(separator: "\n").contains("\(target) accepted by ben 3 s ago"))
    }

    @Test func aDecisionNoticeIsRevisedWhenThatDecisionIsUndone() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let (target, next) = try benAcceptsTheTenthRow(in: fixture, state: &state)
        #expect(state.message?.text == "\(target) accepted by ben 3 s ago · now on \(next)")
        // Others' work elsewhere leaves the notice as it is: it is still true.
        try decidedByBen(.rejected, ids(state, 2..<3)[0], secondsAgo: 2, in: fixture, state: &state)
        #expect(state.message?.text == "\(target) accepted by ben 3 s ago · now on \(next)")
        // Ben undoes it: pending again, the line must not go on saying it is accepted.
        let acceptedLine = state.desk.latestLine(of: state.desk.table.row(forID: target)!)
        try fixture.othersAppend([
            Decision(submissionID: target, kind: .reopened, reviewer: "ben", osUser: "ben", decidedAt: Fixture.now - 1000,
                     undoes: acceptedLine),
        ])
        _ = try fixture.refresh(&state)
        _ = state.handle(.reloaded(rowsRenumbered: false))
        #expect(state.message?.text == "\(target) reopened by ben 1 s ago")
        #expect(id(state) == next)
        #expect(Screen.render(state).lines.joined(separator: "\n").contains("\(target) reopened by ben 1 s ago"))
    }

    @Test func aDecisionOnARowAboveLeavesTheCursorOnItsSubmission() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        tenthRow(&state)
        let target = id(state)
        try decidedByBen(.rejected, ids(state, 2..<3)[0], secondsAgo: 1, in: fixture, state: &state)
        #expect(id(state) == target && state.cursor == 8)
        #expect(state.message == nil)
    }

    @Test func inTheAllViewTheCurrentRowStaysAndItsNewDecisionIsNamed() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"), .character("j"), .character("j"), .character("j"))
        let target = id(state)
        try decidedByBen(.rejected, target, secondsAgo: 4, in: fixture, state: &state)
        #expect(id(state) == target)
        #expect(state.message?.text == "\(target) rejected by ben 4 s ago")
    }

    @Test func aFilterKeepsTheCursorOnItsSubmission() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let table = state.desk.table
        let german = try #require(state.rows.indices.filter { table.country(Int(state.rows[$0])).description == "DE" }.dropFirst(3).first)
        _ = state.press(.character("j"))
        state.moveCursor(to: german)
        let target = id(state)
        _ = state.press(.character("/"))
        _ = state.type("country:de")
        _ = state.press(.enter)
        #expect(state.filterText == "country:de")
        #expect(id(state) == target)
        #expect(state.cursor == 3)
        #expect(state.message?.text == "filter: country:de")
    }

    @Test func aFilterThatHidesTheCurrentRowSaysSoAndMovesToTheNextShown() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let table = state.desk.table
        func isGerman(_ index: Int) -> Bool { table.country(Int(state.rows[index])).description == "DE" }
        let other = try #require(state.rows.indices.filter { !isGerman($0) && $0 > 5 }.first)
        let nextGerman = try #require(state.rows.indices.first { $0 > other && isGerman($0) })
        let expected = ids(state, nextGerman..<nextGerman + 1)[0]
        state.moveCursor(to: other)
        let target = id(state)
        _ = state.press(.character("/"))
        _ = state.type("country:de")
        _ = state.press(.enter)
        #expect(id(state) == expected)
        #expect(state.message?.text == "filter: country:de · \(target) is not in this filter · now on \(expected)")
    }

    @Test func aSortKeepsTheCursorOnItsSubmission() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        tenthRow(&state)
        let target = id(state)
        for _ in 0..<4 {
            _ = state.press(.character("s"))
            #expect(id(state) == target)
        }
    }

    @Test func theReaderStaysOnItsSubmissionAndShowsItsNewStatus() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"), .character("j"), .character("j"), .character("z"))
        let target = id(state)
        let next = ids(state, 4..<5)[0]
        try decidedByBen(.accepted, target, secondsAgo: 2, in: fixture, state: &state)
        guard case .reader = state.mode else { Issue.record("the reader closed"); return }
        let screen = Screen.render(state).lines
        #expect(screen[0].contains("Reading \(target)"))
        #expect(screen.joined(separator: "\n").contains("accepted"))
        // Back in the list: the cursor went on to the next row, and the screen says why.
        _ = state.press(.character("q"))
        #expect(id(state) == next)
        #expect(state.message?.text.hasPrefix("\(target) accepted by ben 2 s ago") == true)
    }

    @Test func escapeFromAClusterMemberListRestoresTheViewFilterAndCursor() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = fixture.desk.clusters
        fixture.deliver(&state)  // as the runner does once clusters are found
        _ = state.press(.character("/"))
        _ = state.type("country:de")
        _ = state.press(.enter, .character("j"), .character("j"))
        let target = id(state)
        let filteredRows = state.rows
        _ = state.press(.character("5"), .enter)
        #expect(state.view == .all && state.filterText.hasPrefix("cluster:"))
        _ = state.press(.character("j"))
        _ = state.press(.escape)
        #expect(state.view == .pending && state.filterText == "country:de")
        #expect(state.rows == filteredRows && id(state) == target)
        // Only once: a second Esc changes nothing.
        _ = state.press(.escape)
        #expect(state.filterText == "country:de" && id(state) == target)
    }

    /// A filter narrowed inside the member list (`cluster:X country:es`) is still the member
    /// list: Esc goes back to before `5` (it did nothing, without a word). A filter without the
    /// cluster is the reviewer's own, and Esc then leaves it alone.
    @Test func escapeAfterNarrowingTheMemberListStillGoesBack() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = fixture.desk.clusters
        fixture.deliver(&state)
        _ = state.press(.character("j"), .character("j"))
        let target = id(state)
        _ = state.press(.character("5"), .enter)
        let members = state.filterText
        #expect(members.hasPrefix("cluster:"))
        _ = state.press(.character("/"))
        _ = state.type(" -flag:adds")
        _ = state.press(.enter)
        #expect(state.filterText == members + " -flag:adds")
        _ = state.press(.escape)
        #expect(state.view == .pending && state.filterText.isEmpty && id(state) == target)
        _ = state.press(.character("5"), .enter)
        _ = state.press(.character("/"), .control("u"))
        _ = state.type("country:de")
        _ = state.press(.enter)
        _ = state.press(.escape)
        #expect(state.filterText == "country:de")
    }

    @Test func aReplacedQueueKeepsTheCursorOnTheSameSubmissionByID() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        tenthRow(&state)
        let target = id(state)
        // The queue is rewritten with its first line gone: every row number shifts by one.
        let lines = try String(contentsOf: Fixture.sampleURL, encoding: .utf8).split(separator: "\n").map(String.init)
        fixture.queue.replace(with: Array(lines.dropFirst()))
        let changes = try fixture.refresh(&state)
        #expect(changes.rowsRenumbered)
        _ = state.handle(.reloaded(rowsRenumbered: true))
        #expect(id(state) == target)
    }
}
