/// Why a filter expression could not be parsed, and where.
package struct FilterSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based position, in Characters, of the first character of the problem.
    ///
    /// Characters rather than bytes or scalars so that a caret drawn under the typed filter lines
    /// up even after `é` or Greek text.
    package var column: Int
    /// A short explanation without the column, e.g. `unterminated quote`.
    package var message: String

    package init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    /// `column N: message`; the message quotes the typed filter, so it is escaped like untrusted text.
    package var description: String { "column \(column): \(TerminalSafety.sanitize(message).text)" }
}
