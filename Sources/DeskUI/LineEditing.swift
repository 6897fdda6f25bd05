/// Editing keys for a one-line text field, as readline and most shells have them.
///
/// The cursor is a character offset into the text (0 … count). Pure, so every key is tested
/// without a terminal; the prompts keep one of these per field.
package struct LineField: Equatable, Sendable {
    package var text: String
    package var cursor: Int

    package init(_ text: String = "", cursor: Int? = nil) {
        self.text = text
        self.cursor = cursor ?? text.count
    }

    /// Applies an editing key; returns false for keys that are not editing keys.
    package mutating func apply(_ key: Key) -> Bool {
        cursor = max(0, min(cursor, text.count))
        switch key {
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .backspace, .control("h"):
            guard cursor > 0 else { return true }
            text.remove(at: index(cursor - 1))
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < text.count else { return true }
            text.remove(at: index(cursor))
        case .control("u"):
            text.removeSubrange(text.startIndex..<index(cursor))
            cursor = 0
        case .control("k"):
            text.removeSubrange(index(cursor)...)
        case .control("w"):
            let start = wordStart(before: cursor)
            text.removeSubrange(index(start)..<index(cursor))
            cursor = start
        case .character(let character):
            insert(String(character))
        default:
            return false
        }
        return true
    }

    /// Inserts `string` at the cursor and moves the cursor after it.
    package mutating func insert(_ string: String) {
        cursor = max(0, min(cursor, text.count))
        text.insert(contentsOf: string, at: index(cursor))
        cursor += string.count
    }

    /// Replaces the whole text, cursor at the end.
    package mutating func replace(with string: String) {
        text = string
        cursor = string.count
    }

    private func index(_ offset: Int) -> String.Index { text.index(text.startIndex, offsetBy: offset) }

    /// Where ^W stops: the start of the word before `offset`, spaces before it included.
    private func wordStart(before offset: Int) -> Int {
        let characters = Array(text)
        var position = offset
        while position > 0 && characters[position - 1].isWhitespace { position -= 1 }
        while position > 0 && !characters[position - 1].isWhitespace { position -= 1 }
        return position
    }
}
