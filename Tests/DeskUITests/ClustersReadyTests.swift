import Foundation
import Testing
@testable import DeskCore
@testable import DeskUI

/// `5` while the clusters are still being found in the background: said, then opened when ready.
@Suite struct ClustersReadyTests {
    @Test func theClustersViewOpensWhenTheBackgroundBuildIsTaken() throws {
        let fixture = try Fixture()
        let unfinished = ClusterBuild()
        fixture.desk.clusterBuild = unfinished
        var state = fixture.state()
        #expect(fixture.desk.isFindingClusters)

        #expect(state.press(.character("5")).isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.message?.text.contains("clusters view opens when ready") == true)
        #expect(!fixture.desk.collectClusters())

        unfinished.finish(ClusterBuild.Outcome(clusters: Clusters(table: fixture.desk.table), cachedRows: 0))
        #expect(fixture.desk.collectClusters())
        #expect(fixture.desk.hasClusters && !fixture.desk.isFindingClusters)
        _ = state.handle(.clustersReady)
        #expect(state.mode == .clusters(cursor: 0))
        // Taken once; a second ready event does not reopen a closed view.
        _ = state.press(.escape)
        _ = state.handle(.clustersReady)
        #expect(state.mode == .browsing)
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
