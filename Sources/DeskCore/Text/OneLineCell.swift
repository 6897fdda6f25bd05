/// A text shown in one cell of a table on a terminal: line breaks as spaces, characters that
/// must not reach the terminal escaped (`TerminalSafety`), cut to a width with "…"
/// (`DisplayWidth.truncate`). `clusters` makes one for each of tens of thousands of clusters.
package enum OneLineCell {
    /// The cell for `text` in `width` cells, reading at most `limit` of its scalars.
    package static func make(_ text: String, width: Int, scalars limit: Int) -> String {
        quick(text, width: width, scalars: limit) ?? composed(text, width: width, scalars: limit)
    }

    /// The cell made step by step: one line, sanitized, truncated (what `make` must equal).
    static func composed(_ text: String, width: Int, scalars limit: Int) -> String {
        DisplayWidth.truncate(TerminalSafety.sanitize(prefix(of: text, scalars: limit)).text, toWidth: width)
    }

    /// The first `scalars` scalars of `text` on one line (a run of line breaks becomes a space),
    /// built as bytes: Character-wise `prefix` and `split` were most of listing 14,000 clusters.
    package static func prefix(of text: String, scalars limit: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(limit + 8)
        var taken = 0
        var inBreak = false
        for scalar in text.unicodeScalars {
            guard taken < limit else { break }
            taken += 1
            if isLineBreak(scalar.value) {
                if !inBreak { bytes.append(0x20) }
                inBreak = true
                continue
            }
            inBreak = false
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    private static func isLineBreak(_ value: UInt32) -> Bool {
        value == 0x0A || value == 0x0D || value == 0x2028 || value == 0x2029 || value == 0x0B || value == 0x0C || value == 0x85
    }

    /// The three steps in one pass over the text's bytes, for a text with nothing to escape (nil
    /// otherwise): three passes building two intermediate strings took most of a warm `clusters`.
    /// Same rules: every scalar read counts toward `limit`, a break run is one space, and the cut
    /// leaves a cell for "…" when the line is wider than `width`.
    static func quick(_ text: String, width: Int, scalars limit: Int) -> String? {
        var text = text
        var cell: [UInt8] = []
        let made = text.withUTF8 { appendQuick($0, width: width, scalars: limit, to: &cell) }
        return made ? String(decoding: cell, as: UTF8.self) : nil
    }

    /// `quick` from UTF-8 bytes straight into `cell`, without a String on either side (a warm
    /// `clusters` makes tens of thousands of cells); false, with `cell` as it was, when the text
    /// has something to escape or bytes that are not UTF-8.
    package static func appendQuick(_ source: UnsafeBufferPointer<UInt8>, width: Int, scalars limit: Int,
                                    to cell: inout [UInt8]) -> Bool {
        guard width > 0, let base = source.baseAddress else { return true }
        // Written out inline with plain locals: a local function capturing them boxed them
        // behind exclusivity checks, which cost more than the walk.
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: min(source.count, 4 * limit) + 4)
        defer { output.deallocate() }
        var written = 0
        var taken = 0
        var inBreak = false
        var used = 0
        var cut = -1
        var index = 0
        while index < source.count && taken < limit && used <= width {
            let lead = base[index]
            // The bytes come from a file that may have changed since it was checked: a sequence
            // that is not UTF-8 goes the escaping way, which repairs it.
            if lead >= 0x80 {
                guard let shape = UTF8Lead.shape(lead), index + shape.length <= source.count,
                      (shape.secondLow...shape.secondHigh).contains(base[index + 1]),
                      shape.length < 3 || base[index + 2] & 0xC0 == 0x80,
                      shape.length < 4 || base[index + 3] & 0xC0 == 0x80 else { return false }
            }
            let (scalar, length) = SearchFolder.decodeScalar(base + index, lead: lead)
            taken += 1
            var cells = 1
            if isLineBreak(scalar) {
                index += length
                if inBreak { continue }
                inBreak = true
                if cut < 0 && used + 1 > width - 1 { cut = written }
                used += 1
                output[written] = 0x20
                written += 1
                continue
            }
            inBreak = false
            if scalar >= 0x80 {
                guard !TerminalSafety.isUnsafe(scalar), let value = Unicode.Scalar(scalar) else { return false }
                cells = DisplayWidth.of(value)
            } else if scalar < 0x20 || scalar == 0x7F {
                return false
            }
            if cut < 0 && used + cells > width - 1 { cut = written }
            used += cells
            for offset in 0..<length { output[written + offset] = base[index + offset] }
            written += length
            index += length
        }
        if used > width && cut >= 0 {
            cell.append(contentsOf: UnsafeBufferPointer(start: output, count: cut))
            cell.append(contentsOf: [0xE2, 0x80, 0xA6])  // "…"
        } else {
            cell.append(contentsOf: UnsafeBufferPointer(start: output, count: written))
        }
        return true
    }
}
