import DeskSampleData
import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// `viral` and `adds` counted from the clusters' sizes and flags equal a count row by row.
@Suite struct ViralAndAddsCountTests {
    /// Asks row by row (the protocol's default), as `flagCounts` did.
    private struct RowByRow: ClusterFacts {
        let clusters: Clusters
        func isViral(_ row: Int) -> Bool { clusters.isViral(row) }
        func addsWords(_ row: Int) -> Bool { clusters.addsWords(row) }
    }

    @Test func countsFromTheClustersAreThoseOfEachRow() throws {
        let directory = TemporaryDirectory()
        let (bytes, _) = FamilyQueue(seed: 11, count: 6_000).generate()
        let path = directory.write("q.jsonl", bytes)
        let desk = try Desk(queuePath: path, decisionsPath: directory.file("d.jsonl"), index: .disabled)
        let clusters = desk.clusters
        let fast = clusters.viralAndAddsCounts(rows: desk.table.count)
        let slow = RowByRow(clusters: clusters).viralAndAddsCounts(rows: desk.table.count)
        #expect(fast == slow)
        #expect(fast.viral > 0 && fast.adds > 0)
    }
}
