/// A set of row numbers as a bitmap: filters combine terms with word-wide AND.
package struct RowSet: Sendable, Equatable {
    package private(set) var words: [UInt64]
    package private(set) var rowCount: Int

    package init(rowCount: Int, allSelected: Bool) {
        self.rowCount = rowCount
        words = [UInt64](repeating: allSelected ? ~0 : 0, count: (rowCount + 63) / 64)
        if allSelected { clearTail() }
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - rowCount
        if extra > 0 { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }

    package func contains(_ row: Int) -> Bool { words[row >> 6] & (1 << UInt64(row & 63)) != 0 }

    package mutating func insert(_ row: Int) { words[row >> 6] |= 1 << UInt64(row & 63) }

    package mutating func remove(_ row: Int) { words[row >> 6] &= ~(1 << UInt64(row & 63)) }

    package var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The same members in a set for `rowCount` rows (new rows unselected).
    package func resized(to newCount: Int) -> RowSet {
        var copy = RowSet(rowCount: newCount, allSelected: false)
        for index in 0..<min(words.count, copy.words.count) { copy.words[index] = words[index] }
        copy.clearTail()
        return copy
    }

    /// Adds every row of `rows`.
    package mutating func insert(contentsOf rows: [Int32]) {
        for row in rows { insert(Int(row)) }
    }

    package mutating func formUnion(_ other: RowSet) {
        guard other.rowCount == rowCount else { return }
        for index in words.indices { words[index] |= other.words[index] }
    }

    package mutating func formIntersection(_ other: RowSet) {
        for index in words.indices { words[index] &= other.words[index] }
    }

    package mutating func subtract(_ other: RowSet) {
        for index in words.indices { words[index] &= ~other.words[index] }
    }

    package var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The members in increasing order.
    package var rows: [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        for (index, word) in words.enumerated() {
            var remaining = word
            while remaining != 0 {
                result.append(Int32(index * 64 + remaining.trailingZeroBitCount))
                remaining &= remaining - 1
            }
        }
        return result
    }

    /// Builds a set by testing every row; `test` runs in a tight loop over columns.
    package static func filled(rowCount: Int, where test: (Int) -> Bool) -> RowSet {
        var set = RowSet(rowCount: rowCount, allSelected: false)
        set.words.withUnsafeMutableBufferPointer { words in
            var row = 0
            for index in words.indices {
                var word: UInt64 = 0
                let end = min(row + 64, rowCount)
                var bit: UInt64 = 1
                while row < end {
                    if test(row) { word |= bit }
                    bit <<= 1
                    row += 1
                }
                words[index] = word
            }
        }
        return set
    }
}
