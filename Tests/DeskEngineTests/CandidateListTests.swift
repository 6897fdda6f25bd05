import Testing
@testable import DeskEngine

/// A text's loaded pairs, walked against others, must count and decide exactly as comparing pair
/// by pair; candidate lists keep the most typical tops first.
@Suite("candidate lists and the loaded pair table")
struct CandidateListTests {
    @Test func aLoadedTextSharesAndMissesWhatPairByPairCountingFinds() {
        var random = SystemRandomNumberGenerator()
        var overlap = BigramOverlap()
        var table = PairTable()
        for _ in 0..<300 {
            // Few distinct words, so that texts share some pairs, some more than once.
            let top = (0..<Int.random(in: 0...40, using: &random)).map { _ in StoredToken.random(in: 0...9, using: &random) }
            top.withUnsafeBufferPointer { table.load($0) }
            // Several texts walked against one loaded text: the stamps must keep them apart.
            for _ in 0..<8 {
                var member = Array(top.prefix(Int.random(in: 0...top.count, using: &random)))
                member += (0..<Int.random(in: 0...40, using: &random)).map { _ in StoredToken.random(in: 0...9, using: &random) }
                member.withUnsafeBufferPointer { m in
                    top.withUnsafeBufferPointer { t in
                        let full = overlap.compare(m, t)
                        for needed in [0, full.shared, full.shared + 1] {
                            let shared = table.shared(with: m, needing: needed)
                            #expect((shared == nil) == (full.shared < needed))
                            if let shared {
                                #expect(shared == full.shared)
                                #expect(table.loadedPairs == full.second)
                                #expect(table.walkedMissingRun == overlap.longestMissingRun(of: m, in: t))
                                #expect(table.loadedMissingRun() == overlap.longestMissingRun(of: t, in: m))
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func eachTextsCandidatesAreOrderedMostTypicalFirstWithoutItselfOrRepeats() {
        // Four texts; rank: text 2 most typical, then 0, 3, 1. Tops are recorded as ranks.
        let rank: [Int32] = [1, 3, 0, 2]
        let order: [Int32] = [2, 0, 3, 1]
        var lists = CandidateLists(textCount: 4, width: 4)
        lists.add(band: 0, tops: [3, 1, 2, 0].map { rank[$0] })
        lists.add(band: 1, tops: [0, 2, 2, 3].map { rank[$0] })
        lists.add(band: 2, tops: [2, 0, 2, 3].map { rank[$0] })
        lists.add(band: 3, tops: [3, 3, 1, 2].map { rank[$0] })
        lists.order(rank: rank, texts: order, parallelism: 2)
        func candidates(_ text: Int) -> [Int32] { (0..<Int(lists.counts[text])).map { lists.top(of: text, at: $0) } }
        #expect(candidates(0) == [2, 3])
        #expect(candidates(1) == [2, 0, 3])
        #expect(candidates(2) == [1])
        #expect(candidates(3) == [2, 0])
    }
}

extension CandidateLists {
    /// Records each text's top in `band` as the grouping does (`recordTops`), from a list.
    mutating func add(band: Int, tops bandTops: [Int32]) {
        let width = self.width
        recordTops { lists in
            for (text, top) in bandTops.enumerated() { lists.buffer[text * width + band] = top }
        }
    }
}
