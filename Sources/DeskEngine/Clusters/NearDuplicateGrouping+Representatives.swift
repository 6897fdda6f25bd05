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
            var checks = [Int](repeating: 0, count: pieces)
            // Per text: the representative it joins (≥ 0), none (-1), or -2 - k: its walk goes on
            // from its k-th passed top, which is inside the block. (A scope of its own: the copy
            // of the union must be gone before the walk changes it, or the walk copies it.)
            do {
                let settled = self.union
                decided.withUnsafeMutableBufferPointer { decidedBuffer in
                    checks.withUnsafeMutableBufferPointer { checksBuffer in
                        pieceComparers.withUnsafeMutableBufferPointer { comparersBuffer in
                            let output = SendablePointer(decidedBuffer)
                            let counted = SendablePointer(checksBuffer)
                            let comparers = SendablePointer(comparersBuffer)
                            let context = UnsafeSendableBox((settled, block))
                            runConcurrently(pieces, parallelism: parallelism) { piece in
                                let (union, block) = context.value
                                var secondChecks = 0
                                for index in (block.count * piece / pieces)..<(block.count * (piece + 1) / pieces) {
                                    let text = block[block.startIndex + index]
                                    // A piece is taken by one thread: its comparer is its own.
                                    let decision = Self.place(text, tops: candidates.passed(text), from: 0, settledBefore: blockStart,
                                                              union: union, rank: rank, corpus: corpus, bounds: bounds, parameters: parameters,
                                                              comparer: &comparers.buffer[piece], checks: &secondChecks)
                                    output.buffer[index] = decision
                                }
                                counted.buffer[piece] = secondChecks
                            }
                        }
                    }
                }
            }
            statistics.secondChecks += checks.reduce(0, +)
            // Pass two, on every core again: a text left at a top inside the block whose own place
            // the first pass decided goes on from there (its representative is known now); only
            // texts whose top waits for the walk itself are left to it.
            do {
                let settled = self.union
                let firstPass = decided
                decided.withUnsafeMutableBufferPointer { decidedBuffer in
                    checks.withUnsafeMutableBufferPointer { checksBuffer in
                        pieceComparers.withUnsafeMutableBufferPointer { comparersBuffer in
                            firstPass.withUnsafeBufferPointer { firstPass in
                                let output = SendablePointer(decidedBuffer)
                                let counted = SendablePointer(checksBuffer)
                                let comparers = SendablePointer(comparersBuffer)
                                let context = UnsafeSendableBox((settled, block, firstPass))
                                runConcurrently(pieces, parallelism: parallelism) { piece in
                                    let (union, block, firstPass) = context.value
                                    var secondChecks = 0
                                    for index in (block.count * piece / pieces)..<(block.count * (piece + 1) / pieces) where firstPass[index] <= -2 {
                                        let text = block[block.startIndex + index]
                                        output.buffer[index] = Self.resume(text, tops: candidates.passed(text), from: Int(-2 - firstPass[index]),
                                                                           blockStart: blockStart, firstPass: firstPass, union: union, rank: rank,
                                                                           corpus: corpus, bounds: bounds, parameters: parameters,
                                                                           comparer: &comparers.buffer[piece], checks: &secondChecks)
                                    }
                                    counted.buffer[piece] = secondChecks
                                }
                            }
                        }
                    }
                }
            }
            statistics.secondChecks += checks.reduce(0, +)
            for (index, text) in block.enumerated() {
                var placed = decided[index]
                if placed <= -2 {
                    placed = Self.place(text, tops: candidates.passed(text), from: Int(-2 - placed), settledBefore: Int.max,
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

    /// Where `text` goes, walking its passed tops from the `first`: the representative of the
    /// first top whose representative it is near-identical to (a top that represents itself is
    /// joined at once), -1 for none, or -2 - k when its k-th top is placed at or after
    /// `settledBefore` in the order (its representative is not known yet). `checks` counts the
    /// comparisons with a representative other than the top.
    private static func place(_ text: Int32, tops: ArraySlice<Int32>, from first: Int, settledBefore: Int, union: TextUnion, rank: [Int32],
                              corpus: TextCorpus, bounds: PairCountBounds, parameters: ClusterParameters,
                              comparer: inout BigramOverlap, checks: inout Int) -> Int32 {
        for position in first..<tops.count {
            let top = tops[tops.startIndex + position]
            if Int(rank[Int(top)]) >= settledBefore { return -2 - Int32(position) }
            // Tops are more typical, so their own place is settled already.
            let representative = union.rootReadOnly(top)
            if representative != top {
                checks += 1
                guard joins(text, representative, corpus: corpus, bounds: bounds, parameters: parameters,
                            comparer: &comparer) else { continue }
            }
            return representative
        }
        return -1
    }

    /// `place` from the `first` top on, for a text whose walk the first pass left at a top inside
    /// the block starting at `blockStart`: a top before the block has its settled representative,
    /// one inside it the place the first pass gave it (`firstPass`, by position in the block: a
    /// representative, or -1 for a top that represents itself); -2 - k when the k-th top's place
    /// waits for the walk too.
    private static func resume(_ text: Int32, tops: ArraySlice<Int32>, from first: Int, blockStart: Int,
                               firstPass: UnsafeBufferPointer<Int32>, union: TextUnion, rank: [Int32], corpus: TextCorpus,
                               bounds: PairCountBounds, parameters: ClusterParameters, comparer: inout BigramOverlap,
                               checks: inout Int) -> Int32 {
        for position in first..<tops.count {
            let top = tops[tops.startIndex + position]
            let topRank = Int(rank[Int(top)])
            let representative: Int32
            if topRank < blockStart {
                representative = union.rootReadOnly(top)
            } else {
                let placed = firstPass[topRank - blockStart]
                if placed <= -2 { return -2 - Int32(position) }
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
