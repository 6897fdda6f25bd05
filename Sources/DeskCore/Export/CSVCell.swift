/// CSV as every command writes it (`list`, `report`, `export`): RFC 4180, with formula cells defused.
///
/// A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`
/// sends data away, DDE runs programs), and some strip a leading tab or carriage return first and
/// then do the same. Submissions and reviewer names are untrusted, so, as OWASP advises for CSV meant
/// for people, such a cell gets a `'` in front: spreadsheets show the rest as text. Every cell of
/// every CSV line goes through `cell(_:)`, so no command can skip it; jsonl keeps the exact values.
public enum CSV {
    /// One record: each field made a cell, separated by commas, ended by CR LF.
    public static func line(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }

    /// A value as a CSV cell: defused, then quoted when the format requires it.
    public static func cell(_ value: String) -> String {
        quoted(defused(value))
    }

    /// The characters that make a spreadsheet read a cell as a formula when they come first.
    public static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `value` with a `'` in front when it begins with one of `formulaStarts`; otherwise unchanged.
    public static func defused(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, formulaStarts.contains(first) else { return value }
        return "'" + value
    }

    /// RFC 4180: a field is quoted when it holds a comma, quote, CR or LF; quotes are doubled.
    public static func quoted(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
