import Foundation
import Testing

/// Ctrl-Z hands the terminal back without bracketed paste, and `fg` takes it again with it.
@Suite("Review screen suspended with Ctrl-Z (tmux)", .serialized)
struct SuspendEndToEndTests {
    @Test func bracketedPasteIsOffWhileSuspendedAndBackOnAtFg() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        // A job-control shell as the parent, as in a real terminal: after the app stops, it
        // waits for a line and then brings the app back with fg.
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"],
                                      wrapper: ["bash", "-m", "-c", "\"$0\" \"$@\"; echo SHELL-HAS-THE-TERMINAL; read -r _; fg"])
        let output = workspace.file("pane-output.bin")
        try session.tmux(["pipe-pane", "-t", session.name, "-O", "cat >> '\(output)'"])
        try session.waitFor("Pending: 200")
        let enable = Data("\u{1B}[?2004h".utf8)
        let disable = Data("\u{1B}[?2004l".utf8)
        func written() -> Data { FileManager.default.contents(atPath: output) ?? Data() }
        try session.press("C-z")
        try session.waitFor("SHELL-HAS-THE-TERMINAL")
        let suspended = written()
        let lastDisable = suspended.range(of: disable, options: .backwards)
        #expect(lastDisable != nil)
        #expect(lastDisable.map { $0.lowerBound > (suspended.range(of: enable, options: .backwards)?.lowerBound ?? -1) } == true)
        try session.press("Enter")
        try session.waitFor("Pending: 200")
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, (written().range(of: enable, options: .backwards)?.lowerBound ?? 0) < (lastDisable?.upperBound ?? 0) {
            usleep(20_000)
        }
        let resumed = written()
        #expect((resumed.range(of: enable, options: .backwards)?.lowerBound ?? 0) > (lastDisable?.upperBound ?? Int.max))
        try session.press("q")
    }
}
