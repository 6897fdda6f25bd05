import DeskCore
import DeskStore

/// Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at
/// rank ⌈p·n/100⌉ (1-based), the smallest value that at least p % of the values do not exceed.
///
/// It is always one of the values (no interpolation), so a median of an even count is the lower of
/// the two middle values. The rank is computed in integers: 0.9 × 10 in floating point is
/// 9.000000000000002, whose ceiling would be the wrong rank.
package enum NearestRank {
    /// The p-th percentile (1…100) of `sorted` (ascending), or nil when there are no values.
    package static func percentile<Value>(_ p: Int, ofSorted sorted: [Value]) -> Value? {
        precondition(p >= 1 && p <= 100, "percentile out of range")
        guard !sorted.isEmpty else { return nil }
        let rank = (p * sorted.count + 99) / 100
        return sorted[rank - 1]
    }
}
