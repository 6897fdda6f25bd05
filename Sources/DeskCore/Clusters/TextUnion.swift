/// Union-find over distinct texts, with each group's size (in texts) and anchor.
///
/// The anchor is the group's most typical text: the one sent by the most submissions (its exact
/// group's size), then the longest, then the first. A truncated copy or a bare opening, which
/// would agree with several families, thus never anchors a group that a full text has joined.
struct TextUnion: Sendable {
    private(set) var parent: [Int32]
    private(set) var textCount: [Int32]
    private(set) var anchor: [Int32]
    /// Per text: rows sharing it (high bits) and tokens (low 16 bits), larger is more typical.
    private var typicality: [Int64]

    init(count: Int, typicality: [Int64]) {
        parent = Array(0..<Int32(count))
        textCount = [Int32](repeating: 1, count: count)
        anchor = Array(0..<Int32(count))
        self.typicality = typicality
    }

    /// A union restored from `parts` (the cluster cache); the arrays must have one entry per text.
    init(restoring parts: (parent: [Int32], textCount: [Int32], anchor: [Int32], typicality: [Int64])) {
        (parent, textCount, anchor, typicality) = parts
    }

    /// What `init(restoring:)` takes back.
    var parts: (parent: [Int32], textCount: [Int32], anchor: [Int32], typicality: [Int64]) {
        (parent, textCount, anchor, typicality)
    }

    /// The typicality score of a text that `rows` submissions sent and that has `tokens` tokens.
    static func typicality(rows: Int, tokens: Int) -> Int64 { Int64(rows) << 16 | Int64(min(tokens, 0xFFFF)) }

    /// Counts one more submission for a text (a new row with the same words).
    mutating func addRow(toText text: Int32) { typicality[Int(text)] += 1 << 16 }

    var count: Int { parent.count }

    /// Adds texts numbered from the current count on, each alone.
    mutating func add(typicality score: Int64) {
        parent.append(Int32(parent.count))
        textCount.append(1)
        anchor.append(Int32(anchor.count))
        typicality.append(score)
    }

    /// The root without modifying anything: safe while other threads also only read.
    @inline(__always)
    func rootReadOnly(_ text: Int32) -> Int32 {
        var current = text
        while true {
            let up = parent[Int(current)]
            if up == current { return current }
            current = up
        }
    }

    /// The root, halving the path on the way.
    mutating func root(_ text: Int32) -> Int32 {
        var current = text
        while true {
            let up = parent[Int(current)]
            if up == current { return current }
            let grand = parent[Int(up)]
            parent[Int(current)] = grand
            current = grand
        }
    }

    func size(ofRoot root: Int32) -> Int { Int(textCount[Int(root)]) }
    func anchor(ofRoot root: Int32) -> Int32 { anchor[Int(root)] }

    /// Merges the groups of `first` and `second`, which were found alike. The merge must also pass
    /// `agree` against the groups' anchors, so a chain of pairwise-alike texts cannot walk from
    /// one family into another: two groups of several texts need their anchors to agree, and a
    /// lone text joining a group must agree with the group's anchor (when its partner is not the
    /// anchor already). Returns whether they are (now) in one group.
    @discardableResult
    mutating func unite(_ first: Int32, _ second: Int32, agree: (Int32, Int32) -> Bool) -> Bool {
        let a = root(first)
        let b = root(second)
        if a == b { return true }
        let countA = textCount[Int(a)]
        let countB = textCount[Int(b)]
        if countA > 1 && countB > 1 {
            if !agree(anchor[Int(a)], anchor[Int(b)]) { return false }
        } else if countA > 1 {
            if anchor[Int(a)] != first && !agree(second, anchor[Int(a)]) { return false }
        } else if countB > 1 {
            if anchor[Int(b)] != second && !agree(first, anchor[Int(b)]) { return false }
        }
        let (big, small) = countA >= countB ? (a, b) : (b, a)
        parent[Int(small)] = big
        textCount[Int(big)] += textCount[Int(small)]
        let (anchorBig, anchorSmall) = (anchor[Int(big)], anchor[Int(small)])
        let scoreBig = typicality[Int(anchorBig)]
        let scoreSmall = typicality[Int(anchorSmall)]
        if scoreSmall > scoreBig || (scoreSmall == scoreBig && anchorSmall < anchorBig) { anchor[Int(big)] = anchorSmall }
        return true
    }

    /// Every text's root, with all paths compressed.
    mutating func flatten() -> [Int32] {
        for text in 0..<Int32(parent.count) { parent[Int(text)] = root(text) }
        return parent
    }
}
