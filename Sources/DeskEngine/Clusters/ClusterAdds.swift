import DeskCore
import DeskStore
import CPrefetch

/// Decides for each member text of a cluster whether it adds words to the representative text
/// (`AddedWordRules`), for the per-row `adds` flag.
///
/// Hand-written around hashes: it runs over every clustered text at load. The representative's
/// stored tokens and the courtesy words go into a stamped table; a member whose tokens are all in
/// it adds nothing. Only the unknown tokens of the other members are looked at as bytes (the typo
/// check), without building strings. (With 16-bit stored tokens an added word is taken for a
/// known one with probability ~1/1000 per word; a member is missed only if all its added words
/// are.)
struct AddsComputer {
    private let table: SubmissionTable
    /// Member texts, read only for the typo check of words the representative lacks.
    private var reader: FoldedRowReader
    private let corpus: TextCorpus?
    private let textOfRow: [Int32]
    /// Text → where its justification is in the queue file (`JustificationLocation`).
    private let textLocations: [JustificationLocation]
    private let minimumTokens: Int
    private var tokenizer = ClusterTokenizer()
    private var known: [StoredToken] = []
    private var stamps: [UInt32] = []
    private var stamp: UInt32 = 0
    private var mask = 0
    private var representativeRow: Int32 = -1
    /// The representative's folded text and its words' byte ranges, once a member needs them.
    private var representativeText: [UInt8] = []
    private var representativeSpans: [UInt32] = []
    private var unknown: [Int] = []
    private var narrowed: [StoredToken] = []
    /// Unknown words checked one by one as possible typos; more always mean an addition.
    static let mostTypos = 4

    init(table: SubmissionTable, corpus: TextCorpus?, textOfRow: [Int32], textLocations: [JustificationLocation] = [],
         minimumTokens: Int) {
        self.table = table
        reader = FoldedRowReader(table: table)
        self.corpus = corpus?.batches.isEmpty == false ? corpus : nil
        self.textOfRow = textOfRow
        self.textLocations = textLocations
        self.minimumTokens = minimumTokens
    }

    /// Prepares the comparisons with the representative text at `row`.
    mutating func setRepresentative(_ row: Int32) {
        representativeRow = row
        representativeSpans = []
        let size = withTokens(of: row) { tokens in
            var size = 256
            while size < (tokens.count + AddedWordRules.courtesyHashes.count) * 2 { size <<= 1 }
            return size
        }
        if known.count < size {
            known = [StoredToken](repeating: 0, count: size)
            stamps = [UInt32](repeating: 0, count: size)
            stamp = 0
        }
        mask = known.count - 1
        stamp &+= 1
        if stamp == 0 {
            stamps = [UInt32](repeating: 0, count: known.count)
            stamp = 1
        }
        var known: [StoredToken] = []
        var stamps: [UInt32] = []
        swap(&known, &self.known)
        swap(&stamps, &self.stamps)
        let (mask, stamp) = (self.mask, self.stamp)
        withTokens(of: row) { tokens in
            for token in tokens { Self.insert(token, &known, &stamps, mask, stamp) }
        }
        for token in AddedWordRules.courtesyHashes { Self.insert(storedToken(token), &known, &stamps, mask, stamp) }
        swap(&known, &self.known)
        swap(&stamps, &self.stamps)
    }

    /// Whether the text at `row` adds words to the representative.
    mutating func adds(_ row: Int32) -> Bool {
        let (mask, stamp) = (self.mask, self.stamp)
        var unknown: [Int] = []
        swap(&unknown, &self.unknown)
        unknown.removeAll(keepingCapacity: true)
        defer { swap(&unknown, &self.unknown) }
        var known: [StoredToken] = []
        var stamps: [UInt32] = []
        swap(&known, &self.known)
        swap(&stamps, &self.stamps)
        withTokens(of: row) { tokens in
            known.withUnsafeBufferPointer { known in
                stamps.withUnsafeBufferPointer { stamps in
                    for (index, token) in tokens.enumerated() where !Self.contains(token, known, stamps, mask, stamp) {
                        unknown.append(index)
                    }
                }
            }
        }
        swap(&known, &self.known)
        swap(&stamps, &self.stamps)
        if unknown.isEmpty { return false }
        // More unknown words than a few typos account for: an addition, without reading the text
        // (reading it back for the typo check was most of the `adds` time on a mixed queue).
        if unknown.count > Self.mostTypos { return true }
        // Some tokens are unknown: are they all typos of the representative's words?
        if representativeSpans.isEmpty { loadRepresentativeWords() }
        let minimumTokens = self.minimumTokens
        let representativeText = self.representativeText
        let representativeSpans = self.representativeSpans
        return reader.withJustification(Int(row), at: location(of: row)) { text in
            _ = tokenizer.tokenize(text, minimumTokens: minimumTokens, recordingSpans: true)
            let spans = tokenizer.spans
            let last = tokenizer.tokenCount - 1
            return representativeText.withUnsafeBytes { representative in
                for index in unknown {
                    let word = UnsafeRawBufferPointer(rebasing: text[Int(spans[2 * index])..<Int(spans[2 * index + 1])])
                    var excused = false
                    var span = 0
                    while span < representativeSpans.count && !excused {
                        let original = UnsafeRawBufferPointer(rebasing: representative[Int(representativeSpans[span])..<Int(representativeSpans[span + 1])])
                        // A typo, or the cut-off last word of a truncated copy.
                        excused = AddedWordRules.isTypo(word, of: original)
                            || (index == last && original.count > word.count && original.starts(with: word))
                        span += 2
                    }
                    if !excused { return true }
                }
                return false
            }
        }
    }

    private mutating func loadRepresentativeWords() {
        let minimumTokens = self.minimumTokens
        representativeText = reader.withJustification(Int(representativeRow), at: location(of: representativeRow)) { text in
            _ = tokenizer.tokenize(text, minimumTokens: minimumTokens, recordingSpans: true)
            return Array(text)
        }
        representativeSpans = Array(tokenizer.spans[0..<(2 * tokenizer.tokenCount)])
    }

    /// Starts loading what reading the stored tokens of the text at `row` needs, one step of
    /// three (`step` 0: its text number, 1: where its tokens are, 2: the tokens), each step a few
    /// members after the one before: members are scattered over the corpus, and each of the
    /// three was a cache miss.
    @inline(__always)
    func prefetch(_ row: Int32, step: Int) {
        guard let corpus else { return }
        if step == 0 {
            textOfRow.withUnsafeBufferPointer { prefetch_for_read($0.baseAddress! + Int(row)) }
            return
        }
        let text = textOfRow[Int(row)]
        guard text >= 0 && text < corpus.count else { return }
        if step == 1 { corpus.prefetchLocation(of: text) } else { corpus.prefetchTokens(of: text) }
    }

    /// Calls `body` with the stored tokens of the text at `row` (from the corpus while it exists).
    private mutating func withTokens<Result>(of row: Int32, _ body: (UnsafeBufferPointer<StoredToken>) -> Result) -> Result {
        let text = textOfRow[Int(row)]
        if let corpus, text >= 0, text < corpus.count {
            return corpus.withTokens(text, body)
        }
        let minimumTokens = self.minimumTokens
        _ = reader.withJustification(Int(row), at: location(of: row)) { tokenizer.tokenize($0, minimumTokens: minimumTokens) }
        narrowed = tokenizer.withTokens { $0.map(storedToken) }
        return narrowed.withUnsafeBufferPointer(body)
    }

    private func location(of row: Int32) -> JustificationLocation {
        textLocations.location(ofText: Int(textOfRow[Int(row)]))
    }

    @inline(__always)
    private static func insert(_ token: StoredToken, _ known: inout [StoredToken], _ stamps: inout [UInt32], _ mask: Int, _ stamp: UInt32) {
        var slot = Int((UInt32(token) &* 0x9E37_79B1) >> 16) & mask
        while stamps[slot] == stamp {
            if known[slot] == token { return }
            slot = (slot + 1) & mask
        }
        stamps[slot] = stamp
        known[slot] = token
    }

    @inline(__always)
    private static func contains(_ token: StoredToken, _ known: UnsafeBufferPointer<StoredToken>, _ stamps: UnsafeBufferPointer<UInt32>,
                                 _ mask: Int, _ stamp: UInt32) -> Bool {
        var slot = Int((UInt32(token) &* 0x9E37_79B1) >> 16) & mask
        while stamps[slot] == stamp {
            if known[slot] == token { return true }
            slot = (slot + 1) & mask
        }
        return false
    }
}
