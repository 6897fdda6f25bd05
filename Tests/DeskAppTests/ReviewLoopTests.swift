import DeskApp
import DeskCore
import DeskEngine
import DeskStore
import DeskUI
import Foundation
import Testing

/// The effect runner, driven without a terminal: it runs what the state asks for and tells the
/// state what happened, over the desk's files.
@Suite("Effect runner")
struct ReviewLoopTests {
    @Test func startingReadsTheRecordsTheScreenShows() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        #expect(state.records.submissions.isEmpty)
        #expect(!state.recordRequests().isEmpty)
        fixture.loop(ScriptedScreen()).start(&state)
        #expect(state.filtersInBackground)
        #expect(state.recordRequests().isEmpty)
        let current = try #require(state.currentRow)
        #expect(state.records[current]?.id == fixture.desk.table.id(Int(current)))
        // Rows below the page are not read.
        #expect(state.records.submissions.count < fixture.desk.table.count)
    }

    @Test func aDecisionIsAppendedThenShownWithTheNewDesk() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let loop = fixture.loop(ScriptedScreen())
        loop.start(&state)
        let target = state.desk.table.id(Int(state.currentRow!))
        #expect(!loop.dispatch(.key(.character("a")), into: &state))
        #expect(fixture.logLines.count == 1 && fixture.logLines[0].contains("\"\(target)\""))
        #expect(loop.outcome.recorded == 1)
        // The state was handed the desk that holds the decision, and moved on to the next row.
        #expect(state.desk.ledger.entries.count == 1)
        #expect(state.desk.status(of: state.desk.table.row(forID: target)!) == .accepted)
        #expect(state.message?.text.hasPrefix("accepted \(target)") == true)
        #expect(state.desk.table.id(Int(state.currentRow!)) != target)
        #expect(state.records[state.currentRow!] != nil)
    }

    @Test func quitEndsTheLoop() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let loop = fixture.loop(ScriptedScreen())
        #expect(loop.dispatch(.key(.character("q")), into: &state))
    }

    @Test func aRowOthersClaimedMeanwhileIsNotWritten() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let store = StubClaimStore()
        let keeper = ClaimKeeper(store: store, holder: .thisProcess(reviewer: "ana"), lease: .standard, now: RunnerFixture.now)
        let loop = fixture.loop(ScriptedScreen(), claims: keeper)
        loop.start(&state)
        let target = state.desk.table.id(Int(state.currentRow!))
        #expect(store.published.contains(target))  // the screen claims what it shows
        // Ben's screen takes it between the screen's last look and the key.
        store.others = [Claim(holder: "ben-1", reviewer: "ben", osUser: "ben", host: "h", pid: 2, renewedAt: RunnerFixture.now,
                              expiresAt: RunnerFixture.now + 60_000, ids: [target])]
        _ = loop.dispatch(.key(.character("a")), into: &state)
        #expect(fixture.logLines.isEmpty)
        #expect(state.message?.text.contains("claimed meanwhile by ben") == true)
        #expect(state.message?.isError == true)
    }

    @Test func fiveAsksForClustersAndOpensTheViewWhenTheyAreFound() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let loop = fixture.loop(ScriptedScreen())
        loop.start(&state)
        _ = loop.dispatch(.key(.character("5")), into: &state)
        #expect(fixture.desk.isFindingClusters || fixture.desk.hasClusters)
        #expect(eventually(loop, &state) { $0.desk.hasClusters })
        #expect(state.mode == .clusters(cursor: 0))
        // The representatives' texts the view shows were read.
        #expect(state.recordRequests().isEmpty)
    }

    @Test func aLiveFilterIsEvaluatedInTheBackgroundAndItsRowsArrive() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let loop = fixture.loop(ScriptedScreen())
        loop.start(&state)
        _ = loop.dispatch(.key(.character("/")), into: &state)
        for character in "country:DE" { _ = loop.dispatch(.key(.character(character)), into: &state) }
        #expect(eventually(loop, &state) { !$0.isFiltering })
        #expect(!state.rows.isEmpty)
        #expect(state.rows.allSatisfy { state.desk.table.country(Int($0)).description == "DE" })
    }

    @Test func othersWorkIsFoldedAndShownOnReload() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let loop = fixture.loop(ScriptedScreen())
        loop.start(&state)
        let other = state.desk.table.id(Int(state.rows[3]))
        try DecisionLog(path: fixture.directory + "/d.jsonl").append([
            Decision(submissionID: other, kind: .rejected, reviewer: "ben", osUser: "ben", decidedAt: RunnerFixture.now, reason: "spam"),
        ])
        _ = loop.dispatch(.key(.character("R")), into: &state)
        #expect(state.desk.status(of: state.desk.table.row(forID: other)!) == .rejected)
        #expect(!state.rows.contains(Int32(state.desk.table.row(forID: other)!)))  // the pending view
    }

    @Test func theLoopPaintsRunsScriptedKeysAndReportsWhatItRecorded() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let screen = ScriptedScreen(script: [.events([.key(.character("j")), .key(.character("a"))]), .timeout,
                                             .events([.key(.character("q"))])])
        let outcome = fixture.loop(screen).run(&state)
        #expect(outcome.recorded == 1 && !outcome.hungUp)
        #expect(screen.paints >= 2)
        #expect(screen.text.contains("accepted"))
        #expect(fixture.logLines.count == 1)
    }

    @Test func aHangUpEndsTheLoopAsSuch() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        let outcome = fixture.loop(ScriptedScreen(script: [.hangUp])).run(&state)
        #expect(outcome.hungUp)
    }

    /// Woken only by files changing and keys (another screen's claims every 100 ms), never by an
    /// idle timeout: the state still learns the time, so "accepted by ben 15 s ago" is not "0 s ago".
    @Test func theClockMovesWhenNoIdleTimeoutComes() throws {
        let fixture = try RunnerFixture()
        var state = fixture.state()
        final class Clock: @unchecked Sendable { var now = RunnerFixture.now }
        let clock = Clock()
        let screen = ScriptedScreen(script: [.watchedReadable, .events([.key(.character("j"))]), .watchedReadable])
        let loop = ReviewLoop(desk: fixture.desk, screen: screen, claims: nil, clock: {
            clock.now += 5_000  // five seconds between wakeups
            return clock.now
        })
        _ = loop.run(&state)
        #expect(state.now > RunnerFixture.now + 10_000)
    }
}
