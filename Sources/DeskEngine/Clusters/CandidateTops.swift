import DeskCore
import DeskStore

/// Per text: the bucket tops it was compared with (the last few, so a top met again in another
/// band is not compared twice) and those it passed, most typical first.
struct CandidateTops {
    static let compared = 4
    static let kept = 3
    private var comparedTops: [Int32]
    private var passedTops: [Int32]

    init(textCount: Int) {
        comparedTops = [Int32](repeating: -1, count: textCount * Self.compared)
        passedTops = [Int32](repeating: -1, count: textCount * Self.kept)
    }

    /// The tops `text` passed, most typical first. A slice of the table (its passed tops come
    /// first, then -1s), not a new array: this is asked for every text, twice, while
    /// representatives are chosen, partly on one core.
    func passed(_ text: Int32) -> ArraySlice<Int32> {
        let base = Int(text) * Self.kept
        var end = base
        while end < base + Self.kept && passedTops[end] >= 0 { end += 1 }
        return passedTops[base..<end]
    }

    /// Shared with worker threads, each of which writes only the entries of its own texts.
    struct Slots: @unchecked Sendable {
        let compared: UnsafeMutableBufferPointer<Int32>
        let passed: UnsafeMutableBufferPointer<Int32>

        /// Records that `text` is compared with `top`; false when it was already.
        func markCompared(_ text: Int, _ top: Int32) -> Bool {
            let base = text * CandidateTops.compared
            var free = -1
            for slot in base..<(base + CandidateTops.compared) {
                if compared[slot] == top { return false }
                if compared[slot] < 0 && free < 0 { free = slot }
            }
            // When all are taken, the oldest entry gives way (a rare re-comparison at worst).
            if free < 0 {
                for slot in base..<(base + CandidateTops.compared - 1) { compared[slot] = compared[slot + 1] }
                free = base + CandidateTops.compared - 1
            }
            compared[free] = top
            return true
        }

        /// Whether `text` passed a top more typical than `top`.
        @inline(__always)
        func passedBetter(_ text: Int, than top: Int32, rank: UnsafeBufferPointer<Int32>) -> Bool {
            let best = passed[text * CandidateTops.kept]
            return best >= 0 && rank[Int(best)] < rank[Int(top)]
        }

        /// Keeps `top` among the `kept` most typical tops `text` passed.
        func recordPassed(_ text: Int, _ top: Int32, rank: UnsafeBufferPointer<Int32>) {
            let base = text * CandidateTops.kept
            var value = top
            for slot in base..<(base + CandidateTops.kept) {
                let current = passed[slot]
                if current < 0 {
                    passed[slot] = value
                    return
                }
                if rank[Int(value)] < rank[Int(current)] {
                    passed[slot] = value
                    value = current
                }
            }
        }
    }

    mutating func withSlots(_ body: (Slots) -> Void) {
        comparedTops.withUnsafeMutableBufferPointer { compared in
            passedTops.withUnsafeMutableBufferPointer { passed in
                body(Slots(compared: compared, passed: passed))
            }
        }
    }
}
