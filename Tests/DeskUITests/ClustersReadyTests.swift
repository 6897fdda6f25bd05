import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// `5` while the clusters are still being found in the background: said, then opened when ready.
@Suite struct ClustersReadyTests {
    @Test func theClustersViewOpensWhenTheBackgroundBuildIsTaken() throws {
        let fixture = try Fixture()
        // A build that finishes when the test says so.
        let gate = DispatchSemaphore(value: 0)
        let clusters = Clusters(table: fixture.desk.table)
        let unfinished = BackgroundTask { () -> ClusterBuild.Outcome in
            gate.wait()
            return ClusterBuild.Outcome(clusters: clusters, cachedRows: 0)
        }
        fixture.desk.clusterBuild = unfinished
        var state = fixture.state()
        #expect(fixture.desk.isFindingClusters)

        #expect(state.press(.character("5")).isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.message?.text.contains("clusters view opens when ready") == true)
        #expect(!fixture.desk.collectClusters())

        gate.signal()
        while !unfinished.isFinished { usleep(1_000) }
        #expect(fixture.desk.collectClusters())
        #expect(fixture.desk.hasClusters && !fixture.desk.isFindingClusters)
        fixture.deliver(&state)  // the runner hands over the desk with its clusters, then says they are ready
        _ = state.handle(.clustersReady)
        #expect(state.mode == .clusters(cursor: 0))
        // Taken once; a second ready event does not reopen a closed view.
        _ = state.press(.escape)
        _ = state.handle(.clustersReady)
        #expect(state.mode == .browsing)
    }

    /// The key never waits for clusters: when nobody is finding them, it asks for them.
    @Test func fiveAsksForTheClustersWhenNobodyIsFindingThem() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        #expect(!state.desk.hasClusters && !state.desk.isFindingClusters)
        #expect(state.press(.character("5")) == [.findClusters])
        #expect(state.mode == .browsing && state.opensClustersWhenReady)
        fixture.desk.buildClusters()
        fixture.deliver(&state)
        _ = state.handle(.clustersReady)
        #expect(state.mode == .clusters(cursor: 0))
    }

    /// A filter that needs clusters is applied without them at once (its cluster terms match
    /// nothing), asks for them, and is applied again when they are found.
    @Test func aFilterThatNeedsClustersIsAppliedAgainWhenTheyAreFound() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        state.filtersInBackground = true
        _ = state.press(.character("4"), .character("/"))
        #expect(state.type("flag:adds").contains(.findClusters))
        #expect(state.rows.isEmpty)
        #expect(state.message?.text.contains("the filter applies when they are found") == true)
        fixture.desk.buildClusters()
        fixture.deliver(&state)
        _ = state.handle(.clustersReady)
        let expected = fixture.desk.rows(matching: try FilterParser.parse("flag:adds"), now: Fixture.now)
        #expect(!expected.isEmpty && state.rows.sorted() == expected.sorted())
    }

    @Test func readyWithoutAPendingRequestChangesNothing() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        fixture.desk.prepareClusters()
        _ = fixture.desk.clusters  // waits for the background build instead of building twice
        #expect(fixture.desk.hasClusters)
        _ = state.handle(.clustersReady)
        #expect(state.mode == .browsing)
    }
}
