import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The progress a first clustering reports for a command's stderr line.
@Suite struct ClusterProgressTests {
    @Test func aBuildEndsFinishedAtOneHundredPercent() throws {
        let directory = TemporaryDirectory()
        let lines = (1...40).map { submissionLine(id: "s\($0)", justification: ClustersTests.letter + ($0 % 2 == 0 ? " Please hurry." : "")) }
        let desk = try Desk(queuePath: directory.write("q.jsonl", lines.joined(separator: "\n") + "\n"), decisionsPath: directory.file("d.jsonl"))
        #expect(desk.clusterProgress.phase == .waiting)
        #expect(desk.clusterProgress.fraction == 0)
        desk.buildClusters()
        #expect(desk.clusters.count == 1)
        #expect(desk.clusterProgress.phase == .finished)
        #expect(desk.clusterProgress.fraction == 1)
    }

    @Test func fractionRisesThroughThePhasesByTheirWeights() {
        let progress = ClusterProgress()
        var seen: [Double] = []
        for phase in [ClusterProgress.Phase.sketch, .compare, .assemble, .adds] {
            progress.begin(phase, units: 4)
            seen.append(progress.fraction)
            progress.advance(by: 2)
            seen.append(progress.fraction)
            progress.advance(by: 2)
            seen.append(progress.fraction)
        }
        progress.begin(.finished)
        seen.append(progress.fraction)
        #expect(seen == seen.sorted())
        #expect(seen.first == 0)
        #expect(seen.last == 1)
        // Halfway through comparing: all of the sketch's share, half of the comparison's.
        progress.begin(.compare, units: 10)
        progress.advance(by: 5)
        #expect(abs(progress.fraction - (ClusterProgress.weight(.sketch) + ClusterProgress.weight(.compare) / 2)) < 1e-9)
    }

    @Test func weightsCoverTheWholeBuild() {
        let total = ClusterProgress.Phase.allCases.reduce(0) { $0 + ClusterProgress.weight($1) }
        #expect(abs(total - 1) < 1e-9)
    }
}
