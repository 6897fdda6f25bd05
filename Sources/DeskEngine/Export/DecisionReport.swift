import DeskCore
import DeskStore

/// The figures of `objection-desk report`: decision records counted by kind per group, with time
/// from receipt to answer (median and 90th percentile, nearest rank), late answers and overrides.
///
/// It counts records, not final statuses: a submission rejected, reopened and accepted adds one to
/// each of the three columns. Each record belongs to the group of its own reviewer, its
/// submission's country, or the UTC day or ISO week of its `decided_at`. `since` keeps the records
/// decided at or after it; whether a kept record was late or an override still depends on the whole
/// history before it. Records naming a submission that is not in the queue cannot be timed and are
/// left out (`check` lists them).
package struct DecisionReport: Sendable {
    package enum Grouping: String, CaseIterable, Sendable {
        case reviewer, country, day, week
        /// The database role that wrote the record (a database desk only: `writers`).
        case dbUser = "db_user"
    }

    /// What the records are grouped by; nil for the total alone.
    package let grouping: Grouping?
    /// One per key, ordered by key; empty when the report is not grouped.
    package private(set) var groups: [ReportGroup] = []
    /// Every counted record.
    package private(set) var total = ReportGroup(key: nil)

    /// `writers`: the database role of each record by line, for `.dbUser`.
    package init(ledger: Ledger, table: SubmissionTable, by grouping: Grouping?, since: Int64? = nil, writers: [String] = []) {
        self.grouping = grouping
        var timelines: [Int32: AnswerTimeline] = [:]
        var indexOfKey: [Int64: Int] = [:]
        var groups: [ReportGroup] = []
        var writerIDs: [String: Int64] = [:]
        func groupIndex(of entry: Ledger.Entry, by grouping: Grouping) -> Int {
            if grouping == .dbUser {
                let line = Int(entry.line)
                let writer = line >= 1 && line <= writers.count ? writers[line - 1] : ""
                let keyID = writerIDs[writer] ?? Int64(writerIDs.count)
                writerIDs[writer] = keyID
                if let known = indexOfKey[keyID] { return known }
                indexOfKey[keyID] = groups.count
                groups.append(ReportGroup(key: writer))
                return groups.count - 1
            }
            let keyID = Self.keyID(of: entry, by: grouping, table: table)
            if let known = indexOfKey[keyID] { return known }
            indexOfKey[keyID] = groups.count
            groups.append(ReportGroup(key: Self.key(keyID, by: grouping, ledger: ledger)))
            return groups.count - 1
        }
        // An undo and the decision it takes back are not decisions: the pair counts once, as
        // undone, in the group of the decision, and neither is timed, late or an override.
        var isUndone = [Bool](repeating: false, count: ledger.entries.count)
        for taken in ledger.undoneEntries() where taken >= 0 { isUndone[Int(taken)] = true }
        // Entries are in log order for each submission (the ledger applies them so).
        for (index, entry) in ledger.entries.enumerated() {
            if entry.isUndo { continue }
            if isUndone[index] {
                if let since, entry.decidedAt < since { continue }
                total.addUndone()
                if let grouping { groups[groupIndex(of: entry, by: grouping)].addUndone() }
                continue
            }
            let row = Int(entry.row)
            var timeline = timelines[entry.row] ?? AnswerTimeline(submittedAt: table.columns.submittedAt[row])
            let step = timeline.record(entry.kind, reviewer: entry.reviewer, at: entry.decidedAt)
            timelines[entry.row] = timeline
            if let since, entry.decidedAt < since { continue }
            total.add(entry.kind, step)
            guard let grouping else { continue }
            groups[groupIndex(of: entry, by: grouping)].add(entry.kind, step)
        }
        total.finish()
        for index in groups.indices { groups[index].finish() }
        self.groups = groups.sorted { ($0.key ?? "") < ($1.key ?? "") }
    }

    /// The lines of the machine formats: one per group, or the total alone when not grouped.
    package var lines: [ReportGroup] { grouping == nil ? [total] : groups }

    /// A number standing for the group of a record, cheap to hash: the interned reviewer, the
    /// packed country code, the day number or the week's Monday.
    private static func keyID(of entry: Ledger.Entry, by grouping: Grouping, table: SubmissionTable) -> Int64 {
        let day = Timestamp.floorDivision(entry.decidedAt, Timestamp.millisPerDay).quotient
        switch grouping {
        case .reviewer: return Int64(entry.reviewer)
        case .country: return Int64(table.columns.countries[Int(entry.row)])
        case .day: return day
        case .week: return day - Timestamp.floorDivision(day + 3, 7).remainder  // 1970-01-01 was a Thursday
        case .dbUser: return 0  // keyed by the writer's name in `init`
        }
    }

    private static func key(_ keyID: Int64, by grouping: Grouping, ledger: Ledger) -> String {
        switch grouping {
        case .reviewer: ledger.reviewers.value(UInt16(keyID)) ?? ""
        case .country: CountryCode(packed: UInt16(keyID))?.description ?? ""
        case .day: CalendarKey.day(keyID * Timestamp.millisPerDay)
        case .week: CalendarKey.isoWeek(keyID * Timestamp.millisPerDay)
        case .dbUser: ""
        }
    }

    /// Parses `--since`: a `YYYY-MM-DD` (from 00:00 UTC that day) or an RFC 3339 timestamp.
    package static func parseSince(_ text: String) -> Int64? {
        Timestamp.parseDate(text) ?? Timestamp.parseRFC3339(text)
    }
}
