import DeskSampleData
import Testing
@testable import DeskEngine

/// Choosing representatives block by block on every core (two passes, then the walk over what
/// is left) places every text exactly as walking the texts one by one would.
@Suite(.serialized) struct RepresentativeBlockTests {
    @Test func blocksOfAnySizePlaceEveryTextAsOneByOne() throws {
        let directory = TemporaryDirectory()
        let queue = directory.file("q.jsonl")
        // Personal texts composed from shared sentences: many tops fall inside their text's block.
        _ = try SyntheticQueueWriter(seed: 5).write(count: 6_000, queueTo: queue, decisionsTo: nil)
        let table = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl")).table
        var parameters = ClusterParameters.standard
        parameters.parallelism = 2
        func roots(blockSize: Int) -> (roots: [Int32], checks: Int, attached: Int) {
            let grouping = NearDuplicateGrouping.run(table: table, parameters: parameters, representativeBlockSize: blockSize)
            let union = grouping.union
            return ((0..<Int32(union.count)).map { union.rootReadOnly($0) }, grouping.statistics.secondChecks, grouping.statistics.attached)
        }
        // One text a block: every top is settled before its block, so nothing is left to a walk.
        let oneByOne = roots(blockSize: 1)
        #expect(oneByOne.attached > 500 && oneByOne.checks > 0)
        for blockSize in [7, 64, 8_192] {
            let blocked = roots(blockSize: blockSize)
            let differing = zip(blocked.roots, oneByOne.roots).filter { $0 != $1 }.count
            #expect(blocked.roots.count == oneByOne.roots.count && differing == 0, "block size \(blockSize): \(differing) texts placed otherwise")
            #expect(blocked.checks == oneByOne.checks && blocked.attached == oneByOne.attached, "block size \(blockSize)")
        }
    }
}
