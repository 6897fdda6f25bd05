import Foundation
import Testing

/// A hostile text cannot freeze the screen: a justification of a million "é" without a space used
/// to take minutes per paint, and SIGTERM and SIGHUP waited for the paint to end.
@Suite("Review screen: a huge justification")
struct HugeTextEndToEndTests {
    @Test func aMillionCharacterJustificationPaintsAtOnceAndSigtermEndsTheScreen() throws {
        let workspace = Workspace()
        let huge = String(repeating: "é", count: 1_000_000)
        workspace.write("submissions.jsonl", [
            #"{"id":"short","submitted_at":"2026-10-01T09:00:00Z","country":"FR","email":"a@example.fr","justification":"Mes données."}"#,
            #"{"id":"huge","submitted_at":"2026-10-02T09:00:00Z","country":"FR","email":"b@example.fr","justification":"\#(huge)"}"#,
        ].joined(separator: "\n") + "\n")
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"])
        try session.waitFor("row 1 of 2", timeout: 20)
        try session.press("j")
        // The detail pane shows the start of the text; the full-screen reader ends where it was cut.
        let shown = try? session.waitFor(String(repeating: "é", count: 40), timeout: 10)
        #expect(shown != nil, "the huge justification was not painted within 10 s")
        try session.press("z")
        try session.press("G")
        #expect((try? session.waitFor("cut here", timeout: 10)) != nil, "the reader's last page does not say where the text was cut")
        try session.press("j")  // and once more, with the text on screen
        guard let pid = session.pid else { throw TmuxTimeout(expected: "a pid", screen: "") }
        kill(pid, SIGTERM)
        #expect(session.waitForExit(timeout: 2), "SIGTERM did not end the screen within 2 s")
        #expect(try session.tmux(["display-message", "-p", "-t", session.name, "#{alternate_on}"]).hasPrefix("0"), "alternate screen left")
    }
}
