import Foundation
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// A small queue and decision log whose report figures are worked out by hand in the tests.
///
/// Due days (one calendar month, UTC): a → 2026-11-01, b → 2026-11-30, c → 2026-02-28, d → 2026-12-01.
enum ReportFixture {
    static let queue = [
        submissionLine(id: "a", submittedAt: "2026-10-01T00:00:00Z", country: "FR"),
        submissionLine(id: "b", submittedAt: "2026-10-31T12:00:00Z", country: "DE"),
        submissionLine(id: "c", submittedAt: "2026-01-31T06:00:00Z", country: "FR"),
        submissionLine(id: "d", submittedAt: "2026-11-01T00:00:00Z", country: "US"),
    ]

    /// Log order. Hours from submission and what each record is, for the hand-computed figures:
    static let log = [
        decision("a", "accepted", "ana", "2026-10-02T00:00:00Z"),                   // r1: 24 h
        decision("b", "verification_requested", "bo", "2026-11-01T12:00:00Z", reason: "who?"), // r2: 24 h
        decision("a", "rejected", "bo", "2026-10-03T00:00:00Z", reason: "no"),      // r3: 48 h, override of ana's accept
        decision("a", "reopened", "bo", "2026-11-02T00:00:00Z"),                    // r4: bo undoes his own reject
        decision("a", "accepted", "ana", "2026-11-02T00:00:00Z"),                   // r5: 768 h, late (first instant after the due day)
        decision("b", "accepted", "ana", "2026-11-30T23:59:59.999Z"),               // r6: 731.99999… h, last instant in time
        decision("c", "rejected", "cy", "2026-03-01T00:00:00Z", reason: "no"),      // r7: 690 h, late
        decision("c", "accepted", "ana", "2026-03-01T01:00:00Z"),                   // r8: 691 h, late, override of cy's reject
        decision("zz", "accepted", "ana", "2026-11-05T00:00:00Z"),                  // not in the queue: left out
    ]

    static func decision(_ id: String, _ kind: String, _ reviewer: String, _ at: String, reason: String? = nil) -> String {
        var line = #"{"submission_id":"\#(id)","decision":"\#(kind)","reviewer":"\#(reviewer)","os_user":"u-\#(reviewer)","decided_at":"\#(at)""#
        if let reason { line += #","reason":"\#(reason)""# }
        return line + "}"
    }

    static func desk(in directory: TemporaryDirectory) throws -> Desk {
        let queue = directory.write("q.jsonl", queue.joined(separator: "\n") + "\n")
        let log = directory.write("d.jsonl", log.joined(separator: "\n") + "\n")
        return try Desk(queuePath: queue, decisionsPath: log)
    }

    static func millis(_ text: String) -> Int64 { Timestamp.parseRFC3339(text)! }
}
