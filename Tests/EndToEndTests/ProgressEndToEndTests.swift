import Foundation
import Testing

/// A command that works for more than a second says what it is doing on stderr when stderr is a
/// terminal, and says nothing of it when stderr is a file.
@Suite("Progress line of long commands (tmux)", .serialized)
struct ProgressEndToEndTests {
    /// Enough rows that `stats` takes well over a second in a debug build: nothing is saved between
    /// runs (`OBJECTION_DESK_NO_INDEX`), so every run reads every line and clusters the queue.
    /// (20,000 rows took 1.1–1.2 s once the load got faster: too close to the line's one second.)
    static let rows = 60_000
    static let environment = ["OBJECTION_DESK_NO_INDEX": "1"]
    static let arguments = ["stats", "--queue", "q.jsonl", "--decisions", "d.jsonl"]

    private func workspaceWithLargeQueue() throws -> Workspace {
        let workspace = Workspace()
        let generated = try workspace.runner.run(["generate", "--count", "\(Self.rows)", "--queue", "q.jsonl", "--decisions", "d.jsonl"],
                                                 executable: "objection-desk-bench")
        try #require(generated.status == 0, "\(generated.stderr)")
        return workspace
    }

    /// Waits for the app to exit and for the pane recording to hold `text`.
    private func waitForExit(_ session: TmuxSession, recording file: String, holding text: String) -> String {
        #expect(session.waitForExit(timeout: 120))
        let deadline = Date().addingTimeInterval(5)
        var recorded = ""
        while Date() < deadline {
            recorded = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
            if recorded.contains(text) { break }
            usleep(20_000)
        }
        return recorded
    }

    @Test func aTerminalSeesPhaseAndPercentThenAClearRowBeforeTheOutput() throws {
        let workspace = try workspaceWithLargeQueue()
        let session = try TmuxSession(workspace: workspace, arguments: Self.arguments, width: 100, height: 40, environment: Self.environment)
        // The line appears only after a second, so recording from here misses nothing of it.
        let recording = workspace.file("pane.bin")
        try session.tmux(["pipe-pane", "-t", session.name, "-O", "cat >> '\(recording)'"])
        let recorded = waitForExit(session, recording: recording, holding: "Oldest pending")
        let drawing = try Regex(#"\robjection-desk: (reading the queue|finding near-identical justifications)… \d{1,3}%\e\[K"#)
        #expect(recorded.contains(drawing), "no progress line in: \(recorded.debugDescription.prefix(2_000))")
        // Erased before the report starts, so no stale progress shares a row with it.
        let report = try #require(recorded.range(of: "Submissions: \(Self.rows)"))
        #expect(recorded[..<report.lowerBound].hasSuffix("\r\u{1B}[K"), "\(recorded[..<report.lowerBound].suffix(200).debugDescription)")
        let screen = try session.screen()
        #expect(screen.contains("Oldest pending") && !screen.contains("objection-desk:"), "\(screen)")
    }

    @Test func stderrInAFileGetsNoProgressEvenWhenStdoutIsATerminal() throws {
        let workspace = try workspaceWithLargeQueue()
        let started = Date()
        let session = try TmuxSession(workspace: workspace, arguments: Self.arguments, width: 100, height: 40, environment: Self.environment,
                                      wrapper: ["sh", "-c", "exec \"$0\" \"$@\" 2>stderr.txt"])
        let recording = workspace.file("pane.bin")
        try session.tmux(["pipe-pane", "-t", session.name, "-O", "cat >> '\(recording)'"])
        let recorded = waitForExit(session, recording: recording, holding: "Oldest pending")
        // The run was long enough that a terminal would have shown the line.
        #expect(Date().timeIntervalSince(started) > 1.5)
        #expect(recorded.contains("Submissions: \(Self.rows)"))
        #expect(!recorded.contains("objection-desk:"))
        // Nothing but the command's usual messages (none for this queue): no line, no escape, no `\r`.
        #expect(workspace.read("stderr.txt") == "")
    }
}
