import DeskCore
import DeskStore

/// Per text: the bucket tops it passed, most typical first (at most `kept`). `CandidateChecks`
/// stops at the first, the most typical a text can join; `place` walks whatever is kept.
struct CandidateTops {
    static let kept = 1
    private var passedTops: [Int32]

    init(textCount: Int) {
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
        let passed: UnsafeMutableBufferPointer<Int32>

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
        passedTops.withUnsafeMutableBufferPointer { passed in body(Slots(passed: passed)) }
    }
}
