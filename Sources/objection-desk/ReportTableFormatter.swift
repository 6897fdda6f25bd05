import DeskStore
import DeskEngine
import DeskCore

/// The human-readable `report` table: group keys sanitized (reviewer names come from the log),
/// numbers right-aligned with grouped thousands, hours always with two decimals, a total row at
/// the end.
struct ReportTableFormatter {
    let report: DecisionReport

    private static let numberColumns = ["ACCEPTED", "REJECTED", "VERIFY", "REOPENED", "EXTENDED", "UNDONE", "MEDIAN_H", "P90_H", "LATE", "OVERRIDES"]
    private static let maxKeyWidth = 32

    func text() -> String {
        let rows = report.groups.map { (key: safe($0.key ?? ""), figures: figures($0)) }
        let total = (key: "TOTAL", figures: figures(report.total))
        let title = report.grouping.map { $0.rawValue.uppercased() } ?? ""
        let keyWidth = min(Self.maxKeyWidth, ([title, total.key] + rows.map(\.key)).map { DisplayWidth.of($0) }.max() ?? 5)
        let widths = Self.numberColumns.indices.map { column in
            ([Self.numberColumns[column], total.figures[column]] + rows.map { $0.figures[column] }).map(\.count).max() ?? 0
        }
        func line(_ key: String, _ cells: [String]) -> String {
            let first = DisplayWidth.pad(DisplayWidth.truncate(key, toWidth: keyWidth), toWidth: keyWidth)
            let rest = zip(cells, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }
            return ([first] + rest).joined(separator: "  ") + "\n"
        }
        var text = line(title, Self.numberColumns)
        for row in rows { text += line(row.key, row.figures) }
        if !rows.isEmpty { text += String(repeating: "-", count: keyWidth + widths.reduce(0) { $0 + $1 + 2 }) + "\n" }
        text += line(total.key, total.figures)
        return text
    }

    private func figures(_ group: ReportGroup) -> [String] {
        [group.accepted, group.rejected, group.verificationRequested, group.reopened, group.extended, group.undone].map(CountText.grouped)
            + [group.medianMillis.map(Hours.tableText) ?? "-", group.p90Millis.map(Hours.tableText) ?? "-",
               CountText.grouped(group.late), CountText.grouped(group.overrides)]
    }

    private func safe(_ text: String) -> String { TerminalSafety.sanitize(text).text }
}
