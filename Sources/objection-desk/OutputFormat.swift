import ArgumentParser

/// What a command prints: the one type behind every `--format`.
enum OutputFormat: String, Sendable {
    /// For people: already sanitized.
    case table
    /// One JSON object per line, exact values.
    case jsonl
    /// RFC 4180, formula cells defused (`CSV`).
    case csv
    /// mboxrd messages (`replies`).
    case mbox

    /// Whether stdout on a terminal gets this format's raw characters escaped (a table is
    /// sanitized as it is written).
    var escapesOnTerminal: Bool { self != .table }
}

/// The formats a command offers: its `--format` accepts those, and its help lists them.
protocol OffersFormats {
    static var formats: [OutputFormat] { get }
}

/// The `--format` option of a command that offers `Command.formats`.
struct FormatOption<Command: OffersFormats>: ExpressibleByArgument, Equatable, Sendable {
    var value: OutputFormat

    init(_ value: OutputFormat) { self.value = value }

    init?(argument: String) {
        guard let value = OutputFormat(rawValue: argument), Command.formats.contains(value) else { return nil }
        self.value = value
    }

    static var allValueStrings: [String] { Command.formats.map(\.rawValue) }

    var defaultValueDescription: String { value.rawValue }
}
