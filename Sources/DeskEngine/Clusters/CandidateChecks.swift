import DeskCore
import DeskStore
import Synchronization

/// Comparing every text with its candidates, most typical first, until it passes one (the most
/// typical top it can join) or has none left: each text's walk is its own, so threads share
/// nothing but read-only data.
///
/// Texts are walked in corpus order, a range per task: a text's candidate list, its tokens and
/// its pair counts are read in the order they are stored; its word pairs are counted once
/// (`PairTable`) and each top that passes the lengths and the bound (`PairCountBounds`) is
/// walked against them. Only the tops are reached at random, and `CandidateWalker` asks for their
/// lines a text ahead. (Comparisons used to go in rounds grouped by top, so that a top's pairs
/// were counted once for all its texts; every member was then reached at random, and on the
/// composed million the comparing threads mostly waited for memory.)
struct CandidateChecks {
    let corpus: TextCorpus
    let parameters: ClusterParameters
    let yardsticks: ShingleYardstick.Maker
    /// Settles most candidates that cannot pass before a top's tokens are read.
    let bounds: PairCountBounds

    /// Compares, recording in `passed` the top each text passed; returns the number of
    /// comparisons (for the statistics).
    func run(_ lists: CandidateLists, passed: inout CandidateTops, rank: [Int32], progress: ClusterProgress?) -> Int {
        let textCount = lists.textCount
        precondition(lists.width <= 64, "a text's candidates that may pass are a 64-bit mask")
        let pieceSize = 2_048
        let pieces = (textCount + pieceSize - 1) / pieceSize
        let (corpus, parameters, yardsticks, bounds) = (self.corpus, self.parameters, self.yardsticks, self.bounds)
        let compared = Atomic<Int>(0)
        rank.withUnsafeBufferPointer { rank in
            passed.withSlots { slots in
                runConcurrently(pieces, parallelism: parameters.parallelism, context: {
                    CandidateWalker(lists: lists, corpus: corpus, bounds: bounds, parameters: parameters,
                                    comparer: BigramOverlap(yardstick: yardsticks.make()))
                }) { walker, piece in
                    let texts = (piece * pieceSize)..<min(textCount, (piece + 1) * pieceSize)
                    let (candidates, comparisons) = walker.walk(texts, slots: slots, rank: rank)
                    compared.add(comparisons, ordering: .relaxed)
                    progress?.advance(by: candidates)
                }
            }
        }
        return compared.load(ordering: .relaxed)
    }
}

/// One thread's walk over a range of texts, a step ahead of itself: while text t is compared,
/// the tops of t + 1 have been screened (lengths, then the bound) and the tokens of those that
/// may pass asked for, and the tops of t + 2 (where their tokens are, their pair counts) too.
/// Tops are reached at random, and a top's line not asked for ahead was most of a comparison.
struct CandidateWalker {
    let lists: CandidateLists
    let corpus: TextCorpus
    let bounds: PairCountBounds
    let parameters: ClusterParameters
    var comparer: BigramOverlap
    private var table = PairTable()
    private var neededPairs = NeededPairsMemo()
    /// The shared pairs each screened top needs, for two texts (t and t + 1, by parity).
    private var needed = [Int32](repeating: 0, count: 128)

    init(lists: CandidateLists, corpus: TextCorpus, bounds: PairCountBounds, parameters: ClusterParameters, comparer: BigramOverlap) {
        self.lists = lists
        self.corpus = corpus
        self.bounds = bounds
        self.parameters = parameters
        self.comparer = comparer
    }

    /// Walks `texts`; returns their candidates and the comparisons made (up to each text's pass).
    mutating func walk(_ texts: Range<Int>, slots: CandidateTops.Slots, rank: UnsafeBufferPointer<Int32>) -> (candidates: Int, comparisons: Int) {
        var candidates = 0
        var comparisons = 0
        guard !texts.isEmpty else { return (0, 0) }
        comparer.yardstick?.expectMembers(Int32(texts.lowerBound)..<Int32(texts.upperBound))
        prefetchTops(of: texts.lowerBound)
        if texts.count > 1 { prefetchTops(of: texts.lowerBound + 1) }
        var nextMask = screen(texts.lowerBound)
        for text in texts {
            if text + 2 < texts.upperBound { prefetchTops(of: text + 2) }
            let mask = nextMask
            if text + 1 < texts.upperBound { nextMask = screen(text + 1) }
            let count = Int(lists.counts[text])
            candidates += count
            comparisons += compare(text, mayPass: mask, count: count, slots: slots, rank: rank)
        }
        return (candidates, comparisons)
    }

    /// Asks for where the tokens of `text`'s tops are and for their pair counts.
    private func prefetchTops(of text: Int) {
        for index in 0..<Int(lists.counts[text]) {
            let top = lists.top(of: text, at: index)
            corpus.prefetchLocation(of: top)
            bounds.prefetch(top)
        }
    }

    /// The tops of `text` that may pass, as a mask of their places in its list, with what each
    /// needs kept in `needed`; asks for their tokens.
    private mutating func screen(_ text: Int) -> UInt64 {
        let count = Int(lists.counts[text])
        guard count > 0 else { return 0 }
        let memberPairs = corpus.tokens(Int32(text)).count - 1
        let base = (text & 1) * 64
        var mask: UInt64 = 0
        for index in 0..<count {
            let top = lists.top(of: text, at: index)
            guard let pairs = neededPairs.needed(member: memberPairs, representative: corpus.tokens(top).count - 1, parameters: parameters),
                  bounds.mayShare(Int32(text), top, atLeast: pairs) else { continue }
            needed[base + index] = Int32(pairs)
            mask |= 1 << UInt64(index)
            corpus.prefetchTokens(of: top)
        }
        return mask
    }

    /// Compares `text` with the tops in `mayPass`, most typical first, until one passes; returns
    /// the candidates it went through (all of them when none passed).
    private mutating func compare(_ text: Int, mayPass: UInt64, count: Int, slots: CandidateTops.Slots,
                                  rank: UnsafeBufferPointer<Int32>) -> Int {
        var remaining = mayPass
        let member = corpus.tokens(Int32(text))
        let base = (text & 1) * 64
        var loaded = false
        while remaining != 0 {
            let index = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            let top = lists.top(of: text, at: index)
            let representative = corpus.tokens(top)
            if !loaded {
                table.load(member)
                loaded = true
            }
            guard let shared = table.shared(with: representative, needing: Int(needed[base + index])) else { continue }
            let overlap = Overlap(shared: shared, first: table.loadedPairs, second: max(0, representative.count - 1))
            let narrow = parameters.isNearIdentical(overlap) && parameters.isNarrow(overlap)
            let runs = narrow ? (member: table.loadedMissingRun(), representative: table.walkedMissingRun) : nil
            if comparer.confirms(overlap, member, representative, texts: (Int32(text), top), parameters: parameters, missingRuns: runs) {
                slots.recordPassed(text, top, rank: rank)
                return index + 1
            }
        }
        return count
    }
}

/// `ClusterParameters.sharedPairsNeeded` for texts under 256 word pairs, worked out once per
/// pair of lengths: asked for every candidate, it was a twentieth of comparing them.
struct NeededPairsMemo {
    private static let limit = 256
    /// -2: not worked out yet; -1: no overlap would do.
    private var table = [Int16](repeating: -2, count: limit * limit)

    mutating func needed(member: Int, representative: Int, parameters: ClusterParameters) -> Int? {
        guard member >= 0, representative >= 0, member < Self.limit, representative < Self.limit else {
            return parameters.sharedPairsNeeded(member: member, representative: representative)
        }
        let slot = member * Self.limit + representative
        var value = table[slot]
        if value == -2 {
            value = Int16(parameters.sharedPairsNeeded(member: member, representative: representative) ?? -1)
            table[slot] = value
        }
        return value < 0 ? nil : Int(value)
    }
}
