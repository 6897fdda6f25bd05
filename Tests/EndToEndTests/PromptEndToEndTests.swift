import Foundation
import Testing

/// Prompts in the real binary: Ctrl-C cancels a prompt rather than quitting, and entries come
/// back with Up in the next run.
@Suite("Review screen prompts end to end (tmux)", .serialized)
struct PromptEndToEndTests {
    private func start(_ workspace: Workspace) throws -> TmuxSession {
        if !FileManager.default.fileExists(atPath: workspace.file("submissions.jsonl")) {
            workspace.write("submissions.jsonl", try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        }
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"])
        try session.waitFor("Pending: 200")
        return session
    }

    @Test func ctrlCCancelsAPromptAndQuitsFromTheList() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("r")
        try session.waitFor("Reject obj-2026-004183 (")
        try session.type("half a reason")
        try session.press("C-c")
        try session.waitFor("cancelled; nothing was recorded")
        #expect(session.isRunning)
        #expect(workspace.read("decisions.jsonl").isEmpty)
        try session.press("C-c")
        #expect(session.waitForExit(timeout: 2))
    }

    @Test func aFilterComesBackWithUpInTheNextRun() throws {
        let workspace = Workspace()
        let first = try start(workspace)
        try first.press("/")
        try first.typeAndEnter("country:DE")
        try first.waitFor("filter: country:DE")
        try first.press("q")
        #expect(first.waitForExit(timeout: 2))
        let saved = workspace.file("state/objection-desk/filter-history")
        #expect(workspace.read("state/objection-desk/filter-history") == "country:DE\n")
        let mode = (try FileManager.default.attributesOfItem(atPath: saved)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o600)
        let second = try start(workspace)
        try second.press("/", "Up")
        try second.waitFor("/ country:DE█")
        try second.press("Left", "Left", "BSpace")
        try second.waitFor("/ countryDE")
    }
}
