import DeskCore

/// Word wrapping by display cells, for the detail pane.
enum TextWrap {
    /// Splits sanitized text into lines of at most `width` cells: at spaces where possible, inside
    /// a word only when the word alone is wider than the line. Existing line breaks are kept.
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let wordWidth = DisplayWidth.of(word)
                let gap = line.isEmpty ? 0 : 1
                if lineWidth + gap + wordWidth <= width {
                    if gap == 1 { line += " " }
                    line += word
                    lineWidth += gap + wordWidth
                    continue
                }
                if !line.isEmpty { result.append(line) }
                line = ""
                lineWidth = 0
                // A word wider than the line is cut at character boundaries.
                var rest = Substring(word)
                while DisplayWidth.of(rest) > width {
                    var piece = ""
                    var pieceWidth = 0
                    while let next = rest.first, pieceWidth + DisplayWidth.of(String(next)) <= width {
                        piece.append(next)
                        pieceWidth += DisplayWidth.of(String(next))
                        rest = rest.dropFirst()
                    }
                    if piece.isEmpty { rest = rest.dropFirst(); continue }
                    result.append(piece)
                }
                line = String(rest)
                lineWidth = DisplayWidth.of(rest)
            }
            result.append(line)
        }
        return result
    }
}
