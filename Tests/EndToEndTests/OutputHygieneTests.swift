import Foundation
import Testing

/// Output that cannot be written is an error, and exact formats never put raw controls on a terminal.
@Suite("CLI: output hygiene", .serialized)
struct OutputHygieneTests {
    @Test(arguments: ["table", "jsonl", "csv"])
    func aFullDiskIsAnErrorNotATruncatedReport(format: String) throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["list", "--format", format], prefix: ["sh", "-c", "exec \"$@\" > /dev/full", "sh"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot write the output: No space left on device"))
    }

    /// Every command that prints a report says so when it cannot (`stats` exited 0).
    @Test(arguments: [["stats"], ["verify"], ["clusters"], ["report"], ["export"]])
    func everyReportSaysWhenItCannotBeWritten(command: [String]) throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        _ = try workspace.runner.run(["decide", "accept", "s1", "--reviewer", "ana", "--yes"])
        let outcome = try workspace.runner.run(command, prefix: ["sh", "-c", "exec \"$@\" > /dev/full", "sh"])
        #expect(outcome.status == 2, "\(command): \(outcome.stderr)")
        #expect(outcome.stderr.contains("No space left on device"), "\(command): \(outcome.stderr)")
    }

    @Test func jsonLinesOnATerminalAreEscapedButStillExactJSON() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let session = try TmuxSession(workspace: workspace, arguments: ["list", "--format", "jsonl", "--filter", "country:DE"], width: 200, height: 20)
        #expect(session.waitForExit(timeout: 5))
        let screen = try session.tmux(["capture-pane", "-p", "-J", "-t", session.name])  // -J: join wrapped lines
        #expect(screen.contains(#"evil \u001b]0;pwned\u0007 \u202egnp.exe"#))
        #expect(!screen.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x1B })
    }

    @Test func csvOnATerminalShowsTheTablesEscapes() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let session = try TmuxSession(workspace: workspace, arguments: ["list", "--format", "csv", "--filter", "country:DE"], width: 200, height: 20)
        #expect(session.waitForExit(timeout: 5))
        let screen = try session.tmux(["capture-pane", "-p", "-J", "-t", session.name])  // -J: join wrapped lines
        #expect(screen.contains(#"evil \e]0;pwned\a \u202Egnp.exe"#))
        #expect(!screen.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x1B || $0.value == 0x07 })
    }
}
