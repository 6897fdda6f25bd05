import Foundation
import Testing

/// Without a queue the screen opens the bundled sample on a realistic day: a few submissions
/// overdue, some due within days, the rest fresh, and the header says the dates were moved.
@Suite("Bundled sample demo (tmux)", .serialized)
struct BundledSampleEndToEndTests {
    @Test func theSampleOpensWithASpreadOfDeadlines() throws {
        let workspace = Workspace()
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"])
        let screen = try session.waitFor("Pending: 200")
        #expect(screen.contains("sample, dates moved"))
        let rows = screen.split(separator: "\n").filter { $0.hasPrefix("·") }
        let late = rows.filter { $0.contains(" LATE ") }.count
        #expect(rows.count >= 9)
        #expect(late >= 1 && late < rows.count)
        // The last page holds fresh submissions: a month left.
        try session.press("G")
        // A month left, give or take the day boundary the dates were moved across (waited for
        // with the header: under load a capture can show the new header over the first page).
        let end = try session.waitFor(all: ["row 200 of 200"], anyOf: [" 28d ", " 29d ", " 30d ", " 31d "])
        #expect(!end.contains(" LATE "))
        #expect(workspace.read("decisions.jsonl").isEmpty)
        #expect(FileManager.default.fileExists(atPath: workspace.file("submissions.jsonl")) == false)
    }
}

/// A forgotten `--queue` in a team directory: the screen opens the sample, names its own log in
/// the header, and `a` leaves the team's log byte for byte as it was.
@Suite("Bundled sample beside a real log (tmux)", .serialized)
struct SampleBesideARealLogEndToEndTests {
    @Test func acceptingInTheSampleLeavesTheRealLogAlone() throws {
        let workspace = SampleLogCLITests.teamDirectory()
        // At 80 columns, as over SSH: the header itself names the log (at 100 it always had room).
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "ana"])
        let screen = try session.waitFor("Pending: 200")
        #expect(screen.split(separator: "\n").first?.contains("→ sample-decisions.jsonl") == true, "\(screen)")
        try session.press("a")
        try session.waitFor("accepted obj-")
        try session.press("q")
        let deadline = Date().addingTimeInterval(5)
        while workspace.lines(SampleLogCLITests.sampleLog).isEmpty && Date() < deadline { usleep(50_000) }
        #expect(workspace.read("decisions.jsonl") == SampleLogCLITests.realLog)
        let sample = workspace.lines(SampleLogCLITests.sampleLog)
        #expect(sample.count == 1 && sample[0].contains("\"decision\":\"accepted\""))
    }
}
