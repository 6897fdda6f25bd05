import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The live filter evaluated off the screen's thread: keys return at once with a request, the rows
/// follow, and only the newest result that nothing newer overtook is shown.
@Suite struct LiveFilterTests {
    private func state(_ fixture: Fixture) -> AppState {
        var state = fixture.state()
        state.filtersInBackground = true
        return state
    }

    private func titleLine(_ state: AppState) -> String { ListView.titleText(state) }

    @Test func aKeystrokeAsksForTheRowsAndTheResultShowsThem() throws {
        let fixture = try Fixture()
        var state = state(fixture)
        let before = state.rows
        _ = state.press(.character("/"))
        let effects = state.type("country:DE")
        #expect(effects.allSatisfy { $0 == .evaluateFilter })
        #expect(!effects.isEmpty)
        #expect(state.rows == before)  // not filtered on the spot
        #expect(state.isFiltering)
        #expect(titleLine(state).contains("updating…"))
        let job = try #require(state.filterJob())
        #expect(job.generation == state.filterGeneration)
        _ = state.handle(.filterEvaluated(generation: job.generation, rows: job.evaluate()))
        #expect(!state.isFiltering)
        let expected = fixture.desk.rows(matching: try FilterParser.parse("country:DE status:pending"), sortedBy: state.sort, now: state.now)
        #expect(state.rows == expected)
        #expect(!expected.isEmpty && expected.count < before.count)
        #expect(!titleLine(state).contains("updating…"))
    }

    @Test func anOlderResultIsNeverShown() throws {
        let fixture = try Fixture()
        var state = state(fixture)
        _ = state.press(.character("/"))
        _ = state.type("country:D")
        let older = try #require(state.filterJob())
        _ = state.type("E")
        let newer = try #require(state.filterJob())
        #expect(newer.generation > older.generation)
        _ = state.handle(.filterEvaluated(generation: older.generation, rows: older.evaluate()))
        #expect(state.isFiltering)  // still waiting for the newest
        _ = state.handle(.filterEvaluated(generation: newer.generation, rows: newer.evaluate()))
        #expect(!state.isFiltering)
        #expect(state.rows.allSatisfy { fixture.desk.table.columns.countries[Int($0)] == CountryCode(normalizing: "DE")!.packed })
    }

    @Test func aDecisionMadeMeanwhileWinsOverTheResultComputedBeforeIt() throws {
        let fixture = try Fixture()
        var state = state(fixture)
        _ = state.press(.character("/"))
        _ = state.type("country:DE")
        let job = try #require(state.filterJob())
        let stale = job.evaluate()
        _ = state.handle(.filterEvaluated(generation: job.generation, rows: stale))
        _ = state.press(.enter)
        _ = state.type("s")  // a new sort, evaluated later
        let sortJob = try #require(state.filterJob())
        let sortedBeforeDecision = sortJob.evaluate()
        // A decision recorded before that result arrives recomputes the rows on the spot.
        let first = state.rows[0]
        try fixture.run([.record(DecisionRequest(kind: .accepted, submissionIDs: [fixture.desk.table.id(Int(first))]))], on: &state)
        #expect(!state.rows.contains(first))
        _ = state.handle(.filterEvaluated(generation: sortJob.generation, rows: sortedBeforeDecision))
        #expect(!state.rows.contains(first))  // the older result does not bring it back
    }

    @Test func withoutTheAppTheFilterAppliesOnTheSpot() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("/"))
        #expect(state.type("country:DE").isEmpty)
        #expect(!state.isFiltering)
        #expect(state.filterJob() == nil)
    }
}
