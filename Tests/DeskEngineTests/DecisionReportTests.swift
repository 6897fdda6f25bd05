import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("report: figures against a hand-computed fold")
struct DecisionReportTests {
    private func report(by grouping: DecisionReport.Grouping?, since: String? = nil) throws -> DecisionReport {
        let directory = TemporaryDirectory()
        let desk = try ReportFixture.desk(in: directory)
        return DecisionReport(ledger: desk.ledger, table: desk.table, by: grouping,
                              since: since.flatMap(DecisionReport.parseSince))
    }

    private func figures(_ group: ReportGroup) -> [String] {
        group.csvFields
    }

    @Test func totalCountsRecordsNotFinalStatuses() throws {
        let report = try report(by: nil)
        // Answers (h): 24 24 48 690 691 731.99… 768. n = 7: median rank ⌈3.5⌉ = 4 → 690, p90 rank ⌈6.3⌉ = 7 → 768.
        // Late: r5, r7, r8. Overrides: r3 (bo over ana's accept), r8 (ana over cy's reject).
        #expect(report.lines.count == 1)
        #expect(figures(report.total) == ["", "4", "2", "1", "1", "0", "0", "690", "768", "3", "2"])
        #expect(String(decoding: report.total.jsonLine(), as: UTF8.self)
            == #"{"group":null,"accepted":4,"rejected":2,"verification_requested":1,"reopened":1,"extended":0,"undone":0,"median_hours":690,"p90_hours":768,"late":3,"overrides":2}"#)
    }

    @Test func byReviewer() throws {
        let report = try report(by: .reviewer)
        // ana: 24 691 731.99… 768 → median rank 2 = 691, p90 rank ⌈3.6⌉ = 4 = 768; late r5 r8; override r8.
        // bo: 24 48 → median rank 1 = 24, p90 rank ⌈1.8⌉ = 2 = 48; override r3; his reopen of his own reject is none.
        // cy: 690 alone; late.
        #expect(report.groups.map(figures) == [
            ["ana", "4", "0", "0", "0", "0", "0", "691", "768", "2", "1"],
            ["bo", "0", "1", "1", "1", "0", "0", "24", "48", "0", "1"],
            ["cy", "0", "1", "0", "0", "0", "0", "690", "690", "1", "0"],
        ])
        #expect(report.lines.count == 3)
        #expect(figures(report.total) == ["", "4", "2", "1", "1", "0", "0", "690", "768", "3", "2"])
    }

    @Test func byCountry() throws {
        let report = try report(by: .country)
        // DE: r2 (24), r6 (731.99… → 732). FR: r1 r3 r4 r5 r7 r8: 24 48 690 691 768 → median rank 3 = 690, p90 rank 5 = 768.
        #expect(report.groups.map(figures) == [
            ["DE", "1", "0", "1", "0", "0", "0", "24", "732", "0", "0"],
            ["FR", "3", "2", "0", "1", "0", "0", "690", "768", "3", "2"],
        ])
    }

    @Test func byDayAndWeekOfDecidedAt() throws {
        let days = try report(by: .day).groups.map { $0.key! }
        #expect(days == ["2026-03-01", "2026-10-02", "2026-10-03", "2026-11-01", "2026-11-02", "2026-11-30"])
        let weeks = try report(by: .week).groups
        #expect(weeks.map { $0.key! } == ["2026-W09", "2026-W40", "2026-W44", "2026-W45", "2026-W49"])
        // 2026-11-01 is a Sunday (W44), 2026-11-02 a Monday (W45).
        #expect(weeks.map(\.verificationRequested) == [0, 0, 1, 0, 0])
        #expect(weeks.map(\.reopened) == [0, 0, 0, 1, 0])
    }

    @Test func sinceKeepsLaterRecordsButJudgesThemOnTheWholeHistory() throws {
        // From 2026-11-01: r2 (24), r4, r5 (768, late although after a reopening), r6 (731.99…).
        let report = try report(by: nil, since: "2026-11-01")
        #expect(figures(report.total) == ["", "2", "0", "1", "1", "0", "0", "732", "768", "1", "0"])
        let instant = try self.report(by: nil, since: "2026-11-02T00:00:00.001Z")
        #expect(figures(instant.total) == ["", "1", "0", "0", "0", "0", "0", "732", "732", "0", "0"])
    }

    @Test func sinceAcceptsADateOrAnRFC3339Instant() {
        #expect(DecisionReport.parseSince("2026-11-23") == ReportFixture.millis("2026-11-23T00:00:00Z"))
        #expect(DecisionReport.parseSince("2026-11-23T10:00:00+01:00") == ReportFixture.millis("2026-11-23T09:00:00Z"))
        for bad in ["", "yesterday", "2026-13-01", "2026-11-23T10:00", "23.11.2026"] {
            #expect(DecisionReport.parseSince(bad) == nil)
        }
    }

    @Test func anEmptyLogHasNoMedianAndNoGroups() throws {
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", ReportFixture.queue.joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        let grouped = DecisionReport(ledger: desk.ledger, table: desk.table, by: .reviewer)
        #expect(grouped.lines.isEmpty)
        let total = DecisionReport(ledger: desk.ledger, table: desk.table, by: nil).total
        #expect(String(decoding: total.jsonLine(), as: UTF8.self)
            == #"{"group":null,"accepted":0,"rejected":0,"verification_requested":0,"reopened":0,"extended":0,"undone":0,"median_hours":null,"p90_hours":null,"late":0,"overrides":0}"#)
    }
}
