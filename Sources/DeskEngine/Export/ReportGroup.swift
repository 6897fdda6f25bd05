import DeskCore
import DeskStore

/// One line of `report`: the decision records of one group (a reviewer, a country, a day, a week,
/// or all of them), counted by kind, with time to answer, late answers and overrides.
package struct ReportGroup: Sendable {
    /// The group's key; nil for the total.
    package var key: String?
    package private(set) var accepted = 0
    package private(set) var rejected = 0
    package private(set) var verificationRequested = 0
    package private(set) var reopened = 0
    /// Records in the `deadlineExtension` role (none until an `extended` kind exists).
    package private(set) var extended = 0
    /// Decisions taken back with `u` (an undo record names them): not counted as their kind.
    package private(set) var undone = 0
    /// Answers made after the due day.
    package private(set) var late = 0
    package private(set) var overrides = 0
    /// Milliseconds from receipt to each answer, ascending once `finish()` ran.
    package private(set) var answerMillis: [Int64] = []

    package init(key: String?) { self.key = key }

    /// Counts one record.
    package mutating func add(_ kind: DecisionKind, _ step: AnswerTimeline.Step) {
        switch kind {
        case .accepted: accepted += 1
        case .rejected: rejected += 1
        case .verificationRequested: verificationRequested += 1
        case .reopened: reopened += 1
        case .extended: break  // counted by its role below
        }
        if step.role == .deadlineExtension { extended += 1 }
        if let millis = step.answerMillis { answerMillis.append(millis) }
        if step.isLate { late += 1 }
        if step.isOverride { overrides += 1 }
    }

    /// Counts one decision that an undo took back.
    package mutating func addUndone() { undone += 1 }

    /// Sorts the durations so the percentiles can be read.
    package mutating func finish() { answerMillis.sort() }

    /// Median time from receipt to answer (nearest rank), nil without answers.
    package var medianMillis: Int64? { NearestRank.percentile(50, ofSorted: answerMillis) }
    /// 90th percentile of the same (nearest rank).
    package var p90Millis: Int64? { NearestRank.percentile(90, ofSorted: answerMillis) }

    package var medianHours: String? { medianMillis.map { Hours.text(millis: $0) } }
    package var p90Hours: String? { p90Millis.map { Hours.text(millis: $0) } }

    /// The jsonl keys, which are also the CSV header.
    package static let columnNames = [
        "group", "accepted", "rejected", "verification_requested", "reopened", "extended", "undone",
        "median_hours", "p90_hours", "late", "overrides",
    ]

    /// One JSON object, without the newline; `group` is null for the total.
    package func jsonLine() -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.add("group", key)
        writer.add("accepted", accepted)
        writer.add("rejected", rejected)
        writer.add("verification_requested", verificationRequested)
        writer.add("reopened", reopened)
        writer.add("extended", extended)
        writer.add("undone", undone)
        writer.addNumber("median_hours", medianHours)
        writer.addNumber("p90_hours", p90Hours)
        writer.add("late", late)
        writer.add("overrides", overrides)
        return writer.finish()
    }

    /// The values in `columnNames` order, for CSV; absent values are empty.
    package var csvFields: [String] {
        [key ?? "", String(accepted), String(rejected), String(verificationRequested), String(reopened), String(extended), String(undone),
         medianHours ?? "", p90Hours ?? "", String(late), String(overrides)]
    }
}
