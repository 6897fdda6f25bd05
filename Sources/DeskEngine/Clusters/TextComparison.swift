import DeskCore
import DeskStore

/// Verification of a member against a representative: bigram overlap, then the frame rule.
///
/// The frame rule: two texts that agree only on a common opening and/or ending ("Hello, I object
/// to the use of my data…" followed by different personal reasons) are not near-duplicates even
/// when the frame is most of their words. The common prefix and suffix are matched token by
/// token, stepping over short differences (typos, a name); if what remains of both texts
/// is substantial (at least `frameRemainder` of each, and five tokens) and the two remainders are
/// unlike each other (bigram Jaccard below `frameRemainderSimilarity`), the pair is different.
///
/// Narrow passes: texts composed from sentences many people use can share most of their word
/// pairs and still say different things ("I'm a nurse … hard shifts. No patient is named …"
/// against "I'm a nurse … hard shifts. Please reply.": word pairs 0.57, characters 0.49). A pair
/// whose word-pair Jaccard and containment are both below `narrowJaccard`/`narrowContainment`
/// joins only if the yardstick on the texts' characters agrees (`ShingleYardstick`).
extension BigramOverlap {
    /// Whether `member` may join the cluster whose representative text is `representative`.
    mutating func isNearIdentical(_ member: UnsafeBufferPointer<StoredToken>, to representative: UnsafeBufferPointer<StoredToken>,
                                  texts: (member: Int32, representative: Int32)? = nil, parameters: ClusterParameters) -> Bool {
        guard let needed = parameters.sharedPairsNeeded(member: member.count - 1, representative: representative.count - 1),
              let overlap = compare(member, representative, needing: needed) else { return false }
        return confirms(overlap, member, representative, texts: texts, parameters: parameters, missingRuns: nil)
    }

    /// The rules after counting: whether a member whose word pairs overlap the representative's
    /// as `overlap` says (at least the pairs `sharedPairsNeeded` asked for) is near-identical.
    /// `missingRuns`: each text's longest run of word pairs the other lacks, when the caller
    /// counted them already (`PairTable`); used only when the overlap is narrow.
    mutating func confirms(_ overlap: Overlap, _ member: UnsafeBufferPointer<StoredToken>, _ representative: UnsafeBufferPointer<StoredToken>,
                           texts: (member: Int32, representative: Int32)?, parameters: ClusterParameters,
                           missingRuns: (member: Int, representative: Int)?) -> Bool {
        guard parameters.isNearIdentical(overlap) else { return false }
        if parameters.isNarrow(overlap) {
            // Each text holding a passage the other lacks: a passage was replaced, which the
            // characters would confirm; settled here at the cost of counting pairs.
            let passage = Self.replacedPassagePairs
            let runs = missingRuns ?? (member: longestMissingRun(of: member, in: representative), representative: longestMissingRun(of: representative, in: member))
            if runs.member >= passage && runs.representative >= passage {
                return false
            }
        }
        // The frame rule before the characters: it reads only tokens, and what it refuses needs
        // no yardstick.
        if overlap.jaccard >= parameters.similarity && onlyShareFrame(member, representative, parameters: parameters) { return false }
        if parameters.isNarrow(overlap), let texts, yardstick?.agrees(texts.member, texts.representative) == false { return false }
        return true
    }

    /// Word pairs in a row one text lacks that make a passage (a short sentence), not a typo (two).
    static let replacedPassagePairs = 5

    private mutating func onlyShareFrame(_ a: UnsafeBufferPointer<StoredToken>, _ b: UnsafeBufferPointer<StoredToken>,
                                         parameters: ClusterParameters) -> Bool {
        let (prefixA, prefixB) = Self.commonRun(a, b, reversed: false)
        let (suffixA, suffixB) = Self.commonRun(UnsafeBufferPointer(rebasing: a[prefixA...]), UnsafeBufferPointer(rebasing: b[prefixB...]), reversed: true)
        let restA = a.count - prefixA - suffixA
        let restB = b.count - prefixB - suffixB
        guard restA >= 5, restB >= 5,
              Double(restA) >= parameters.frameRemainder * Double(a.count),
              Double(restB) >= parameters.frameRemainder * Double(b.count) else { return false }
        let remainder = compare(UnsafeBufferPointer(rebasing: a[prefixA..<(a.count - suffixA)]),
                                UnsafeBufferPointer(rebasing: b[prefixB..<(b.count - suffixB)]))
        return remainder.jaccard < parameters.frameRemainderSimilarity
    }

    /// How many tokens of each sequence a common opening (or, `reversed`, ending) spans, walking
    /// both in step and stepping over up to three changed, inserted or dropped tokens (a typo, a
    /// name) where the two texts then agree again on two tokens in a row.
    private static func commonRun(_ a: UnsafeBufferPointer<StoredToken>, _ b: UnsafeBufferPointer<StoredToken>, reversed: Bool) -> (Int, Int) {
        @inline(__always) func at(_ buffer: UnsafeBufferPointer<StoredToken>, _ index: Int) -> StoredToken? {
            guard index < buffer.count else { return nil }
            return buffer[reversed ? buffer.count - 1 - index : index]
        }
        var i = 0
        var j = 0
        var lastMatch = (0, 0)
        walk: while let x = at(a, i), let y = at(b, j) {
            if x == y {
                i += 1
                j += 1
                lastMatch = (i, j)
                continue
            }
            for skipped in 1...6 {
                for skipA in max(0, skipped - 3)...min(3, skipped) {
                    let skipB = skipped - skipA
                    if let x0 = at(a, i + skipA), let y0 = at(b, j + skipB), x0 == y0,
                       let x1 = at(a, i + skipA + 1), let y1 = at(b, j + skipB + 1), x1 == y1 {
                        i += skipA
                        j += skipB
                        continue walk
                    }
                }
            }
            break
        }
        return lastMatch
    }
}
