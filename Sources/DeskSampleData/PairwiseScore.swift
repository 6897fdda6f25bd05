/// Pairwise precision and recall of a clustering against known families.
///
/// A pair of rows is predicted when both are in one cluster, and true when both are in one family.
/// Pairs are counted from the sizes of clusters, families and their intersections (n·(n−1)/2 each),
/// never enumerated, so a million rows score in milliseconds. Rows whose family is negative (no
/// comparable text) are left out on both sides.
package struct PairwiseScore: Sendable, Equatable {
    package var truePairs = 0
    package var predictedPairs = 0
    package var correctPairs = 0
    package var scoredRows = 0

    package var precision: Double { predictedPairs == 0 ? 1 : Double(correctPairs) / Double(predictedPairs) }
    package var recall: Double { truePairs == 0 ? 1 : Double(correctPairs) / Double(truePairs) }

    /// `predicted[row]` is the row's cluster or -1 (a singleton); `families[row]` its family or -1.
    /// With `onlyFamilies`, true pairs are counted only within families it accepts (for recall by
    /// family size).
    package static func compute(predicted: [Int32], families: [Int32], onlyFamilies: ((Int32) -> Bool)? = nil) -> PairwiseScore {
        precondition(predicted.count == families.count, "one prediction per row")
        var score = PairwiseScore()
        var clusterSizes: [Int32: Int] = [:]
        var familySizes: [Int32: Int] = [:]
        var both: [UInt64: Int] = [:]
        for row in predicted.indices where families[row] >= 0 {
            let family = families[row]
            if let onlyFamilies, !onlyFamilies(family) { continue }
            score.scoredRows += 1
            familySizes[family, default: 0] += 1
            let cluster = predicted[row]
            guard cluster >= 0 else { continue }
            clusterSizes[cluster, default: 0] += 1
            both[UInt64(UInt32(bitPattern: cluster)) << 32 | UInt64(UInt32(bitPattern: family)), default: 0] += 1
        }
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        score.truePairs = familySizes.values.reduce(0) { $0 + pairs($1) }
        score.predictedPairs = clusterSizes.values.reduce(0) { $0 + pairs($1) }
        score.correctPairs = both.values.reduce(0) { $0 + pairs($1) }
        return score
    }

    /// The size of each family (index = family number), counting scored rows only.
    package static func familySizes(_ families: [Int32]) -> [Int32: Int] {
        var sizes: [Int32: Int] = [:]
        for family in families where family >= 0 { sizes[family, default: 0] += 1 }
        return sizes
    }
}
