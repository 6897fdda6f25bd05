import Foundation

/// Whether clusters group near-identical texts, measured without ground truth: a member is
/// coherent when its folded 5-character shingles and its representative's have Jaccard ≥ 0.5, or
/// one of the two sets holds ≥ 90% of the other. This is deliberately not the desk's own rule
/// (word pairs): it is the outside yardstick a reviewer's "these are the same text" means.
package struct CoherenceScore: Sendable, Equatable {
    /// Members compared with their representative, and those near-identical to it, each weighted
    /// by its cluster's size over the members sampled from that cluster.
    package var weightedMembers = 0.0
    package var weightedCoherent = 0.0
    package var sampledMembers = 0
    package var clusters = 0

    package var fraction: Double { weightedMembers == 0 ? 1 : weightedCoherent / weightedMembers }

    package static let jaccardThreshold = 0.5
    package static let containmentThreshold = 0.9

    /// Scores `clusters` (each a representative text and its members' texts, the representative
    /// excluded), sampling at most `samplePerCluster` members of each.
    package static func compute(clusters: [(representative: String, members: [String], size: Int)], samplePerCluster: Int = 20) -> CoherenceScore {
        var score = CoherenceScore()
        for cluster in clusters where !cluster.members.isEmpty {
            score.clusters += 1
            let representative = shingles(of: cluster.representative)
            let step = max(1, cluster.members.count / samplePerCluster)
            let sample = stride(from: 0, to: cluster.members.count, by: step).prefix(samplePerCluster).map { cluster.members[$0] }
            let weight = Double(cluster.size) / Double(sample.count)
            for member in sample {
                score.sampledMembers += 1
                score.weightedMembers += weight
                if isNearIdentical(shingles(of: member), representative) { score.weightedCoherent += weight }
            }
        }
        return score
    }

    package static func isNearIdentical(_ first: Set<UInt64>, _ second: Set<UInt64>) -> Bool {
        if first.isEmpty || second.isEmpty { return first == second }
        let shared = Double(first.intersection(second).count)
        let union = Double(first.count + second.count) - shared
        if shared / union >= jaccardThreshold { return true }
        return shared / Double(min(first.count, second.count)) >= containmentThreshold
    }

    /// The text folded as the anchor prototype folds it (NFKD, combining marks and format
    /// characters dropped, case folded, whitespace runs collapsed), cut into 5-scalar shingles.
    package static func shingles(of text: String) -> Set<UInt64> {
        var folded: [UInt32] = []
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .format: continue
            default: break
            }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { folded.append(0x20) }
                lastWasSpace = true
            } else {
                folded.append(scalar.value)
                lastWasSpace = false
            }
        }
        if folded.last == 0x20 { folded.removeLast() }
        guard folded.count >= 5 else { return folded.isEmpty ? [] : [hash(folded[...])] }
        var result = Set<UInt64>(minimumCapacity: folded.count)
        for start in 0...(folded.count - 5) { result.insert(hash(folded[start..<(start + 5)])) }
        return result
    }

    private static func hash(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in scalars { value = (value ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3 }
        return value
    }
}
