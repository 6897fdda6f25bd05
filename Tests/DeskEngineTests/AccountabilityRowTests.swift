import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("export: one row per submission for a DPO or a regulator")
struct AccountabilityRowTests {
    private let now = ReportFixture.millis("2026-11-23T12:00:00Z")

    @Test func decidedSubmissionsAreJudgedOnTheirLatestRecord() throws {
        let directory = TemporaryDirectory()
        let desk = try ReportFixture.desk(in: directory)
        let a = try desk.accountabilityRow(0, now: now)
        #expect(a.csvFields == ["a", "FR", "2026-10-01T00:00:00Z", "2026-11-01", "accepted", "accepted", "2026-11-02T00:00:00.000Z",
                                "ana", "u-ana", "", "false", "4"])
        let b = try desk.accountabilityRow(1, now: now)
        #expect(String(decoding: b.jsonLine(), as: UTF8.self)
            == #"{"id":"b","country":"DE","submitted_at":"2026-10-31T12:00:00Z","due_at":"2026-11-30","status":"accepted","last_action":"accepted","decided_at":"2026-11-30T23:59:59.999Z","reviewer":"ana","os_user":"u-ana","reason":null,"within_deadline":true,"decisions":2}"#)
        let c = try desk.accountabilityRow(2, now: now)
        #expect(c.dueAt == "2026-02-28")
        #expect(c.withinDeadline == false)
        #expect(c.decisions == 2)
    }

    @Test func openSubmissionsAreNullUntilDueThenFalse() throws {
        let directory = TemporaryDirectory()
        let desk = try ReportFixture.desk(in: directory)
        let lastDay = ReportFixture.millis("2026-12-01T23:59:59.999Z")
        let pending = try desk.accountabilityRow(3, now: lastDay)
        #expect(pending.csvFields == ["d", "US", "2026-11-01T00:00:00Z", "2026-12-01", "pending", "", "", "", "", "", "", "0"])
        #expect(String(decoding: pending.jsonLine(), as: UTF8.self).contains(#""last_action":null,"decided_at":null,"reviewer":null,"os_user":null,"reason":null,"within_deadline":null,"decisions":0}"#))
        #expect(try desk.accountabilityRow(3, now: lastDay + 1).withinDeadline == false)

        try desk.record([Decision(submissionID: "d", kind: .verificationRequested, reviewer: "bo", osUser: "u-bo",
                                  decidedAt: ReportFixture.millis("2026-11-05T00:00:00Z"), reason: "=confirm")])
        let awaiting = try desk.accountabilityRow(3, now: lastDay)
        #expect(awaiting.status == .awaitingVerification)
        #expect(awaiting.withinDeadline == nil, "a verification request keeps the request open")
        #expect(awaiting.csvFields[5...] == ["verification_requested", "2026-11-05T00:00:00.000Z", "bo", "u-bo", "=confirm", "", "1"])
        #expect(try desk.accountabilityRow(3, now: lastDay + 1).withinDeadline == false)
    }

    @Test func aReopenedSubmissionShowsTheReopeningAndIsOpen() throws {
        let directory = TemporaryDirectory()
        let desk = try ReportFixture.desk(in: directory)
        try desk.record([Decision(submissionID: "b", kind: .reopened, reviewer: "cy", osUser: "u-cy",
                                  decidedAt: ReportFixture.millis("2026-12-03T00:00:00Z"))])
        let b = try desk.accountabilityRow(1, now: ReportFixture.millis("2026-12-03T00:00:00Z"))
        #expect(b.status == .pending)
        #expect(b.latest?.kind == .reopened && b.latest?.reviewer == "cy")
        #expect(b.csvFields[5] == "reopened")
        #expect(String(decoding: b.jsonLine(), as: UTF8.self).contains("\"status\":\"pending\",\"last_action\":\"reopened\""))
        #expect(b.withinDeadline == false)
        #expect(b.decisions == 3)
    }

    @Test func anExtensionIsNamedAsTheLastActionNotReadAsADecision() throws {
        let directory = TemporaryDirectory()
        let desk = try ReportFixture.desk(in: directory)
        let row = 2
        let id = desk.table.id(row)
        try desk.record([Decision(submissionID: id, kind: .extended, reviewer: "dana", osUser: "u-dana",
                                  decidedAt: ReportFixture.millis("2026-12-03T00:00:00Z"), reason: "complex request")])
        let extended = try desk.accountabilityRow(row, now: ReportFixture.millis("2026-12-03T00:00:00Z"))
        #expect(extended.latest?.kind == .extended)
        #expect(extended.csvFields[4] == extended.status.name)
        #expect(extended.csvFields[5] == "extended")
        let listed = try desk.exportRow(row)
        #expect(String(decoding: listed.jsonLine(), as: UTF8.self).contains("\"last_action\":\"extended\""))
    }

    @Test func columnsAreTheDocumentedOnes() {
        #expect(AccountabilityRow.columnNames == ["id", "country", "submitted_at", "due_at", "status", "last_action", "decided_at", "reviewer",
                                                 "os_user", "reason", "within_deadline", "decisions"])
    }
}
