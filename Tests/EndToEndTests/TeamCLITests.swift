import Foundation
import Testing

/// Two reviewers on one queue from the command line: no silent overwrite, a verifiable log.
@Suite("CLI: a team on one log")
struct TeamCLITests {
    @Test func changingAnotherReviewersDecisionNeedsOverrideAndNamesThem() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let runner = workspace.runner
        #expect(try runner.run(["decide", "reject", "s1", "--reason", "not the account holder", "--reviewer", "ana"]).status == 0)
        let refused = try runner.run(["decide", "accept", "s1", "s2", "--reviewer", "ben"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("s1: rejected by ana at "))
        #expect(refused.stderr.contains("s ago)"))
        #expect(refused.stderr.contains("--override"))
        #expect(workspace.lines("decisions.jsonl").count == 1)
        // The same reviewer may change their own decision; --override changes another's.
        #expect(try runner.run(["decide", "accept", "s1", "--reviewer", "ana", "--yes"]).status == 0)
        #expect(try runner.run(["decide", "reject", "s1", "--reviewer", "ben", "--reason", "duplicate", "--override", "--yes"]).status == 0)
        #expect(workspace.lines("decisions.jsonl").count == 3)
    }

    @Test func verifyNamesTheLineAfterAnEditedByteAndPrintsTheHead() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let runner = workspace.runner
        for id in ["s1", "s2", "s3", "s4"] { #expect(try runner.run(["decide", "accept", id]).status == 0) }
        let intact = try runner.run(["verify"])
        #expect(intact.status == 0)
        #expect(intact.stdout.contains("4 records, chain intact"))
        let lines = workspace.lines("decisions.jsonl")
        // coreutils agree with the link: line 3's prev is the SHA-256 of line 2 without its newline.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "sed -n 2p decisions.jsonl | tr -d '\\n' | sha256sum | cut -c1-64"]
        shell.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        let digest = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        shell.waitUntilExit()
        #expect(lines[2].contains("\"prev\":\"\(digest)\""))
        let head = intact.stdout.split(separator: "\n").first { $0.hasPrefix("head: ") }.map { String($0.dropFirst(6).prefix(64)) } ?? ""
        #expect(try runner.run(["verify", "--head", head]).status == 0)
        // One byte of an old line changed: the next line's link breaks, and verify and check say where.
        var edited = lines
        edited[1] = edited[1].replacingOccurrences(of: "\"os_user\":\"", with: "\"os_user\":\"X")
        workspace.write("decisions.jsonl", edited.joined(separator: "\n") + "\n")
        let broken = try runner.run(["verify"])
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("decisions.jsonl:3: "))
        let check = try runner.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("decisions.jsonl:3: \"prev\" does not match"))
        // Dropping the last record leaves every link intact, but the noted head is gone.
        workspace.write("decisions.jsonl", lines.dropLast().joined(separator: "\n") + "\n")
        #expect(try runner.run(["verify"]).status == 0)
        let lost = try runner.run(["verify", "--head", head])
        #expect(lost.status == 1)
        #expect(lost.stderr.contains("no record"))
    }

    private func mode(_ path: String) -> mode_t {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
    }

    @Test func initSetsUpASharedSetgidDirectoryAndNewLogsThereAreGroupWritable() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let group = String(cString: getgrgid(getgid())!.pointee.gr_name)
        let outcome = try workspace.runner.run(["init", "--group", group, "--dir", workspace.file("team")])
        #expect(outcome.status == 0)
        #expect(mode(workspace.file("team")) == 0o3770)
        #expect(mode(workspace.file("team/decisions.jsonl.claims")) == 0o3770)
        #expect(mode(workspace.file("team/decisions.jsonl")) == 0o660)
        // A log created later in the team directory is 0660 despite the umask; elsewhere 0600.
        #expect(try workspace.runner.run(["decide", "accept", "s1", "--decisions", workspace.file("team/other.jsonl")]).status == 0)
        #expect(mode(workspace.file("team/other.jsonl")) == 0o660)
        #expect(try workspace.runner.run(["decide", "accept", "s1"]).status == 0)
        #expect(mode(workspace.file("decisions.jsonl")) == 0o600)
        let unknown = try workspace.runner.run(["init", "--group", "no-such-group-xyz"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no group named no-such-group-xyz"))
    }
}

@Suite("CLI: extending the answer deadline")
struct ExtendCLITests {
    @Test func extendNeedsAReasonWorksOnceAndNotAfterTheFirstMonth() throws {
        let workspace = Workspace()
        let now = Date()
        let recent = ISO8601DateFormatter().string(from: now.addingTimeInterval(-5 * 86_400))
        let old = ISO8601DateFormatter().string(from: now.addingTimeInterval(-40 * 86_400))
        workspace.write("submissions.jsonl", [
            #"{"id":"r1","submitted_at":"\#(recent)","country":"FR","email":"a@example.org","justification":"x"}"#,
            #"{"id":"o1","submitted_at":"\#(old)","country":"FR","email":"b@example.org","justification":"y"}"#,
        ].joined(separator: "\n") + "\n")
        let runner = workspace.runner
        #expect(try runner.run(["decide", "extend", "r1"]).status == 2)
        #expect(try runner.run(["decide", "extend", "r1", "--reason", "a flood of requests"]).status == 0)
        let again = try runner.run(["decide", "extend", "r1", "--reason", "more"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already extended"))
        let late = try runner.run(["decide", "extend", "o1", "--reason", "too late"])
        #expect(late.status == 2)
        #expect(late.stderr.contains("one-month deadline passed"))
        let listed = try runner.run(["list", "--format", "jsonl", "--filter", "extended:yes"])
        #expect(listed.stdout.contains(#""id":"r1""#))
        #expect(listed.stdout.contains(#""status":"pending""#))
        #expect(try runner.run(["list", "--format", "jsonl", "--filter", "overdue:yes"]).stdout.contains(#""id":"o1""#))
    }
}
