import DeskCore

/// A table's folded search text (`SubmissionTable.foldedText()`), looked up by row.
///
/// Each row's email and justification, lower-cased with accents removed (`SearchFolder`): what
/// free-text filters search, the email sort compares and clustering reads.
package struct FoldedText: Sendable {
    package let segments: [SearchText]

    package init(segments: [SearchText]) {
        self.segments = segments
    }

    /// The segment holding `row`, and the row's index within it.
    package func locate(_ row: Int) -> (segment: Int, localRow: Int) {
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].firstRow <= row { low = middle } else { high = middle - 1 }
        }
        return (low, row - segments[low].firstRow)
    }

    /// The row's folded email.
    package func withEmail<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let (segment, local) = locate(row)
        return segments[segment].withEmail(localRow: local, body)
    }

    /// The row's folded justification.
    package func withJustification<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let (segment, local) = locate(row)
        return segments[segment].withJustification(localRow: local, body)
    }
}
