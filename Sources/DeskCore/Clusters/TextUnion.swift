/// Union-find over distinct texts, with each group's size (in texts) and anchor.
///
/// The anchor is the first text of the group that was the larger one at each merge, so a big
/// family keeps one of its early, typical texts as anchor and a stray member cannot take over.
struct TextUnion: Sendable {
    private(set) var parent: [Int32]
    private(set) var textCount: [Int32]
    private(set) var anchor: [Int32]

    init(count: Int) {
        parent = Array(0..<Int32(count))
        textCount = [Int32](repeating: 1, count: count)
        anchor = Array(0..<Int32(count))
    }

    var count: Int { parent.count }

    /// Adds texts numbered from the current count on, each alone.
    mutating func grow(to newCount: Int) {
        guard newCount > parent.count else { return }
        parent += Array(Int32(parent.count)..<Int32(newCount))
        textCount += [Int32](repeating: 1, count: newCount - textCount.count)
        anchor += Array(Int32(anchor.count)..<Int32(newCount))
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

    /// Merges the groups of `first` and `second`. When both already hold several texts, merging
    /// needs `anchorsAgree(anchorA, anchorB)`. Returns whether they are (now) in one group.
    @discardableResult
    mutating func unite(_ first: Int32, _ second: Int32, anchorsAgree: (Int32, Int32) -> Bool) -> Bool {
        let a = root(first)
        let b = root(second)
        if a == b { return true }
        if textCount[Int(a)] > 1 && textCount[Int(b)] > 1 && !anchorsAgree(anchor[Int(a)], anchor[Int(b)]) {
            return false
        }
        let (big, small) = textCount[Int(a)] > textCount[Int(b)] || (textCount[Int(a)] == textCount[Int(b)] && anchor[Int(a)] < anchor[Int(b)])
            ? (a, b) : (b, a)
        parent[Int(small)] = big
        textCount[Int(big)] += textCount[Int(small)]
        return true
    }

    /// Every text's root, with all paths compressed.
    mutating func flatten() -> [Int32] {
        for text in 0..<Int32(parent.count) { parent[Int(text)] = root(text) }
        return parent
    }
}
