import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// Compares a rendered screen with `Snapshots/<name>.txt`: the rows as text, a separator, then
/// one style letter per cell (R reverse, B bold, U underline, . plain). A missing snapshot fails;
/// `RECORD_SNAPSHOTS=1` records or re-records them. A mismatch is reported as a line diff.
func assertSnapshot(_ grid: CellGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent(name + ".txt")
    let actual = (grid.lines.map { $0 + "|" } + ["-- styles --"] + grid.styleLines).joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    // A missing snapshot fails: recording it silently would let a renamed snapshot pass unchecked.
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("snapshot \(name) is missing (RECORD_SNAPSHOTS=1 records it)", sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for index in 0..<max(expectedLines.count, actualLines.count) {
        let old = index < expectedLines.count ? String(expectedLines[index]) : "<none>"
        let new = index < actualLines.count ? String(actualLines[index]) : "<none>"
        if old != new { diff.append("line \(index + 1):\n  - \(old)\n  + \(new)") }
    }
    let shown = diff.prefix(12).joined(separator: "\n")
    Issue.record("snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records):\n\(shown)", sourceLocation: sourceLocation)
}

/// A desk on a queue and a decision log held in memory (`MemoryQueue`, `MemoryDecisionStore`), with
/// a fixed clock, for rendering and reducer tests: no file is written, and none but the bundled
/// sample queue is read.
final class Fixture {
    let queue: MemoryQueue
    /// The decision log every handle (this desk's, another reviewer's) sees.
    let log = MemoryDecisionStore.Records()
    let desk: Desk
    /// 2026-11-20T12:00:00Z, the sample queue's reference time.
    static let now: Int64 = 1_795_176_000_000

    init(queue contents: String? = nil) throws {
        queue = MemoryQueue(contents: try contents ?? String(contentsOf: Fixture.sampleURL, encoding: .utf8), location: "submissions.jsonl")
        desk = try Desk(queue: queue, store: MemoryDecisionStore(log, location: "decisions.jsonl"))
    }

    /// Another reviewer's process appends `decisions` to the log (the desk sees them at its next refresh).
    func othersAppend(_ decisions: [Decision]) throws {
        try MemoryDecisionStore(log).append { _ in decisions }
    }

    /// The decision log's records, one JSON line each, as a log file would hold them.
    var logLines: [String] { log.lines }

    static var sampleURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/sample-queue.jsonl")
    }

    func state(width: Int = 80, height: Int = 24) -> AppState {
        AppState(desk: desk.snapshot, reviewer: "ana", queueLabel: "submissions.jsonl", width: width, height: height, now: Fixture.now,
                 templates: ReplyTemplates(rejection: ["Not an objection to this processing."], verification: ["Please confirm your address."]),
                 helpIntroduction: "Triage objections: one key per decision; bulk via tags.", records: records())
    }

    /// Every row's full record, as the runner would read the ones shown.
    func records() -> SubmissionRecords {
        var all: [Int32: Submission] = [:]
        for row in 0..<desk.table.count { all[Int32(row)] = try? desk.submission(at: row) }
        return SubmissionRecords(all, rowNumbering: desk.rowNumbering)
    }

    /// Hands the state the desk as it is now, with every row's record, as the runner does after
    /// a change (before the event that says what changed).
    func deliver(_ state: inout AppState) {
        _ = state.handle(.deskChanged(desk.snapshot))
        let all = records()
        _ = state.handle(.recordsLoaded(all.submissions, requested: Array(all.submissions.keys), rowNumbering: all.rowNumbering))
    }

    /// Reads what the files gained and hands the state the new desk (then the test says
    /// `.reloaded`, as the runner does).
    @discardableResult
    func refresh(_ state: inout AppState) throws -> Desk.Changes {
        let changes = try desk.refresh()
        deliver(&state)
        return changes
    }

    /// Runs the effects like the app's runner does: record decisions, then refresh and report.
    func run(_ effects: [Effect], on state: inout AppState) throws {
        for effect in effects {
            guard case .record(let request) = effect else { continue }
            let decisions = request.decisions(reviewer: state.reviewer, osUser: "tester", decidedAt: Fixture.now)
            let outcome = try desk.record(decisions)
            deliver(&state)
            _ = state.handle(.recorded(request, conflicts: outcome.conflicts))
        }
    }
}

extension AppState {
    /// Presses keys in order, collecting every effect.
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { handle(.key($0)) }
    }

    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { handle(.key(.character($0))) }
    }
}
