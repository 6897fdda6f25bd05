import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The header's first line: what gives way when it does not fit.
@Suite("Screen: header")
struct HeaderTests {
    private static func header(queueLabel: String, logLabel: String, reviewer: String, width: Int = 80) throws -> String {
        let fixture = try Fixture()
        let state = AppState(desk: fixture.desk.snapshot, reviewer: reviewer, queueLabel: queueLabel, width: width, height: 24,
                             now: Fixture.now, templates: ReplyTemplates(rejection: [], verification: []), helpIntroduction: "",
                             logLabel: logLabel)
        return Screen.render(state).lines[0]
    }

    /// The bundled sample's own log stays named at 80 columns beside the deadline warning, with a
    /// reviewer name longer than most (it had given way to the label, so the header no longer
    /// said where `a` writes).
    @Test func theSamplesLogIsNamedAtEightyColumns() throws {
        for reviewer in ["ana", "reviewer-7"] {
            let line = try Self.header(queueLabel: "sample, dates moved", logLabel: "sample-decisions.jsonl", reviewer: reviewer)
            #expect(line.contains("→ sample-decisions.jsonl"), "\(line)")
            #expect(line.contains("overdue"), "\(line)")
            #expect(line.contains(reviewer), "\(line)")
        }
    }

    /// A queue label too long for the line is cut before the log's name is dropped.
    @Test func aLongQueueLabelIsCutBeforeTheLogGoes() throws {
        let line = try Self.header(queueLabel: "objections-exported-from-the-platform-2026-12-07-full.jsonl", logLabel: "decisions.jsonl",
                                   reviewer: "ana")
        #expect(line.contains("… → decisions.jsonl"), "\(line)")
        #expect(line.contains("objections-exported"), "\(line)")
        #expect(DisplayWidth.of(line) <= 80)
    }
}
