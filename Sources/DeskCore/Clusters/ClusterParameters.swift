/// The knobs of near-duplicate clustering; `standard` is what the desk uses (see DECISIONS.md for
/// how each value was chosen on generated families).
public struct ClusterParameters: Sendable, Equatable {
    /// Texts with fewer words are grouped only when their words are identical.
    public var minimumTokens: Int
    /// LSH bands and one-permutation MinHash bins per band (bins = bands × rowsPerBand).
    public var bands: Int
    public var rowsPerBand: Int
    /// Two texts are near-duplicates when this share of their word pairs (bigram multiset
    /// Jaccard) is common to both.
    public var similarity: Double
    /// A shorter text also joins a longer one when this share of its word pairs occurs in the
    /// longer text (a truncated copy, a dropped sentence) ...
    public var containment: Double
    /// ... and it is at least this fraction of the longer one's length.
    public var containmentSizeRatio: Double
    /// The frame rule (see `TextComparison.swift`): after a common opening and ending, texts whose
    /// remainders are each at least this share of the text, and less alike than
    /// `frameRemainderSimilarity`, only share a frame and are different.
    public var frameRemainder: Double
    public var frameRemainderSimilarity: Double
    /// Two groups of several texts merge only if their anchors (first texts) are at least this
    /// similar, or one contains the other: a chain of small edits must not join two families.
    public var anchorSimilarity: Double
    /// Clusters of at least this many submissions are `viral`.
    public var viralSize: Int
    /// Worker threads; defaults to the number of cores.
    public var parallelism: Int

    public init(minimumTokens: Int = 6, bands: Int = 20, rowsPerBand: Int = 4, similarity: Double = 0.45,
                containment: Double = 0.8, containmentSizeRatio: Double = 0.3,
                frameRemainder: Double = 0.15, frameRemainderSimilarity: Double = 0.25, anchorSimilarity: Double = 0.3,
                viralSize: Int = 50, parallelism: Int = ProcessInfoCores.count) {
        self.minimumTokens = minimumTokens
        self.bands = bands
        self.rowsPerBand = rowsPerBand
        self.similarity = similarity
        self.containment = containment
        self.containmentSizeRatio = containmentSizeRatio
        self.frameRemainder = frameRemainder
        self.frameRemainderSimilarity = frameRemainderSimilarity
        self.anchorSimilarity = anchorSimilarity
        self.viralSize = viralSize
        self.parallelism = max(1, parallelism)
    }

    public static let standard = ClusterParameters()

    var bins: Int { bands * rowsPerBand }

    /// Keys per text for LSH buckets: a prefix key (the first eight words: truncated copies and
    /// texts that only gained an ending always share it), then the MinHash bands.
    var keysPerText: Int { bands + 1 }
}
