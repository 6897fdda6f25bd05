#if canImport(Glibc)
import DeskCore
import DeskStore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Orders rows for display; ties always fall back to submission time, then file order, so the
/// order is total and stable across reloads.
package struct RowSorter {
    package let table: SubmissionTable
    package let ledger: Ledger

    package init(table: SubmissionTable, ledger: Ledger) {
        self.table = table
        self.ledger = ledger
    }

    package func sorted(_ rows: [Int32], by spec: SortSpec) -> [Int32] {
        var rows = rows
        rows.sort(by: precedes(spec.key, rows: rows))
        if spec.descending { rows.reverse() }
        return rows
    }

    /// The ascending order of `key` as a comparison; `rows` are the rows it will compare (the due
    /// key precomputes their due days).
    package func precedes(_ key: SortKey, rows: [Int32]? = nil) -> (Int32, Int32) -> Bool {
        let times = table.columns.submittedAt
        func chronological(_ a: Int32, _ b: Int32) -> Bool {
            let (left, right) = (times[Int(a)], times[Int(b)])
            return left != right ? left < right : a < b
        }
        switch key {
        case .submitted:
            return chronological
        case .country:
            let countries = table.columns.countries
            return { a, b in
                let (left, right) = (countries[Int(a)], countries[Int(b)])
                return left != right ? left < right : chronological(a, b)
            }
        case .status:
            let statuses = ledger.statuses
            return { a, b in
                let (left, right) = (statuses[Int(a)], statuses[Int(b)])
                return left != right ? left < right : chronological(a, b)
            }
        case .due:
            let extended = ledger.extended
            var dueDays = [Int64](repeating: 0, count: table.count)
            for row in rows ?? Array(0..<Int32(table.count)) {
                dueDays[Int(row)] = AnswerDeadline.dueDay(submittedAt: times[Int(row)], extended: extended[Int(row)])
            }
            return { a, b in
                let (left, right) = (dueDays[Int(a)], dueDays[Int(b)])
                return left != right ? left < right : chronological(a, b)
            }
        case .email:
            let text = table.foldedText()
            let prefixes = emailPrefixes(text)
            return { a, b in
                let (left, right) = (prefixes[Int(a)], prefixes[Int(b)])
                if left.high != right.high { return left.high < right.high }
                if left.low != right.low { return left.low < right.low }
                let order = compareFoldedEmails(Int(a), Int(b), in: text)
                return order != 0 ? order < 0 : chronological(a, b)
            }
        }
    }

    /// The first sixteen bytes of each row's folded email as two big-endian numbers, so nearly
    /// every comparison is integer compares instead of a segment lookup and `memcmp`.
    private func emailPrefixes(_ text: FoldedText) -> [(high: UInt64, low: UInt64)] {
        var prefixes = [(high: UInt64, low: UInt64)](repeating: (0, 0), count: table.count)
        for segment in text.segments {
            for local in 0..<segment.rowCount {
                prefixes[segment.firstRow + local] = segment.withEmail(localRow: local) { email in
                    var high: UInt64 = 0
                    var low: UInt64 = 0
                    for index in 0..<8 { high = high << 8 | UInt64(index < email.count ? email[index] : 0) }
                    for index in 8..<16 { low = low << 8 | UInt64(index < email.count ? email[index] : 0) }
                    return (high, low)
                }
            }
        }
        return prefixes
    }

    private func compareFoldedEmails(_ a: Int, _ b: Int, in text: FoldedText) -> Int32 {
        text.withEmail(a) { left in
            text.withEmail(b) { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order : Int32(left.count) - Int32(right.count)
            }
        }
    }
}
