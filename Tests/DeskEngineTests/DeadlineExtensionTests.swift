import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// GDPR Art. 12(3): one month to answer, extendable once by two further months, within the first.
@Suite("Answer deadline and its extension")
struct DeadlineExtensionTests {
    private func millis(_ text: String) -> Int64 { Timestamp.parseRFC3339(text)! }

    @Test(arguments: [
        ("2026-01-31T10:00:00Z", false, "2026-02-28"),
        ("2028-01-31T10:00:00Z", false, "2028-02-29"),
        ("2026-11-30T23:59:59Z", false, "2026-12-30"),
        ("2026-11-30T23:59:59Z", true, "2027-02-28"),
        ("2026-12-31T00:00:00Z", true, "2027-03-31"),
        ("2026-05-31T08:00:00Z", true, "2026-08-31"),
    ])
    func dueDaysClampToTheMonthsEnd(submitted: String, extended: Bool, due: String) {
        #expect(Timestamp.formatDate(AnswerDeadline.dueDay(submittedAt: millis(submitted), extended: extended)) == due)
    }

    @Test func anExtensionIsRefusedOnceUsedAfterTheFirstMonthOrWhenAnswered() {
        let submitted = millis("2026-10-15T09:00:00Z")
        let withinFirstMonth = millis("2026-11-15T23:00:00Z")
        let afterIt = millis("2026-11-16T00:00:00Z")
        #expect(ExtensionPolicy.refusal(submittedAt: submitted, status: .pending, alreadyExtended: false, now: withinFirstMonth) == nil)
        #expect(ExtensionPolicy.refusal(submittedAt: submitted, status: .awaitingVerification, alreadyExtended: false, now: withinFirstMonth) == nil)
        #expect(ExtensionPolicy.refusal(submittedAt: submitted, status: .pending, alreadyExtended: false, now: afterIt)?.reason.contains("passed on 2026-11-15") == true)
        #expect(ExtensionPolicy.refusal(submittedAt: submitted, status: .pending, alreadyExtended: true, now: withinFirstMonth)?.reason.contains("already extended") == true)
        #expect(ExtensionPolicy.refusal(submittedAt: submitted, status: .accepted, alreadyExtended: false, now: withinFirstMonth)?.reason.contains("already answered") == true)
    }

    @Test func overdueDueAndExtendedFiltersAndTheDueSort() throws {
        let directory = TemporaryDirectory()
        let queue = directory.write("submissions.jsonl", [
            submissionLine(id: "old", submittedAt: "2026-09-01T10:00:00Z"),
            submissionLine(id: "soon", submittedAt: "2026-10-25T10:00:00Z"),
            submissionLine(id: "fresh", submittedAt: "2026-11-20T10:00:00Z"),
            submissionLine(id: "answered", submittedAt: "2026-09-02T10:00:00Z"),
            submissionLine(id: "stretched", submittedAt: "2026-10-24T10:00:00Z"),
        ].joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("decisions.jsonl"))
        let at = millis("2026-10-30T12:00:00Z")
        try desk.record([
            Decision(submissionID: "answered", kind: .accepted, reviewer: "ana", osUser: "ana", decidedAt: at),
            Decision(submissionID: "stretched", kind: .extended, reviewer: "ana", osUser: "ana", decidedAt: at, reason: "many requests"),
        ])
        #expect(desk.status(of: desk.table.row(forID: "stretched")!) == .pending)
        let now = millis("2026-11-23T12:00:00Z")
        func ids(_ filter: String) throws -> [String] {
            let rows = FilterEvaluator(table: desk.table, ledger: desk.ledger, now: now).matches(try FilterParser.parse(filter)).rows
            return RowSorter(table: desk.table, ledger: desk.ledger).sorted(rows, by: SortSpec(key: .due)).map { desk.table.id(Int($0)) }
        }
        #expect(try ids("overdue:yes") == ["old"])
        #expect(try ids("due<=3") == ["old", "soon"])
        #expect(try ids("due>3") == ["fresh", "stretched"])
        #expect(try ids("extended:yes") == ["stretched"])
        #expect(try ids("overdue:no") == ["answered", "soon", "fresh", "stretched"])
        #expect(try FilterParser.parse("due<=3 -extended:yes overdue:no").description == "due<=3 -extended:yes overdue:no")
        #expect(throws: FilterSyntaxError.self) { try FilterParser.parse("due<=soon") }
        let row = try desk.exportRow(desk.table.row(forID: "stretched")!)
        #expect(String(decoding: row.jsonLine(), as: UTF8.self).hasSuffix(#""due_at":"2027-01-24"}"#))
    }
}
