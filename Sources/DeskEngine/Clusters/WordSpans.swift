import DeskCore
import DeskStore

/// The words of an unfolded justification with where each one is, consistent with the tokens
/// `ClusterTokenizer` hashes from the folded text: for showing and comparing added words.
///
/// Not on the load path (it runs for one row at a time), so it favours clarity: each scalar is
/// folded on its own, exactly as the queue's search text folds it, and then classified. Links and
/// @handles are skipped by the tokenizer's rule.
package struct WordSpans {
    package struct Word: Sendable, Equatable {
        /// The folded word (lower case, accents removed).
        package var text: String
        /// Where the word is in the original text.
        package var range: Range<String.Index>
    }

    private var folder = SearchFolder()
    private var tokenizer = ClusterTokenizer()

    package init() {}

    /// The words of `text`.
    package mutating func words(in text: String) -> [Word] {
        var result: [Word] = []
        // Each scalar, folded, with where it is.
        var folded: [(scalar: Unicode.Scalar, start: String.Index, end: String.Index)] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            var buffer = ByteBuffer(capacity: 16)
            var bytes = Array(String(scalars[index]).utf8)
            _ = bytes.withUnsafeMutableBytes { folder.appendFolded(UnsafeRawBufferPointer($0), to: &buffer) }
            let foldedScalars = String(decoding: buffer.bytes, as: UTF8.self).unicodeScalars
            if foldedScalars.isEmpty, let last = folded.last, tokenizer.role(of: last.scalar) == .word {
                folded[folded.count - 1].end = next  // a combining accent stays with its letter
            }
            for scalar in foldedScalars { folded.append((scalar, index, next)) }
            index = next
        }
        var position = 0
        var skipping = false
        while position < folded.count {
            let role = tokenizer.role(of: folded[position].scalar)
            if role == .space {
                skipping = false
                position += 1
                continue
            }
            if role == .separator {
                position += 1
                continue
            }
            // A word (or a standalone character) starts here.
            var end = position + 1
            if role == .word {
                while end < folded.count && tokenizer.role(of: folded[end].scalar) == .word { end += 1 }
            }
            let word = String(String.UnicodeScalarView(folded[position..<end].map(\.scalar)))
            if position > 0 && folded[position - 1].scalar == "@" { skipping = true }
            let after = folded[end...].prefix(3).map(\.scalar)
            if (word == "www" && after.first == ".") || ((word == "http" || word == "https") && after == [":", "/", "/"]) {
                skipping = true
            }
            if !skipping {
                result.append(Word(text: word, range: folded[position].start..<folded[end - 1].end))
            }
            position = end
        }
        return result
    }
}
