/// A small seeded pseudo-random generator whose output is identical on every platform and run.
///
/// SplitMix64 (Steele, Lea and Flood, 2014): one 64-bit addition and a mixing function per value.
/// The generator deliberately avoids Swift's `RandomNumberGenerator` defaults, `Hasher` and
/// floating-point transcendental functions, so generated files are reproducible byte for byte.
package struct SplitMix64: Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 uniformly distributed bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound`, without modulo bias (Lemire's multiply-shift with rejection).
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold {
                product = next().multipliedFullWidth(by: limit)
            }
        }
        return Int(product.high)
    }

    /// A value in the closed range.
    package mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent / 100`.
    package mutating func percent(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// True with probability `perMille / 1000`.
    package mutating func perMille(_ perMille: Int) -> Bool {
        below(1000) < perMille
    }

    /// One element of a non-empty array, chosen uniformly.
    package mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// Shuffles in place (Fisher–Yates), deterministically for a given generator state.
    package mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, below(index + 1))
        }
    }
}

/// Picks indices in proportion to fixed integer weights, using a cumulative table and binary search.
struct WeightedTable: Sendable {
    private let cumulative: [Int]

    /// Creates a table; every weight must be positive.
    init(weights: [Int]) {
        var running = 0
        var cumulative: [Int] = []
        cumulative.reserveCapacity(weights.count)
        for weight in weights {
            precondition(weight > 0, "weights must be positive")
            running += weight
            cumulative.append(running)
        }
        self.cumulative = cumulative
    }

    /// An index in `0..<weights.count`, with probability proportional to its weight.
    func pick(_ rng: inout SplitMix64) -> Int {
        let target = rng.below(cumulative[cumulative.count - 1])
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
