import DeskCore
import DeskStore

/// The knobs of near-duplicate clustering; `standard` is what the desk uses (see DECISIONS.md for
/// how each value was chosen on generated families).
package struct ClusterParameters: Sendable, Equatable {
    /// Texts with fewer words are grouped only when their words are identical.
    package var minimumTokens: Int
    /// LSH bands and one-permutation MinHash bins per band (bins = bands × rowsPerBand).
    package var bands: Int
    package var rowsPerBand: Int
    /// Two texts are near-duplicates when this share of their word pairs (bigram multiset
    /// Jaccard) is common to both.
    package var similarity: Double
    /// A member also joins its representative when one of the two holds this share of the other's
    /// word pairs: a truncated copy or a dropped sentence (the member shorter), or the
    /// representative with something added (the member longer) ...
    package var containment: Double
    /// ... a shorter member being at least this fraction of the representative's length ...
    package var containmentSizeRatio: Double
    /// ... and a longer member adding at most this fraction of the representative's length:
    /// beyond it the member is a different text that quotes the representative (a long personal
    /// letter holding a short common sentence), not a copy with a remark (see DECISIONS.md).
    package var maximumAddition: Double
    /// The frame rule (see `TextComparison.swift`): after a common opening and ending, texts whose
    /// remainders are each at least this share of the text, and less alike than
    /// `frameRemainderSimilarity`, only share a frame and are different.
    package var frameRemainder: Double
    package var frameRemainderSimilarity: Double
    /// A pair that passes the word-pair rules only narrowly — its Jaccard below `narrowJaccard`
    /// and its containment below `narrowContainment` — is decided by the texts' characters
    /// (`ShingleYardstick`, see `TextComparison.swift`).
    package var narrowJaccard: Double
    package var narrowContainment: Double
    /// Clusters of at least this many submissions are `viral`.
    package var viralSize: Int
    /// Worker threads; defaults to the number of cores.
    package var parallelism: Int

    package init(minimumTokens: Int = 6, bands: Int = 20, rowsPerBand: Int = 4, similarity: Double = 0.45,
                containment: Double = 0.9, containmentSizeRatio: Double = 0.3, maximumAddition: Double = 1.0,
                frameRemainder: Double = 0.15, frameRemainderSimilarity: Double = 0.25,
                narrowJaccard: Double = 0.6, narrowContainment: Double = 0.94,
                viralSize: Int = 50, parallelism: Int = ProcessInfoCores.count) {
        self.minimumTokens = minimumTokens
        self.bands = bands
        self.rowsPerBand = rowsPerBand
        self.similarity = similarity
        self.containment = containment
        self.containmentSizeRatio = containmentSizeRatio
        self.maximumAddition = maximumAddition
        self.frameRemainder = frameRemainder
        self.frameRemainderSimilarity = frameRemainderSimilarity
        self.narrowJaccard = narrowJaccard
        self.narrowContainment = narrowContainment
        self.viralSize = viralSize
        self.parallelism = max(1, parallelism)
    }

    package static let standard = ClusterParameters()

    var bins: Int { bands * rowsPerBand }

    /// Keys per text for LSH buckets: a prefix key (the first eight words: truncated copies and
    /// texts that only gained an ending always share it), then the MinHash bands.
    var keysPerText: Int { bands + 1 }
}
