import DeskCore
import DeskStore

/// Per text: the tops of its LSH buckets over every band (the most typical text of each bucket
/// it is in), itself and repeats left out, most typical first.
struct CandidateLists {
    let width: Int
    /// `width` entries per text, the first `counts[text]` of them in use.
    private(set) var tops: [Int32]
    private(set) var counts: [UInt8]

    init(textCount: Int, width: Int) {
        precondition(width < 256, "candidate counts are bytes")
        self.width = width
        tops = [Int32](repeating: -1, count: textCount * width)
        counts = [UInt8](repeating: 0, count: textCount)
    }

    var textCount: Int { counts.count }

    /// Records each text's top in `band`, as its rank (`bandTops[text]`).
    mutating func add(band: Int, tops bandTops: [Int32]) {
        let width = self.width
        tops.withUnsafeMutableBufferPointer { tops in
            bandTops.withUnsafeBufferPointer { bandTops in
                for text in bandTops.indices { tops[text * width + band] = bandTops[text] }
            }
        }
    }

    /// Leaves out each text itself and repeated tops, orders each list most typical first, and
    /// turns the ranks `add` recorded into texts (`texts[rank]`). Comparing ranks reads nothing
    /// at random; the texts are looked up once per kept top.
    mutating func order(rank: [Int32], texts: [Int32], parallelism: Int) {
        let width = self.width
        let textCount = self.textCount
        let pieces = min(textCount / 4_096 + 1, parallelism * 4)
        tops.withUnsafeMutableBufferPointer { topsBuffer in
            counts.withUnsafeMutableBufferPointer { countsBuffer in
                rank.withUnsafeBufferPointer { rank in
                    texts.withUnsafeBufferPointer { texts in
                        let lists = SendablePointer(topsBuffer)
                        let sizes = SendablePointer(countsBuffer)
                        runConcurrently(pieces, parallelism: parallelism) { piece in
                            let tops = lists.buffer
                            for text in (textCount * piece / pieces)..<(textCount * (piece + 1) / pieces) {
                                let base = text * width
                                let own = rank[text]
                                var kept = 0
                                // Insertion into the entries already read (`kept` ≤ `band`).
                                for band in 0..<width {
                                    let top = tops[base + band]
                                    guard top >= 0, top != own else { continue }
                                    var position = kept
                                    while position > 0 && tops[base + position - 1] > top { position -= 1 }
                                    if position > 0 && tops[base + position - 1] == top { continue }
                                    var shift = kept
                                    while shift > position {
                                        tops[base + shift] = tops[base + shift - 1]
                                        shift -= 1
                                    }
                                    tops[base + position] = top
                                    kept += 1
                                }
                                for index in 0..<kept { tops[base + index] = texts[Int(tops[base + index])] }
                                sizes.buffer[text] = UInt8(kept)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The `index`-th candidate of `text` (index < counts[text]).
    @inline(__always)
    func top(of text: Int, at index: Int) -> Int32 { tops[text * width + index] }

    /// Frees the lists (they are not needed once compared).
    mutating func release() {
        tops = []
        counts = []
    }
}

/// Comparing every text with its candidates, most typical first, in rounds: in round k each text
/// still looking is compared with its k-th candidate, and it stops looking once it has passed one
/// (the most typical top it can join) or has none left. Within a round the comparisons are grouped by
/// top (`TopPairTable`), and each text appears once, so threads share nothing but read-only data.
///
/// Most typical first means the first top a text passes is the best one it can join; the old
/// band-by-band order compared a third of the pairs only to find a better top later.
struct CandidateRounds {
    let corpus: TextCorpus
    let parameters: ClusterParameters
    let yardsticks: ShingleYardstick.Maker

    /// Compares, recording in `passed` the tops each text passed; returns the number of texts
    /// compared (for the statistics).
    func run(_ lists: CandidateLists, passed: inout CandidateTops, rank: [Int32], progress: ClusterProgress?) -> Int {
        let textCount = lists.textCount
        var active: [Int32] = []
        active.reserveCapacity(textCount)
        for text in 0..<textCount where lists.counts[text] > 0 { active.append(Int32(text)) }
        var compared = 0
        var round = 0
        while !active.isEmpty && round < lists.width {
            let grouped = Self.groupedByTop(active, round: round, lists: lists)
            compareRound(grouped, passed: &passed, rank: rank, progress: progress)
            compared += grouped.count
            // Texts that are done leave their remaining candidates uncompared: counted as done.
            var next: [Int32] = []
            next.reserveCapacity(active.count)
            var skipped = 0
            for text in active {
                let remaining = Int(lists.counts[Int(text)]) - round - 1
                if remaining > 0 && passed.passedCount(text) == 0 {
                    next.append(text)
                } else {
                    skipped += max(0, remaining)
                }
            }
            progress?.advance(by: skipped)
            active = next
            round += 1
        }
        return compared
    }

    /// The round's texts ordered by their candidate, each as `top << 32 | text` (the compare
    /// loop then never reads the lists at random). A counting sort: a comparison sort of the
    /// first round's 800,000 texts took several times longer.
    private static func groupedByTop(_ active: [Int32], round: Int, lists: CandidateLists) -> [UInt64] {
        var starts = [Int32](repeating: 0, count: lists.textCount + 1)
        for text in active { starts[Int(lists.top(of: Int(text), at: round)) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var grouped = [UInt64](repeating: 0, count: active.count)
        for text in active {
            let top = Int(lists.top(of: Int(text), at: round))
            grouped[Int(starts[top])] = UInt64(top) << 32 | UInt64(UInt32(text))
            starts[top] += 1
        }
        return grouped
    }

    private func compareRound(_ grouped: [UInt64], passed: inout CandidateTops,
                              rank: [Int32], progress: ClusterProgress?) {
        let pieceSize = 1_024
        let pieces = (grouped.count + pieceSize - 1) / pieceSize
        let corpus = self.corpus
        let parameters = self.parameters
        let yardsticks = self.yardsticks
        struct Worker {
            var table = TopPairTable()
            var loadedTop: Int32 = -1
            var comparer: BigramOverlap
        }
        rank.withUnsafeBufferPointer { rank in
            passed.withSlots { slots in
                let context = UnsafeSendableBox(grouped)
                runConcurrently(pieces, parallelism: parameters.parallelism,
                                context: { Worker(comparer: BigramOverlap(yardstick: yardsticks.make())) }) { worker, piece in
                    let grouped = context.value
                    let range = (piece * pieceSize)..<min(grouped.count, (piece + 1) * pieceSize)
                    defer { progress?.advance(by: range.count) }
                    for index in range {
                        // The texts of a group are scattered over the corpus: where their tokens
                        // are, and then the tokens, are cache misses unless asked for ahead.
                        if index + 16 < range.upperBound { corpus.prefetchLocation(of: Int32(truncatingIfNeeded: grouped[index + 16])) }
                        if index + 8 < range.upperBound { corpus.prefetchTokens(of: Int32(truncatingIfNeeded: grouped[index + 8])) }
                        let text = Int32(truncatingIfNeeded: grouped[index])
                        let top = Int32(truncatingIfNeeded: grouped[index] >> 32)
                        let member = corpus.tokens(text)
                        let representative = corpus.tokens(top)
                        // No sketch check first: nearly every candidate passed it on a queue of
                        // shared sentences, and it cost two more cache misses per text.
                        guard let needed = parameters.sharedPairsNeeded(member: member.count - 1, representative: representative.count - 1)
                        else { continue }
                        if worker.loadedTop != top {
                            worker.table.load(representative)
                            worker.loadedTop = top
                        }
                        guard let shared = worker.table.shared(with: member, needing: needed) else { continue }
                        let overlap = Overlap(shared: shared, first: max(0, member.count - 1), second: worker.table.topPairs)
                        let narrow = parameters.isNearIdentical(overlap) && parameters.isNarrow(overlap)
                        let runs = narrow ? (member: worker.table.memberMissingRun, representative: worker.table.topMissingRun()) : nil
                        if worker.comparer.confirms(overlap, member, representative, texts: (text, top), parameters: parameters, missingRuns: runs) {
                            slots.recordPassed(Int(text), top, rank: rank)
                        }
                    }
                }
            }
        }
    }
}
