import DeskCore
import DeskEngine
import DeskStore
import DeskPostgres
import Foundation
import Testing

@Suite("PostgreSQL import and export", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct TransferTests {
    static let queueLines = [
        #"{"id":"s1","submitted_at":"2026-10-01T09:00:00Z","country":"fr","email":"marie@example.fr","email_verified":true,"justification":"Mes données"}"#,
        #"{"id":"s2","submitted_at":"2026-10-02T11:00:00+02:00","country":"DE","email":"nul\u0000@example.de","justification":"before \u0000 after \\u0000 literal","platform":"web"}"#,
        #"{"id":"s3","submitted_at":"2026-10-03T09:00:00.250Z","country":" EL ","email":"x@example.gr","email_verified":false,"justification":"tab\tback\\slash \"q\" \u202e","locale":"el"}"#,
    ]

    private func importLines(_ lines: [String], into connection: PostgresConnection) throws -> SubmissionImport.Summary {
        try SubmissionImport.run(connection) { copy, isPresent in
            var parser = SubmissionLineParser()
            for line in lines {
                let submission = try parser.parse(line)
                if isPresent(submission.id) { continue }
                var bytes = Array(line.utf8)
                try bytes.withUnsafeMutableBytes { raw in
                    try SubmissionImport.append(SubmissionImport.Row(
                        id: submission.id, line: UnsafeRawBufferPointer(raw), submittedAt: Timestamp.formatUTCMillis(submission.submittedAt),
                        country: submission.country.description, email: submission.email, emailVerified: submission.emailVerified,
                        platform: submission.platform, locale: submission.locale), to: &copy)
                }
            }
            return lines.count
        }
    }

    @Test func importIsIdempotentByIdAndKeepsEachLineByteForByte() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        let first = try importLines(Array(Self.queueLines[0..<2]), into: connection)
        #expect(first == SubmissionImport.Summary(offered: 2, added: 2))
        // A decision on s1, then the whole file again: only s3 is new, s1 keeps its status.
        try Records.insert(Records.lines([Records.decision("s1", .rejected)]), into: connection)
        let second = try importLines(Self.queueLines, into: connection)
        #expect(second.added == 1 && second.alreadyPresent == 2)
        let rows = try connection.execute("SELECT id, line, submitted_at, country, email, email_verified, platform, locale FROM objection_desk.submissions ORDER BY id")
        #expect(rows.column0 == ["s1", "s2", "s3"])
        for (index, line) in Self.queueLines.enumerated() {
            #expect(rows.string(index, 1) == line)
            // Byte for byte, not merely equal as text.
            #expect(rows.withBytes(index, 1) { Array($0) } == Array(line.utf8))
        }
        #expect((0..<3).map { rows.string($0, 2) } == ["2026-10-01 09:00:00+00", "2026-10-02 09:00:00+00", "2026-10-03 09:00:00.25+00"])
        #expect((0..<3).map { rows.string($0, 3) } == ["FR", "DE", "GR"])
        #expect(rows.string(1, 4) == "nul\u{FFFD}@example.de")
        #expect((0..<3).map { rows.bool($0, 5) } == [true, nil, false])
        #expect(rows.string(1, 6) == "web" && rows.string(2, 7) == "el")
        #expect(try connection.execute("SELECT status FROM objection_desk.submission_status WHERE id = 's1'").scalar == "rejected")
    }

    @Test func aJustificationHoldingU0000RoundTripsThroughTheStoredLine() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        _ = try importLines(Self.queueLines, into: connection)
        let stored = try #require(try connection.execute("SELECT line FROM objection_desk.submissions WHERE id = 's2'").scalar)
        var parser = SubmissionLineParser()
        let submission = try parser.parse(stored)
        #expect(submission.justification == "before \u{0} after \\u0000 literal")
        #expect(submission.email == "nul\u{0}@example.de")
        #expect(submission == (try parser.parse(Self.queueLines[1])))
    }

    /// A log written by the desk's own file store: single records, a batch, an undo-style
    /// record, a reason with U+0000.
    private func fileLog(in directory: String) throws -> String {
        let path = directory + "/decisions.jsonl"
        let log = try DecisionLog(path: path)
        _ = try log.append { _ in [Records.decision("s1")] }
        _ = try log.append { _ in [Records.decision("s2", .rejected, reason: "nul \u{0} here"), Records.decision("s3", .verificationRequested, reason: "who?")] }
        _ = try log.append { _ in [Records.decision("s2", .reopened, note: "é 中文 \u{202E}")] }
        return path
    }

    @Test func anImportedLogExportsByteForByteAndVerifies() throws {
        let directory = NSTemporaryDirectory() + "odt-log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try fileLog(in: directory)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let records = original.split(separator: 0x0A, omittingEmptySubsequences: true).map { Array($0) }
        #expect(records.count == 4)

        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        let summary = try DecisionLogTransfer.importRecords(connection, records)
        #expect(summary.records == 4 && summary.added == 4)
        #expect(summary.head == (try ChainVerifier.verify(path: path)).head)

        var exported: [UInt8] = []
        let count = try DecisionLogTransfer.export(connection) { exported += $0 }
        #expect(count == 4)
        #expect(exported == Array(original))
        let copy = directory + "/exported.jsonl"
        try Data(exported).write(to: URL(fileURLWithPath: copy))
        let report = try ChainVerifier.verify(path: copy)
        #expect(report.isClean && report.records == 4)

        // Again: nothing new. After the file grew: only the new records.
        #expect(try DecisionLogTransfer.importRecords(connection, records).added == 0)
        _ = try DecisionLog(path: path).append { _ in [Records.decision("s4", .accepted)] }
        let grown = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: 0x0A).map { Array($0) }
        let more = try DecisionLogTransfer.importRecords(connection, grown)
        #expect(more.alreadyPresent == 4 && more.added == 1)

        // Another log is refused, whole.
        let other = Records.lines([Records.decision("x1")]).map { Array($0.utf8) }
        #expect(throws: DecisionLogTransfer.Diverged(record: 1, databaseRecords: 5)) {
            try DecisionLogTransfer.importRecords(connection, other)
        }
        #expect(try connection.execute("SELECT count(*) FROM objection_desk.decisions").int(0, 0) == 5)
    }
}
