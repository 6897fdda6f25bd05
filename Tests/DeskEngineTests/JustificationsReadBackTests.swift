import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// Reading many rows' justifications at once gives what reading each submission gives.
@Suite struct JustificationsReadBackTests {
    @Test func manyAtOnceEqualOneByOne() throws {
        let directory = TemporaryDirectory()
        let texts = ["plain", "with \\\"quotes\\\" and \\n a break", "accents é and \\u00e9 escaped", "emoji 🙂 and \\u202e override", ""]
        let lines = (0..<200).map { index in
            "{\"id\":\"r\(index)\",\"submitted_at\":\"2026-11-01T10:00:00Z\",\"country\":\"FR\",\"email\":\"a@example.org\",\"justification\":\"\(texts[index % texts.count]) \(index)\"}"
        }
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        let rows = Array((0..<200).reversed())
        let many = try desk.justifications(ofRows: rows)
        #expect(many == (try rows.map { try desk.submission(at: $0).justification }))
        #expect(many.last == "plain 0")
    }
}
