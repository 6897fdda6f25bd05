#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CByteSearch

/// The folded email and justification of a contiguous run of rows, stored back to back so that one
/// `memmem` pass searches them all.
///
/// Each row is `folded email` 0x01 `folded justification` 0x00. The separators never occur in a
/// folded needle (control characters fold to spaces), so a match never spans two rows or fields.
package struct SearchText: Sendable {
    package let firstRow: Int
    package private(set) var text = ByteBuffer(capacity: 1 << 16)
    /// End of each row's text (just past its 0x00), relative to `text`.
    package private(set) var rowEnds: [UInt32] = []

    package init(firstRow: Int) {
        self.firstRow = firstRow
    }

    package var rowCount: Int { rowEnds.count }

    /// Rows read back from a saved copy (`SearchTextFile`).
    package init(firstRow: Int, text: ByteBuffer, rowEnds: [UInt32]) {
        self.firstRow = firstRow
        self.text = text
        self.rowEnds = rowEnds
    }

    /// The same rows, numbered from `firstRow` in the whole table.
    package init(rebasing other: SearchText, firstRow: Int) {
        self.firstRow = firstRow
        text = other.text
        rowEnds = other.rowEnds
    }

    /// Folds and appends one row; returns true when its text needs escaping before display.
    package mutating func appendRow(email: UnsafeRawBufferPointer, justification: UnsafeRawBufferPointer, folder: inout SearchFolder) -> Bool {
        var unsafe = folder.appendFolded(email, to: &text)
        text.append(0x01)
        unsafe = folder.appendFolded(justification, to: &text) || unsafe
        text.append(0x00)
        rowEnds.append(UInt32(text.count))
        return unsafe
    }

    /// Drops the rows whose local index is in `removed` (sorted), keeping the others in order.
    package mutating func remove(localRows removed: [Int]) {
        guard !removed.isEmpty else { return }
        var compacted = ByteBuffer(capacity: text.count)
        var ends: [UInt32] = []
        ends.reserveCapacity(rowEnds.count - removed.count)
        var removedIndex = 0
        text.withUnsafeBytes { bytes in
            for row in rowEnds.indices {
                if removedIndex < removed.count && removed[removedIndex] == row {
                    removedIndex += 1
                    continue
                }
                let start = row == 0 ? 0 : Int(rowEnds[row - 1])
                compacted.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<Int(rowEnds[row])]))
                ends.append(UInt32(compacted.count))
            }
        }
        text = compacted
        rowEnds = ends
    }

    package mutating func shrinkToFit() { text.shrinkToFit() }

    /// Room for about `bytes` more folded bytes and `rows` more rows.
    package mutating func reserve(bytes: Int, rows: Int) {
        text.reserve(additional: bytes)
        rowEnds.reserveAmortized(rowEnds.count + rows)
    }

    /// Adds `other`'s rows after these.
    package mutating func append(_ other: SearchText) {
        let base = UInt32(text.count)
        other.text.withUnsafeBytes { text.append(contentsOf: $0) }
        rowEnds.reserveAmortized(rowEnds.count + other.rowEnds.count)
        for end in other.rowEnds { rowEnds.append(base + end) }
    }

    /// The first `rows` rows, sharing the text's storage.
    package func prefix(rows: Int) -> SearchText {
        guard rows < rowCount else { return self }
        var copy = self
        copy.rowEnds = Array(rowEnds[0..<rows])
        copy.text = text.prefix(rows == 0 ? 0 : Int(rowEnds[rows - 1]))
        return copy
    }

    /// The folded email of a local row, for sorting.
    package func withEmail<Result>(localRow: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        text.withUnsafeBytes { bytes in
            let start = localRow == 0 ? 0 : Int(rowEnds[localRow - 1])
            let end = Int(rowEnds[localRow])
            let separator = memchr(bytes.baseAddress! + start, 0x01, end - start)!
            return body(UnsafeRawBufferPointer(start: bytes.baseAddress! + start, count: (bytes.baseAddress! + start).distance(to: UnsafeRawPointer(separator))))
        }
    }

    /// The folded justification of a local row (what clustering compares).
    package func withJustification<Result>(localRow: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        text.withUnsafeBytes { bytes in
            let start = localRow == 0 ? 0 : Int(rowEnds[localRow - 1])
            let end = Int(rowEnds[localRow]) - 1  // before the row's 0x00
            let separator = memchr(bytes.baseAddress! + start, 0x01, end - start)!
            let from = bytes.baseAddress!.distance(to: UnsafeRawPointer(separator)) + 1
            return body(UnsafeRawBufferPointer(rebasing: bytes[from..<end]))
        }
    }


    /// Calls `found` with the local index of every row whose text contains `needle` (folded).
    /// With `emailOnly`, only matches inside the email part count.
    package func forEachRow(containing needle: [UInt8], emailOnly: Bool = false, _ found: (Int) -> Void) {
        guard !needle.isEmpty, !rowEnds.isEmpty else {
            if needle.isEmpty { for row in rowEnds.indices { found(row) } }
            return
        }
        text.withUnsafeBytes { bytes in
            needle.withUnsafeBytes { pattern in
                let base = bytes.baseAddress!
                var position = 0
                var row = 0
                let total = bytes.count
                while position < total,
                      let match = byte_search(base + position, total - position, pattern.baseAddress!, pattern.count) {
                    let offset = base.distance(to: UnsafeRawPointer(match))
                    // Advance to the row containing the match (rows are short; matches are sparse).
                    row = upperBound(rowEnds, UInt32(offset), from: row)
                    let rowStart = row == 0 ? 0 : Int(rowEnds[row - 1])
                    if emailOnly {
                        let separator = memchr(base + rowStart, 0x01, Int(rowEnds[row]) - rowStart)!
                        if offset < base.distance(to: UnsafeRawPointer(separator)) { found(row) }
                    } else {
                        found(row)
                    }
                    position = Int(rowEnds[row])
                    row += 1
                }
            }
        }
    }

    /// Whether one row's text contains `needle` (for filters whose other terms left few rows).
    package func rowContains(localRow: Int, _ needle: [UInt8], emailOnly: Bool) -> Bool {
        text.withUnsafeBytes { bytes in
            needle.withUnsafeBytes { pattern in
                let start = localRow == 0 ? 0 : Int(rowEnds[localRow - 1])
                var end = Int(rowEnds[localRow])
                if emailOnly, let separator = memchr(bytes.baseAddress! + start, 0x01, end - start) {
                    end = bytes.baseAddress!.distance(to: UnsafeRawPointer(separator))
                }
                return byte_search(bytes.baseAddress! + start, end - start, pattern.baseAddress!, pattern.count) != nil
            }
        }
    }

    /// First index at or after `from` whose end is greater than `offset`. Gallops from `from`:
    /// matches are usually in the next few rows, so this beats a binary search over all rows.
    private func upperBound(_ ends: [UInt32], _ offset: UInt32, from: Int) -> Int {
        var low = from
        var step = 1
        var high = from
        while high < ends.count - 1 && ends[high] <= offset {
            low = high + 1
            high = min(ends.count - 1, high + step)
            step *= 2
        }
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] > offset { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
