import DeskCore
import DeskStore
import Dispatch

/// The decision log folded onto the queue: each row's status, latest decision and history.
///
/// The latest line in the log wins (log order, not `decided_at`: appends are serialized by the
/// lock, while reviewers' clocks may disagree). Decisions naming a submission the queue does not
/// (yet) hold are kept aside and applied if it appears later.
package struct Ledger: Sendable {
    /// One folded decision. Text fields are interned: bulk decisions share one reason.
    /// Fields are ordered so the entry packs into 40 bytes (a million decisions are loaded).
    package struct Entry: Sendable {
        package var row: Int32
        package var reviewer: UInt16
        package var osUser: UInt16
        package var decidedAt: Int64
        package var reason: Int32
        package var note: Int32
        /// The previous entry for the same row, or -1.
        package var previous: Int32
        package var line: UInt32
        /// Interned like `reason` and `note`; -1 for free text.
        package var reasonCode: Int32
        package var kind: DecisionKind
        /// Written by an undo (`undoes`): it and the decision it takes back are not counted as
        /// decisions by the report. (Fits the entry's padding: still 40 bytes.)
        package var isUndo = false
    }

    package internal(set) var statuses: [SubmissionStatus] = []
    /// Index into `entries` of each row's latest decision, or -1.
    package internal(set) var latest: [Int32] = []
    package internal(set) var entries: [Entry] = []
    package internal(set) var reviewers = StringInterner()
    package internal(set) var osUsers = StringInterner()
    /// Reasons, notes and reason codes, interned.
    private(set) var texts: [String] = []
    private var textNumbers: [String: Int32] = [:]
    /// Decisions for ids not in the queue, in log order.
    package internal(set) var unresolved: [(decision: Decision, line: Int)] = []
    package internal(set) var statusCounts = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
    /// Rows whose answer deadline was extended (an `extended` record in their history).
    package internal(set) var extended: [Bool] = []

    package init() {}

    /// Extends the per-row arrays to the table's size and applies any decisions that now resolve.
    /// Returns the rows whose status changed.
    @discardableResult
    package mutating func tableGrew(to table: SubmissionTable) -> [Int] {
        let added = table.count - statuses.count
        guard added > 0 else { return [] }
        statuses.append(contentsOf: repeatElement(.pending, count: added))
        latest.append(contentsOf: repeatElement(-1, count: added))
        extended.append(contentsOf: repeatElement(false, count: added))
        statusCounts[Int(SubmissionStatus.pending.rawValue)] += added
        guard !unresolved.isEmpty else { return [] }
        let waiting = unresolved
        unresolved = []
        return apply(waiting, table: table)
    }

    /// Folds decisions read from the log, in order. Returns the rows whose status changed.
    @discardableResult
    package mutating func apply(_ decisions: [(decision: Decision, line: Int)], table: SubmissionTable) -> [Int] {
        var changed: [Int] = []
        let rows = Self.rows(of: decisions, in: table)
        // Consecutive records mostly share reviewer and account (bulk decisions their reason too):
        // remembering the last ones skips most string hashing.
        var lastReviewer = ("", UInt16(0)), lastOSUser = ("", UInt16(0))
        var lastReason: (String?, Int32) = (nil, -1), lastNote: (String?, Int32) = (nil, -1)
        changed.reserveCapacity(decisions.count)
        // Fields are read in place: binding each Decision would retain and release its six strings.
        decisions.withUnsafeBufferPointer { decisions in
            for index in decisions.indices {
                guard let row = rows[index], row < statuses.count else {
                    unresolved.append(decisions[index])
                    continue
                }
                if decisions[index].decision.reviewer != lastReviewer.0 || lastReviewer.1 == 0 {
                    lastReviewer = (decisions[index].decision.reviewer, reviewers.number(for: decisions[index].decision.reviewer))
                }
                if decisions[index].decision.osUser != lastOSUser.0 || lastOSUser.1 == 0 {
                    lastOSUser = (decisions[index].decision.osUser, osUsers.number(for: decisions[index].decision.osUser))
                }
                if decisions[index].decision.reason != lastReason.0 {
                    lastReason = (decisions[index].decision.reason, intern(decisions[index].decision.reason))
                }
                if decisions[index].decision.note != lastNote.0 {
                    lastNote = (decisions[index].decision.note, intern(decisions[index].decision.note))
                }
                let kind = decisions[index].decision.kind
                let entry = Entry(
                    row: Int32(row), reviewer: lastReviewer.1, osUser: lastOSUser.1,
                    decidedAt: decisions[index].decision.decidedAt, reason: lastReason.1, note: lastNote.1,
                    previous: latest[row], line: UInt32(decisions[index].line),
                    reasonCode: intern(decisions[index].decision.reasonCode), kind: kind,
                    isUndo: decisions[index].decision.undoes != nil)
                latest[row] = Int32(entries.count)
                entries.append(entry)
                if kind == .extended { extended[row] = true }
                let status = kind.resultingStatus ?? statuses[row]
                if statuses[row] != status {
                    statusCounts[Int(statuses[row].rawValue)] -= 1
                    statusCounts[Int(status.rawValue)] += 1
                    statuses[row] = status
                }
                changed.append(row)
            }
        }
        return changed
    }

    /// Each decision's row, looked up in a tight loop of its own (in two halves on two threads for
    /// a large log), so the cache misses of independent lookups overlap.
    private static func rows(of decisions: [(decision: Decision, line: Int)], in table: SubmissionTable) -> [Int?] {
        let parts = decisions.count < 50_000 ? 1 : min(4, ProcessInfoCores.count)
        var rows = [Int?](repeating: nil, count: decisions.count)
        rows.withUnsafeMutableBufferPointer { buffer in
            let output = SendablePointer(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for index in (decisions.count * part / parts)..<(decisions.count * (part + 1) / parts) {
                    output.buffer[index] = table.row(forID: decisions[index].decision.submissionID)
                }
            }
        }
        return rows
    }

    private mutating func intern(_ text: String?) -> Int32 {
        guard let text else { return -1 }
        if let number = textNumbers[text] { return number }
        let number = Int32(texts.count)
        texts.append(text)
        textNumbers[text] = number
        return number
    }

    /// Sets the interned texts of a restored ledger (`LedgerSnapshot`).
    mutating func restoreTexts(_ restored: [String]) {
        texts = restored
        textNumbers = Dictionary(texts.enumerated().map { ($0.element, Int32($0.offset)) }, uniquingKeysWith: { first, _ in first })
    }

    package func text(_ number: Int32) -> String? { number < 0 ? nil : texts[Int(number)] }

    /// A row's decisions, oldest first.
    package func history(of row: Int, table: SubmissionTable) -> [Decision] {
        var result: [Decision] = []
        var index = latest[row]
        while index >= 0 {
            result.append(decision(at: Int(index), table: table))
            index = entries[Int(index)].previous
        }
        return result.reversed()
    }

    package func decision(at index: Int, table: SubmissionTable) -> Decision {
        let entry = entries[index]
        return Decision(
            submissionID: table.id(Int(entry.row)), kind: entry.kind,
            reviewer: reviewers.value(entry.reviewer) ?? "", osUser: osUsers.value(entry.osUser) ?? "",
            decidedAt: entry.decidedAt, reason: text(entry.reason), note: text(entry.note), reasonCode: text(entry.reasonCode))
    }

    /// The reviewer of a row's latest decision (interned number), or 0.
    package func latestReviewer(of row: Int) -> UInt16 {
        let index = latest[row]
        return index < 0 ? 0 : entries[Int(index)].reviewer
    }

    package func count(of status: SubmissionStatus) -> Int { statusCounts[Int(status.rawValue)] }
}
