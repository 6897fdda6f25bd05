import DeskCore
import DeskStore

/// Groups of distinct texts, each a star around its representative text (the anchor), with each
/// group's size in texts.
///
/// Representatives are taken most typical first: the text sent by the most submissions (its exact
/// group's size), then the longest, then the first. A truncated copy or a bare opening, which
/// would agree with several families, thus never represents a group that a full text could.
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

    /// Puts `member`, alone so far, into the group of `representative`, a group's centre: groups
    /// are stars, every member checked against the centre itself and never through another
    /// member, so texts that only share parts with each other cannot chain into one group.
    mutating func attach(_ member: Int32, to representative: Int32) {
        precondition(parent[Int(representative)] == representative && parent[Int(member)] == member && textCount[Int(member)] == 1)
        parent[Int(member)] = representative
        textCount[Int(representative)] += 1
    }

    /// Per text, how typical it is (see `typicality(rows:tokens:)`).
    var typicalities: [Int64] { typicality }
}
