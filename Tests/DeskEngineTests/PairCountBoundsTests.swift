import Testing
@testable import DeskEngine

/// The bound that settles candidates before their tokens are read, and the walk that uses it.
@Suite("pair-count bounds and the candidate walk")
struct PairCountBoundsTests {
    /// A corpus holding `texts` (token values under 65,536 are stored as they are).
    static func corpus(_ texts: [[StoredToken]]) -> TextCorpus {
        var batch = SketchBatch(firstRow: 0, expectedTokens: 64)
        for (index, text) in texts.enumerated() {
            text.map(UInt32.init).withUnsafeBufferPointer { batch.tokens.append(narrowing: $0) }
            batch.tokenEnds.append(UInt32(batch.tokens.count))
            batch.textRows.append(Int32(index))
        }
        var corpus = TextCorpus()
        corpus.batches = [batch]
        corpus.reserve(texts.count)
        for index in texts.indices { corpus.append(batch: 0, local: index) }
        return corpus
    }

    /// Texts that share runs of words with each other, some pairs many times over.
    static func relatedTexts(count: Int, using random: inout some RandomNumberGenerator) -> [[StoredToken]] {
        let phrases = (0..<12).map { _ in (0..<Int.random(in: 3...12, using: &random)).map { _ in StoredToken.random(in: 0...300, using: &random) } }
        return (0..<count).map { _ in
            var text: [StoredToken] = []
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                if Bool.random(using: &random) {
                    text += phrases.randomElement(using: &random)!
                } else {
                    text += (0..<Int.random(in: 1...6, using: &random)).map { _ in StoredToken.random(in: 0...3, using: &random) }
                }
            }
            return text
        }
    }

    @Test func theBoundIsNeverBelowTheWordPairsTwoTextsShare() {
        var random = SystemRandomNumberGenerator()
        let texts = Self.relatedTexts(count: 120, using: &random)
        let corpus = Self.corpus(texts)
        let bounds = PairCountBounds(corpus: corpus, parallelism: 2)
        var overlap = BigramOverlap()
        var refused = 0
        for first in texts.indices {
            for second in texts.indices {
                let shared = overlap.compare(corpus.tokens(Int32(first)), corpus.tokens(Int32(second))).shared
                #expect(bounds.mayShare(Int32(first), Int32(second), atLeast: shared))
                if !bounds.mayShare(Int32(first), Int32(second), atLeast: shared + 3) { refused += 1 }
            }
        }
        // Not a bound that lets everything through.
        #expect(refused > texts.count * texts.count / 4)
    }

    @Test func unrelatedTextsAreRefusedAndRepeatedPairsLeaveTheBoundOpen() {
        let first = Array(StoredToken(1000)..<1031)  // 30 pairs
        let second = Array(StoredToken(2000)..<2031)  // 30 other pairs
        let repeated = [StoredToken](repeating: 7, count: 12)  // the pair (7, 7) eleven times
        let corpus = Self.corpus([first, second, repeated, repeated])
        let bounds = PairCountBounds(corpus: corpus, parallelism: 1)
        #expect(!bounds.mayShare(0, 1, atLeast: 15))
        #expect(bounds.mayShare(0, 0, atLeast: 30))
        #expect(!bounds.mayShare(0, 0, atLeast: 31))
        // Counts stop at 3: eleven shared pairs in one bucket cannot be bounded, so they pass.
        #expect(bounds.mayShare(2, 3, atLeast: 11))
        #expect(bounds.mayShare(0, 1, atLeast: 0))
    }

    @Test func theMemoGivesWhatTheRuleGives() {
        let parameters = ClusterParameters.standard
        var memo = NeededPairsMemo()
        for member in [0, 1, 5, 17, 60, 99, 150, 255, 256, 400] {
            for representative in [0, 3, 17, 45, 60, 100, 254, 255, 300] {
                let expected = parameters.sharedPairsNeeded(member: member, representative: representative)
                #expect(memo.needed(member: member, representative: representative, parameters: parameters) == expected)
                #expect(memo.needed(member: member, representative: representative, parameters: parameters) == expected)
            }
        }
    }

    /// The walk (member counted once, tops screened by the bound, a step ahead) must record for
    /// each text the first of its candidates that comparing pair by pair passes.
    @Test func theWalkPassesEachTextsFirstCandidateThatPasses() {
        var random = SystemRandomNumberGenerator()
        let texts = Self.relatedTexts(count: 400, using: &random).map { $0.count < 8 ? $0 + [1, 2, 3, 4, 5, 6, 7, 8] : $0 }
        let corpus = Self.corpus(texts)
        let parameters = ClusterParameters(parallelism: 2)
        let width = 6
        // Random candidates as ranks, with the identity as the typicality order.
        let rank = (0..<Int32(texts.count)).map { $0 }
        var lists = CandidateLists(textCount: texts.count, width: width)
        for band in 0..<width {
            lists.add(band: band, tops: texts.indices.map { _ in Int32.random(in: 0..<Int32(texts.count), using: &random) })
        }
        lists.order(rank: rank, texts: rank, parallelism: 2)
        var passed = CandidateTops(textCount: texts.count)
        let rounds = CandidateChecks(corpus: corpus, parameters: parameters,
                                     yardsticks: ShingleYardstick.Maker(table: nil, textRows: [], textLocations: []),
                                     bounds: PairCountBounds(corpus: corpus, parallelism: 2))
        let compared = rounds.run(lists, passed: &passed, rank: rank, progress: nil)
        var comparer = BigramOverlap()
        var expectedComparisons = 0
        var passes = 0
        for text in texts.indices {
            var expected: Int32?
            for index in 0..<Int(lists.counts[text]) {
                let top = lists.top(of: text, at: index)
                expectedComparisons += 1
                if comparer.isNearIdentical(corpus.tokens(Int32(text)), to: corpus.tokens(top), parameters: parameters) {
                    expected = top
                    break
                }
            }
            #expect(Array(passed.passed(Int32(text))) == (expected.map { [$0] } ?? []), "text \(text)")
            if expected != nil { passes += 1 }
        }
        #expect(compared == expectedComparisons)
        #expect(passes > 0)
    }
}
