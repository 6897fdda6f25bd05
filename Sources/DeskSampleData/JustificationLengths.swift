/// The target length of synthetic justifications, as escaped bytes.
///
/// The distribution is right-skewed like real free text: most people write a sentence or two,
/// a few write a letter. It is given as quantiles and interpolated linearly with integer
/// arithmetic, so it is identical on every platform (no `log` or `exp`).
enum JustificationLengths {
    /// No justification is longer than this.
    static let maximum = 1_500

    /// (cumulative probability in units of 1/10,000, length in bytes).
    static let quantiles: [(probability: Int, length: Int)] = [
        (0, 18), (1_000, 62), (2_500, 112), (5_000, 165), (7_500, 258),
        (9_000, 395), (9_700, 650), (9_950, 1_050), (10_000, 1_450),
    ]

    /// A target length drawn from the distribution.
    static func target(_ rng: inout SplitMix64) -> Int {
        let draw = rng.below(10_000)
        var upper = 1
        while quantiles[upper].probability <= draw { upper += 1 }
        let low = quantiles[upper - 1]
        let high = quantiles[upper]
        return low.length + (high.length - low.length) * (draw - low.probability) / (high.probability - low.probability)
    }
}
