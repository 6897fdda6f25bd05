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
        #expect(screen.contains("bundled sample, dates moved to today"))
        let rows = screen.split(separator: "\n").filter { $0.hasPrefix("·") }
        let late = rows.filter { $0.contains(" LATE ") }.count
        #expect(rows.count >= 9)
        #expect(late >= 1 && late < rows.count)
        // The last page holds fresh submissions: a month left.
        try session.press("G")
        let end = try session.waitFor("row 200 of 200")
        // A month left, give or take the day boundary the dates were moved across.
        #expect([" 28d ", " 29d ", " 30d ", " 31d "].contains { end.contains($0) })
        #expect(workspace.read("decisions.jsonl").isEmpty)
        #expect(FileManager.default.fileExists(atPath: workspace.file("submissions.jsonl")) == false)
    }
}
