import CPrefetch
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

    /// Gives `body` the lists to record tops in, as ranks: a text's top in band `b` goes at
    /// `text * width + b`.
    mutating func recordTops(_ body: (SendablePointer<Int32>) -> Void) {
        tops.withUnsafeMutableBufferPointer { body(SendablePointer($0)) }
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
                            // A list's ranks become texts one list later: `texts` is read at random
                            // (a cache miss per top), so each list's lookups are asked for while
                            // the next one is sorted.
                            var previous: (text: Int, kept: Int)?
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
                                for index in 0..<kept { prefetch_for_read(texts.baseAddress! + Int(tops[base + index])) }
                                if let previous { Self.turnRanksIntoTexts(previous.text, previous.kept, tops, width, texts, sizes) }
                                previous = (text, kept)
                            }
                            if let previous { Self.turnRanksIntoTexts(previous.text, previous.kept, tops, width, texts, sizes) }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func turnRanksIntoTexts(_ text: Int, _ kept: Int, _ tops: UnsafeMutableBufferPointer<Int32>, _ width: Int,
                                           _ texts: UnsafeBufferPointer<Int32>, _ sizes: SendablePointer<UInt8>) {
        let base = text * width
        for index in 0..<kept { tops[base + index] = texts[Int(tops[base + index])] }
        sizes.buffer[text] = UInt8(kept)
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

