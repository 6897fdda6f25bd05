import DeskCore

/// Finds where a search matches in text as it is shown, folded the way the search folds
/// (case and accents ignored), so the list and the detail pane can highlight it.
///
/// A memo like `SubmissionCache`, not state: it holds one `SearchFolder` (whose tables are costly
/// to build) and the folded form of each character it has seen.
public final class Highlighter {
    private var folder = SearchFolder()
    private var folded: [Character: [UInt8]] = [:]

    public init() {}

    /// The character offsets of `text` covered by matches of `needle` (already folded).
    func matchedOffsets(in text: String, needle: [UInt8]) -> Set<Int> {
        guard !needle.isEmpty else { return [] }
        var bytes: [UInt8] = []
        var owner: [Int] = []
        for (offset, character) in text.enumerated() {
            let piece = fold(character)
            bytes += piece
            owner += repeatElement(offset, count: piece.count)
        }
        var result = Set<Int>()
        guard bytes.count >= needle.count else { return result }
        var start = 0
        while start + needle.count <= bytes.count {
            if bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle) {
                for index in start..<(start + needle.count) { result.insert(owner[index]) }
                start += needle.count
            } else {
                start += 1
            }
        }
        return result
    }

    /// The folded bytes of a needle.
    func foldNeedle(_ text: String) -> [UInt8] {
        text.flatMap { fold($0) }
    }

    private func fold(_ character: Character) -> [UInt8] {
        if let known = folded[character] { return known }
        var output = ByteBuffer(capacity: 16)
        let utf8 = Array(String(character).utf8)
        utf8.withUnsafeBytes { _ = folder.appendFolded($0, to: &output) }
        let result = Array(output.bytes)
        if folded.count > 10_000 { folded.removeAll() }
        folded[character] = result
        return result
    }
}

extension CellGrid {
    /// Writes `text` like `write`, drawing the characters at `marked` offsets in `markStyle`.
    @discardableResult
    mutating func write(_ text: String, x: Int, y: Int, style: CellStyle, marking marked: Set<Int>, markStyle: CellStyle,
                        limit: Int? = nil) -> Int {
        guard !marked.isEmpty else { return write(text, x: x, y: y, style: style, limit: limit) }
        let end = limit.map { x + $0 } ?? width
        var column = x
        for (offset, character) in text.enumerated() {
            guard column < end else { break }
            column = write(String(character), x: column, y: y, style: marked.contains(offset) ? markStyle : style,
                           limit: end - column)
        }
        return column
    }
}
