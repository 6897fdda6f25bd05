/// Splits filter source into raw terms: negation, quoting and escapes, but no field meanings.
///
/// Keeping the lexical rules here lets `FilterParser` deal only with what a field's value means,
/// while every error still points at the exact column the user typed.
struct FilterScanner {
    /// How a field term relates its name to its value.
    enum Operator: String, Equatable {
        case colon = ":"
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="
    }

    /// A value or phrase after quotes and escapes are resolved, with each Character's column.
    struct Value {
        var characters: [Character]
        /// `columns[i]` is where `characters[i]` was typed; escapes make this differ from an offset.
        var columns: [Int]
        /// Where the value starts: its first character, or its opening quote.
        var column: Int

        var text: String { String(characters) }
    }

    enum Body {
        case text(Value)
        case field(name: String, nameColumn: Int, operator: Operator, operatorColumn: Int, value: Value)
    }

    /// One term as typed, with the source span used to suggest quoting it.
    struct RawTerm {
        var isNegated: Bool
        var body: Body
        /// The term without its `-`, exactly as typed.
        var source: String
    }

    private let characters: [Character]
    private var index = 0

    init(_ source: String) {
        characters = Array(source)
    }

    /// The next term, or nil once only whitespace remains.
    mutating func nextTerm() throws(FilterSyntaxError) -> RawTerm? {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count else { return nil }

        var isNegated = false
        if characters[index] == "-" {
            isNegated = true
            index += 1
            guard index < characters.count, !characters[index].isWhitespace else {
                throw FilterSyntaxError(column: index, message: #""-" must be followed by a term"#)
            }
            if characters[index] == "-" {
                throw error(#"a term can be negated only once (to search for text starting with "-", quote it)"#)
            }
        }

        let start = index
        let body: Body
        if characters[index] == "\"" {
            let phrase = try readQuoted()
            try expectTermEnd()
            guard !phrase.characters.isEmpty else {
                throw FilterSyntaxError(column: phrase.column, message: "empty quoted text")
            }
            body = .text(phrase)
        } else {
            body = try readWordOrField()
        }
        return RawTerm(isNegated: isNegated, body: body, source: String(characters[start..<index]))
    }

    /// Reads a bare word, or a field name, operator and value when the word contains one.
    ///
    /// Any unquoted `:`, `<`, `>` or `=` makes the word a field term, so text containing them must
    /// be quoted: a typo in a field name then fails loudly instead of silently searching text.
    private mutating func readWordOrField() throws(FilterSyntaxError) -> Body {
        let nameStart = index
        while index < characters.count, !characters[index].isWhitespace,
              !Self.isStructural(characters[index]), characters[index] != "\"" {
            index += 1
        }
        let name = String(characters[nameStart..<index])

        guard index < characters.count, !characters[index].isWhitespace else {
            let word = Array(characters[nameStart..<index])
            return .text(Value(characters: word, columns: Array((nameStart + 1)...index), column: nameStart + 1))
        }
        if characters[index] == "\"" {
            throw error(#"unexpected quote inside a word (quote the whole phrase instead)"#)
        }

        let operatorColumn = index + 1
        let op: Operator
        switch characters[index] {
        case ":": op = .colon
        case ">": op = .greater
        case "<": op = .less
        default:
            let hint = name.isEmpty ? "" : "; write \(name):value"
            throw error(#""=" is not an operator\#(hint) (to search for text, quote it)"#)
        }
        index += 1
        var resolved = op
        if op != .colon, index < characters.count, characters[index] == "=" {
            resolved = op == .greater ? .greaterOrEqual : .lessOrEqual
            index += 1
        }
        guard !name.isEmpty else {
            throw FilterSyntaxError(
                column: operatorColumn,
                message: #"missing field name before "\#(resolved.rawValue)" (to search for text, quote it)"#
            )
        }

        let value: Value
        if index < characters.count, characters[index] == "\"" {
            value = try readQuoted()
            try expectTermEnd()
        } else {
            let valueStart = index
            while index < characters.count, !characters[index].isWhitespace {
                if characters[index] == "\"" {
                    throw error(#"unexpected quote inside a value (quote the whole value instead)"#)
                }
                index += 1
            }
            value = Value(
                characters: Array(characters[valueStart..<index]),
                columns: Array(stride(from: valueStart + 1, through: index, by: 1)),
                column: valueStart + 1
            )
        }
        return .field(
            name: name, nameColumn: nameStart + 1, operator: resolved, operatorColumn: operatorColumn,
            value: value
        )
    }

    /// Reads from an opening quote through its closing quote, resolving `\"` and `\\`.
    ///
    /// Other backslash sequences are errors rather than literal text so that a later change
    /// (say, adding `\t`) cannot silently change what an existing saved filter means.
    private mutating func readQuoted() throws(FilterSyntaxError) -> Value {
        let openColumn = index + 1
        index += 1
        var value = Value(characters: [], columns: [], column: openColumn)
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                index += 1
                return value
            }
            if character == "\\" {
                guard index + 1 < characters.count else { break }
                let escaped = characters[index + 1]
                guard escaped == "\"" || escaped == "\\" else {
                    throw error(#"unknown escape "\\#(escaped)" (inside quotes only \" and \\ are escapes)"#)
                }
                value.characters.append(escaped)
                value.columns.append(index + 1)
                index += 2
                continue
            }
            value.characters.append(character)
            value.columns.append(index + 1)
            index += 1
        }
        throw FilterSyntaxError(column: openColumn, message: "unterminated quote")
    }

    private func expectTermEnd() throws(FilterSyntaxError) {
        if index < characters.count, !characters[index].isWhitespace {
            throw error("expected a space after the closing quote")
        }
    }

    private func error(_ message: String) -> FilterSyntaxError {
        FilterSyntaxError(column: index + 1, message: message)
    }

    /// Characters that turn an unquoted word into a field term.
    static func isStructural(_ character: Character) -> Bool {
        character == ":" || character == "<" || character == ">" || character == "="
    }
}
