import DeskSampleData
import Foundation
import Testing

/// The generator of queues with known families, and the pairwise scorer.
@Suite struct FamilyQueueTests {
    @Test func sameSeedSameBytesAndOneTruthPerLine() {
        let first = FamilyQueue(seed: 3, count: 3_000).generate()
        let second = FamilyQueue(seed: 3, count: 3_000).generate()
        #expect(first.queue == second.queue)
        #expect(first.truth == second.truth)
        #expect(FamilyQueue(seed: 4, count: 3_000).generate().queue != first.queue)
        let lines = first.queue.split(separator: 0x0A)
        #expect(lines.count == 3_000)
        #expect(first.truth.families.count == 3_000)
        for line in lines.prefix(200) {
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            #expect(object?["justification"] is String)
            #expect(object?["id"] is String)
        }
    }

    @Test func familiesAreHeavyTailedAndEveryEditOccurs() {
        let count = 20_000
        let truth = FamilyQueue(seed: 7, count: count).generate().truth
        let sizes = PairwiseScore.familySizes(truth.families)
        let noise = truth.families.filter { $0 < 0 }.count
        #expect(noise == count * 4 / 100)
        #expect(sizes.values.max()! >= count * 4 / 100)            // the largest chain letter
        #expect(sizes.values.filter { $0 == 2 }.count >= 50)       // pairs
        #expect(sizes.values.filter { $0 >= 100 }.count >= 5)      // a heavy tail between
        #expect(sizes.values.filter { $0 == 1 }.count >= count / 5)  // texts written once
        let seen = truth.edits.reduce(FamilyEdits()) { $0.union($1) }
        for edit in [FamilyEdits.caseChanged, .accentsStripped, .decomposed, .whitespace, .punctuation, .quotes,
                     .greeting, .signOff, .name, .handle, .emoji, .typos, .sentenceAdded, .sentenceDropped,
                     .truncated, .lineBreaks] {
            #expect(seen.contains(edit), "edit \(edit.rawValue) never drawn")
        }
        // About half of the members keep the words of their base text (cosmetic edits at most).
        let members = truth.edits.indices.filter { truth.families[$0] >= 0 && (sizes[truth.families[$0]] ?? 0) > 1 }
        let cosmetic = members.filter { FamilyEdits.cosmetic.isSuperset(of: truth.edits[$0]) }.count
        #expect(Double(cosmetic) / Double(members.count) > 0.4)
    }

    @Test func scorerCountsPairsFromSizes() {
        // Families: A A A B B, plus an excluded row. Clusters: {0,1}, {2,3}, 4 alone.
        let families: [Int32] = [0, 0, 0, 1, 1, -1]
        let predicted: [Int32] = [5, 5, 6, 6, -1, 5]
        let score = PairwiseScore.compute(predicted: predicted, families: families)
        #expect(score.truePairs == 3 + 1)
        #expect(score.predictedPairs == 1 + 1)
        #expect(score.correctPairs == 1)
        #expect(score.precision == 0.5)
        #expect(score.recall == 0.25)
        #expect(score.scoredRows == 5)
    }
}
