import DeskCore

/// Choosing representatives (`NearDuplicateGrouping`'s last step): most typical texts first, each
/// joins a representative it is near-identical to, or becomes one; on every core block by block.
extension NearDuplicateGrouping {
    /// The sequential step: most typical texts first, each joins a representative it is
    /// near-identical to, or becomes one.
    ///
    /// In blocks of the order, on every core first: a text whose passed tops all come before its
    /// block has tops whose representatives are settled (a text's root never changes once it is
    /// placed), so what it joins is decided then, exactly as the walk would. A second pass, on
    /// every core too, goes on for the texts left at a top inside the block that the first pass
    /// placed; the walk then applies all of it in order and decides itself only the texts whose
    /// top waits for the walk, from that top on. (Done on one core it kept the other idle for a
    /// tenth of a first `stats`; with the first pass alone, for ~0.4 s of the walk half the time.)
    mutating func assignRepresentatives(order: [Int32], rank: [Int32], candidates: CandidateTops, bounds: PairCountBounds) {
        let blockSize = representativeBlockSize
        let parallelism = parameters.parallelism
        let parameters = self.parameters
        let corpus = self.corpus
        var decided = [Int32](repeating: 0, count: blockSize)
        let yardsticks = self.yardsticks
        var comparer = BigramOverlap(yardstick: yardsticks.make())
        // One comparer per piece, kept from block to block: each holds a yardstick whose row
        // reader and cached representatives' shingles were made again for every piece of
        // every block (a hundred blocks at a million rows), cold each time.
        var pieceComparers = (0..<(parallelism * 4)).map { _ in BigramOverlap(yardstick: yardsticks.make()) }
        for blockStart in stride(from: 0, to: order.count, by: blockSize) {
            let block = order[blockStart..<min(order.count, blockStart + blockSize)]
            let pieces = min(block.count / 512 + 1, parallelism * 4)
            // Per text: the representative it joins (≥ 0), none (-1), or -2 - k: its walk goes on
            // from its k-th passed top, which is inside the block. Pass two goes on for those
            // whose top pass one placed. (A scope of its own: the copy of the union must be gone
            // before the walk changes it, or the walk copies it.)
            do {
                let settled = self.union
                statistics.secondChecks += Self.decideOnEveryCore(block.count, pieces: pieces, parallelism: parallelism,
                                                                   decided: &decided, comparers: &pieceComparers) { index, comparer, checks in
                    Self.place(block[block.startIndex + index], tops: candidates.passed(block[block.startIndex + index]), from: 0,
                               blockStart: blockStart, firstPass: nil, union: settled, rank: rank, corpus: corpus, bounds: bounds,
                               parameters: parameters, comparer: &comparer, checks: &checks)
                }
                let firstPass = decided
                statistics.secondChecks += firstPass.withUnsafeBufferPointer { firstPass in
                    Self.decideOnEveryCore(block.count, pieces: pieces, parallelism: parallelism, decided: &decided,
                                           comparers: &pieceComparers) { index, comparer, checks in
                        guard firstPass[index] <= -2 else { return nil }
                        let text = block[block.startIndex + index]
                        return Self.place(text, tops: candidates.passed(text), from: Int(-2 - firstPass[index]), blockStart: blockStart,
                                          firstPass: firstPass, union: settled, rank: rank, corpus: corpus, bounds: bounds,
                                          parameters: parameters, comparer: &comparer, checks: &checks)
                    }
                }
            }
            for (index, text) in block.enumerated() {
                var placed = decided[index]
                if placed <= -2 {
                    placed = Self.place(text, tops: candidates.passed(text), from: Int(-2 - placed), blockStart: Int.max, firstPass: nil,
                                        union: union, rank: rank, corpus: corpus, bounds: bounds,
                                        parameters: parameters, comparer: &comparer, checks: &statistics.secondChecks)
                }
                if placed >= 0 {
                    union.attach(text, to: placed)
                    statistics.attached += 1
                }
            }
        }
    }

    /// Calls `decide` for every position of a block of `count` texts, in `pieces` on every core,
    /// each piece with its own comparer (kept from block to block), and stores what it returns
    /// (nil: nothing) in `decided`; returns the comparisons it counted.
    private static func decideOnEveryCore(_ count: Int, pieces: Int, parallelism: Int, decided: inout [Int32],
                                          comparers: inout [BigramOverlap],
                                          _ decide: (Int, inout BigramOverlap, inout Int) -> Int32?) -> Int {
        var checks = [Int](repeating: 0, count: pieces)
        decided.withUnsafeMutableBufferPointer { decidedBuffer in
            checks.withUnsafeMutableBufferPointer { checksBuffer in
                comparers.withUnsafeMutableBufferPointer { comparersBuffer in
                    let output = SendablePointer(decidedBuffer)
                    let counted = SendablePointer(checksBuffer)
                    let comparers = SendablePointer(comparersBuffer)
                    runConcurrently(pieces, parallelism: parallelism) { piece in
                        var checks = 0
                        for index in (count * piece / pieces)..<(count * (piece + 1) / pieces) {
                            // A piece is taken by one thread: its comparer is its own.
                            if let decision = decide(index, &comparers.buffer[piece], &checks) { output.buffer[index] = decision }
                        }
                        counted.buffer[piece] = checks
                    }
                }
            }
        }
        return checks.reduce(0, +)
    }

    /// Where `text` goes, walking its passed tops from the `first`: the representative of the
    /// first top whose representative it is near-identical to (a top that represents itself is
    /// joined at once), -1 for none, or -2 - k when its k-th top's place is not known yet. A top
    /// before `blockStart` in the order has its settled place in `union`; one inside the block
    /// only the place `firstPass` gave it (by position in the block: a representative, -1 for a
    /// top that represents itself, -2 or less for one left to the walk), and none without it.
    /// `checks` counts the comparisons with a representative other than the top.
    private static func place(_ text: Int32, tops: ArraySlice<Int32>, from first: Int, blockStart: Int,
                              firstPass: UnsafeBufferPointer<Int32>?, union: TextUnion, rank: [Int32], corpus: TextCorpus,
                              bounds: PairCountBounds, parameters: ClusterParameters, comparer: inout BigramOverlap,
                              checks: inout Int) -> Int32 {
        for position in first..<tops.count {
            let top = tops[tops.startIndex + position]
            let topRank = Int(rank[Int(top)])
            let representative: Int32
            if topRank < blockStart {
                // Tops are more typical, so their own place is settled already.
                representative = union.rootReadOnly(top)
            } else {
                guard let firstPass, firstPass[topRank - blockStart] > -2 else { return -2 - Int32(position) }
                let placed = firstPass[topRank - blockStart]
                representative = placed >= 0 ? placed : top
            }
            if representative != top {
                checks += 1
                guard joins(text, representative, corpus: corpus, bounds: bounds, parameters: parameters,
                            comparer: &comparer) else { continue }
            }
            return representative
        }
        return -1
    }

    /// Whether `text` may join `representative` (the word pairs, then the characters if narrow).
    private static func joins(_ text: Int32, _ representative: Int32, corpus: TextCorpus, bounds: PairCountBounds,
                              parameters: ClusterParameters, comparer: inout BigramOverlap) -> Bool {
        let (member, centre) = (corpus.tokens(text), corpus.tokens(representative))
        guard let needed = parameters.sharedPairsNeeded(member: member.count - 1, representative: centre.count - 1),
              bounds.mayShare(text, representative, atLeast: needed) else { return false }
        return comparer.isNearIdentical(member, to: centre, texts: (text, representative), parameters: parameters)
    }
}
