import DeskStore
import DeskEngine
import DeskCore

/// Finds where a search matches in text as it is shown, folded the way the search folds
/// (case and accents ignored), so the list and the detail pane can highlight it.
///
/// A memo, not state: it holds one `SearchFolder` (whose tables are costly to build), the folded
/// form of each character it has seen and the words rows add to their clusters' texts; it reads
/// nothing but what it is given.
package final class Highlighter {
    private var folder = SearchFolder()
    private var folded: [Character: [UInt8]] = [:]
    private var spans = WordSpans()
    /// Per row: the folded words it adds to its cluster's text, for the clusters it was computed on.
    private var addedWords: [Int32: Set<String>] = [:]
    private var addedWordsClusters = -1

    package init() {}

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

    /// The folded words `row` adds to its cluster's representative text (`AddedWordRules`),
    /// empty when it adds none, when the clusters are not found yet, or while either record is not
    /// loaded (`AppState.wantedRecords` asks for both).
    func addedWords(of row: Int32, clusters: Clusters?, records: SubmissionRecords) -> Set<String> {
        guard let clusters, Int(row) < clusters.rowCount, clusters.addsWords(Int(row)),
              let cluster = clusters.cluster(ofRow: Int(row)) else { return [] }
        let stamp = clusters.count &* 31 &+ clusters.rowCount
        if stamp != addedWordsClusters {
            addedWords.removeAll()
            addedWordsClusters = stamp
        }
        if let known = addedWords[row] { return known }
        let representative = Int32(clusters.representativeRow(ofCluster: cluster))
        guard representative != row else { return [] }
        guard let member = records[row], let original = records[representative] else { return [] }
        let memberWords = spans.words(in: member.justification)
        let originalWords = spans.words(in: original.justification).map(\.text)
        let words = Set(AddedWordRules.addedWords(memberWords.map(\.text), representative: originalWords).map { memberWords[$0].text })
        if addedWords.count > 4_096 { addedWords.removeAll() }
        addedWords[row] = words
        return words
    }

    /// The character offsets of `text` (as shown) that belong to words in `words` (folded), found
    /// with the same word rules the clusters use.
    func wordOffsets(in text: String, words: Set<String>) -> Set<Int> {
        guard !words.isEmpty else { return [] }
        var result = Set<Int>()
        for word in spans.words(in: text) where words.contains(word.text) {
            let start = text.distance(from: text.startIndex, to: word.range.lowerBound)
            let end = text.distance(from: text.startIndex, to: word.range.upperBound)
            result.formUnion(start..<max(start, end))
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
        write(text, x: x, y: y, style: style, marks: [(marked, markStyle)], limit: limit)
    }

    /// Writes `text` like `write`, drawing the characters in each mark's offsets in its style (the
    /// first mark that holds an offset wins).
    @discardableResult
    mutating func write(_ text: String, x: Int, y: Int, style: CellStyle, marks: [(offsets: Set<Int>, style: CellStyle)],
                        limit: Int? = nil) -> Int {
        guard marks.contains(where: { !$0.offsets.isEmpty }) else { return write(text, x: x, y: y, style: style, limit: limit) }
        let end = limit.map { x + $0 } ?? width
        var column = x
        for (offset, character) in text.enumerated() {
            guard column < end else { break }
            let markStyle = marks.first { $0.offsets.contains(offset) }?.style ?? style
            column = write(String(character), x: column, y: y, style: markStyle, limit: end - column)
        }
        return column
    }
}
