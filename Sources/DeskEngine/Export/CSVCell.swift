import DeskCore
import DeskStore

/// CSV as every command writes it (`list`, `report`, `export`): RFC 4180, with formula cells defused.
///
/// A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`
/// sends data away, DDE runs programs), and some strip leading blanks, quotes, tabs or line breaks
/// first, or read fullwidth `＝` as `=`, and then do the same. Submissions and reviewer names are untrusted, so, as OWASP advises for CSV meant
/// for people, such a cell gets a `'` in front: spreadsheets show the rest as text. Every cell of
/// every CSV line goes through `cell(_:)`, so no command can skip it; jsonl keeps the exact values.
package enum CSV {
    /// One record: each field made a cell, separated by commas, ended by CR LF.
    package static func line(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }

    /// A value as a CSV cell: defused, then quoted when the format requires it.
    package static func cell(_ value: String) -> String {
        quoted(defused(value))
    }

    /// The characters that make a spreadsheet read a cell as a formula when they come first:
    /// the ASCII signs, their fullwidth and small forms (which spreadsheets fold to ASCII), and
    /// the controls some of them skip before looking again.
    package static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\n",
        "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",  // ＝ ＋ － ＠
        "\u{FE66}", "\u{FE62}", "\u{FE63}", "\u{FE6B}",  // ﹦ ﹢ ﹣ ﹫
    ]

    /// What a spreadsheet may skip before a formula sign: spaces (also no-break and ideographic
    /// ones) and double quotes (` =1`, `"=1`, `" @SUM(A1)` all run).
    static func isSkippedBeforeFormula(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar.properties.isWhitespace
    }

    /// `value` with a `'` in front when its first character that is not a space or a double quote
    /// is one of `formulaStarts`; otherwise unchanged.
    package static func defused(_ value: String) -> String {
        guard let first = value.unicodeScalars.first(where: { formulaStarts.contains($0) || !isSkippedBeforeFormula($0) }),
              formulaStarts.contains(first) else { return value }
        return "'" + value
    }

    /// RFC 4180: a field is quoted when it holds a comma, quote, CR or LF; quotes are doubled.
    package static func quoted(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
