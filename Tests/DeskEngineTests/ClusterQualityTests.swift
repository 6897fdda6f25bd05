import DeskSampleData
import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// Clustering quality on 100,000 generated submissions with known families (every edit of the
/// variation model, heavy-tailed family sizes, hard negatives that share an opening, and rows
/// without comparable text). The benchmark measures the same at a million rows:
/// `swift run -c release objection-desk-bench clusters`.
@Suite(.serialized) struct ClusterQualityTests {
    @Test func pairwisePrecisionAndRecallAt100000() throws {
        let directory = TemporaryDirectory()
        let queue = directory.file("q.jsonl")
        let truth = try FamilyQueue(seed: 7, count: 100_000).write(queueTo: queue, truthTo: directory.file("truth"))
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        let clusters = desk.clusters
        let predicted = (0..<desk.table.count).map { Int32(clusters.cluster(ofRow: $0) ?? -1) }
        let score = PairwiseScore.compute(predicted: predicted, families: truth.families)
        #expect(score.scoredRows == 96_000)
        #expect(score.precision >= 0.999, "precision \(score.precision)")
        #expect(score.recall >= 0.97, "recall \(score.recall)")
        // Rows without comparable text are never clustered.
        for row in 0..<desk.table.count where truth.families[row] < 0 && clusters.kind(ofRow: row) != .short {
            #expect(clusters.cluster(ofRow: row) == nil)
        }
    }

    @Test func refreshingInStepsMatchesBuildingAtOnce() throws {
        let directory = TemporaryDirectory()
        let (bytes, truth) = FamilyQueue(seed: 11, count: 20_000).generate()
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        let queue = directory.write("q.jsonl", Array(lines.prefix(12_000).joined(separator: [0x0A])) + [0x0A])
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        desk.buildClusters()
        let idsBefore = (0..<12_000).map { desk.clusterID(ofRow: $0) }
        for step in stride(from: 12_000, to: 20_000, by: 2_000) {
            directory.append("q.jsonl", String(decoding: Array(lines[step..<(step + 2_000)].joined(separator: [0x0A])) + [0x0A], as: UTF8.self))
            try desk.refresh()
        }
        #expect(desk.table.count == 20_000)
        let stepwise = desk.clusters
        let atOnce = Clusters(table: desk.table)
        let predicted = { (clusters: Clusters) in (0..<20_000).map { Int32(clusters.cluster(ofRow: $0) ?? -1) } }
        let stepScore = PairwiseScore.compute(predicted: predicted(stepwise), families: truth.families)
        let onceScore = PairwiseScore.compute(predicted: predicted(atOnce), families: truth.families)
        #expect(stepScore.precision >= 0.999)
        #expect(stepScore.recall >= onceScore.recall - 0.02, "\(stepScore.recall) vs \(onceScore.recall)")
        // Ids of clusters that existed stay (a cluster is named by its first member in the file).
        var kept = 0
        for row in 0..<12_000 where idsBefore[row] != nil {
            if desk.clusterID(ofRow: row) == idsBefore[row] { kept += 1 }
        }
        #expect(kept == idsBefore.compactMap { $0 }.count)
        // `adds` flags after refreshes match a fresh computation for the same clusters.
        for row in 0..<20_000 where stepwise.cluster(ofRow: row) != nil && atOnce.cluster(ofRow: row) != nil
            && stepwise.representativeRow(ofCluster: stepwise.cluster(ofRow: row)!) == atOnce.representativeRow(ofCluster: atOnce.cluster(ofRow: row)!)
            && stepwise.size(ofCluster: stepwise.cluster(ofRow: row)!) == atOnce.size(ofCluster: atOnce.cluster(ofRow: row)!) {
            #expect(stepwise.addsWords(row) == atOnce.addsWords(row), "row \(row)")
        }
    }
}
