import Foundation
import Testing

/// The CLI never counts a decision it reported as failed, and never blocks on a special file.
@Suite("CLI: failed writes and special files")
struct FailedDecisionTests {
    /// A queue of `count` submissions, all in FR.
    private func queue(_ count: Int) -> String {
        (0..<count).map { #"{"id":"q\#($0)","submitted_at":"2026-11-01T10:00:00Z","country":"FR","email":"p\#($0)@example.org","justification":"Je m'oppose."}"# }
            .joined(separator: "\n") + "\n"
    }

    private func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : -1
    }

    /// `ulimit -f` is a real full disk for one process: the kernel writes up to the limit, then
    /// fails the write with EFBIG.
    @Test func aBulkDecisionThatHitsTheFileSizeLimitLeavesNothingInEffect() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", queue(51))
        let runner = workspace.runner
        #expect(try runner.run(["decide", "accept", "q0"]).status == 0)
        let log = workspace.file("decisions.jsonl")
        let before = size(log)
        let failed = try runner.run(["decide", "accept", "--filter", "country:FR", "--yes"],
                                    prefix: ["prlimit", "--fsize=\(before + 2000)", "--"])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("nothing was recorded"))
        #expect(size(log) == before)
        let listed = try runner.run(["list", "--filter", "status:accepted", "--format", "jsonl"])
        #expect(listed.stdout.split(separator: "\n").count == 1)
        #expect(try runner.run(["check"]).status == 0)
    }

    @Test func aSingleDecisionCutShortByTheLimitDoesNotCount() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", queue(2))
        workspace.write("decisions.jsonl", "")
        let failed = try workspace.runner.run(["decide", "accept", "q1"], prefix: ["prlimit", "--fsize=100", "--"])
        #expect(failed.status == 2)
        #expect(size(workspace.file("decisions.jsonl")) == 0)
        let stats = try workspace.runner.run(["list", "--filter", "status:pending", "--format", "jsonl"])
        #expect(stats.stdout.split(separator: "\n").count == 2)
    }

    @Test(arguments: ["queue", "decisions"])
    func aFIFOIsRefusedAtOnce(which: String) throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", queue(2))
        let fifo = workspace.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        for command in [["list"], ["check"], ["stats"], ["decide", "accept", "q1"]] {
            let started = Date()
            let outcome = try workspace.runner.run(command + ["--\(which)", fifo], timeoutSeconds: 20)
            #expect(outcome.status == 2, "\(command)")
            #expect(outcome.stderr.contains("is a FIFO (named pipe), not a regular file"), "\(command)")
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    @Test func aDirectoryAsTheLogIsRefused() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", queue(2))
        let outcome = try workspace.runner.run(["decide", "accept", "q1", "--decisions", workspace.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("is a directory, not a regular file"))
    }
}
