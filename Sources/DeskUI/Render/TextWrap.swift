import DeskStore
import DeskEngine
import DeskCore

/// Word wrapping by display cells, for the detail pane.
///
/// One pass, each character looked at once, and at most `maximumCharacters` of them per call: a
/// justification without spaces (a million "é") used to cost quadratic time on every paint and
/// froze the screen. Nobody reads 20,000 characters in a terminal pane; the full text stays in
/// the queue for `list --format jsonl`.
enum TextWrap {
    /// Characters wrapped per call at most; the rest is left out (`Wrapped.isCut`).
    static let maximumCharacters = 20_000

    struct Wrapped {
        var lines: [String]
        /// The text had more characters than the limit; they were not looked at.
        var isCut: Bool
        /// Characters looked at: never more than the limit, each at most once.
        var visited: Int
    }

    /// Splits sanitized text into lines of at most `width` cells: at spaces where possible, inside
    /// a word only when the word alone is wider than the line. Existing line breaks are kept.
    /// A text cut at the limit ends with a line "…".
    static func lines(_ text: String, width: Int) -> [String] {
        let wrapped = wrap(text, width: width)
        return wrapped.isCut ? wrapped.lines + ["…"] : wrapped.lines
    }

    /// `lines`, without the "…" line, saying whether the text was cut and how much was read.
    static func wrap(_ text: String, width: Int, limit: Int = maximumCharacters) -> Wrapped {
        guard width > 0 else { return Wrapped(lines: [], isCut: false, visited: 0) }
        var wrapper = Wrapper(width: width)
        var visited = 0
        var isCut = false
        for character in text {
            guard visited < limit else {
                isCut = true
                break
            }
            visited += 1
            switch character {
            case "\n": wrapper.endParagraph()
            case " ": wrapper.endWord()
            default: wrapper.add(character)
            }
        }
        wrapper.endParagraph()
        return Wrapped(lines: wrapper.result, isCut: isCut, visited: visited)
    }

    /// The state of one pass: the line being filled and the word being read.
    private struct Wrapper {
        let width: Int
        var result: [String] = []
        var line = ""
        var lineWidth = 0
        var word = ""
        var wordWidth = 0
        /// The word is wider than a line: it is being cut into pieces as it is read.
        var isCutting = false

        init(width: Int) { self.width = width }

        mutating func add(_ character: Character) {
            let characterWidth = DisplayWidth.of(String(character))
            if !isCutting && wordWidth + characterWidth > width {
                // The word alone is wider than the line: it starts on a line of its own.
                if !line.isEmpty { result.append(line) }
                line = ""
                lineWidth = 0
                isCutting = true
            }
            if isCutting && wordWidth + characterWidth > width {
                if !word.isEmpty { result.append(word) }
                word = ""
                wordWidth = 0
                if characterWidth > width { return }  // wider than the whole line: left out
            }
            word.append(character)
            wordWidth += characterWidth
        }

        mutating func endWord() {
            if isCutting {
                line = word  // the last piece of a cut word starts the next line
                lineWidth = wordWidth
            } else {
                let gap = line.isEmpty ? 0 : 1
                if lineWidth + gap + wordWidth <= width {
                    if gap == 1 { line += " " }
                    line += word
                    lineWidth += gap + wordWidth
                } else {
                    if !line.isEmpty { result.append(line) }
                    line = word
                    lineWidth = wordWidth
                }
            }
            word = ""
            wordWidth = 0
            isCutting = false
        }

        mutating func endParagraph() {
            endWord()
            result.append(line)
            line = ""
            lineWidth = 0
        }
    }
}
