import Foundation
import Testing

/// A team directory shared by real OS accounts: no member can remove or replace another's files,
/// and a queue replaced where that was still possible is refused until acknowledged.
@Suite("CLI: a shared team directory, as ana and ben")
struct TeamDirectoryCLITests {
    @Test(.enabled(if: TeamAccounts.available, TeamAccounts.skipNote))
    func membersCannotRemoveOrReplaceEachOthersFilesAndAReplacedQueueIsRefused() throws {
        let workspace = Workspace()
        #expect(chmod(workspace.path, 0o755) == 0)
        #expect(try workspace.runner.run(["init", "--group", TeamAccounts.group, "--dir", workspace.file("team")]).status == 0)
        let group = try #require(getgrnam(TeamAccounts.group)).pointee.gr_gid
        workspace.write("team/submissions.jsonl", Workspace.sampleQueue)
        #expect(chown(workspace.file("team/submissions.jsonl"), uid_t.max, group) == 0 && chmod(workspace.file("team/submissions.jsonl"), 0o640) == 0)
        // ana's own state directory, where her record of the files goes.
        let anaUID = try #require(getpwnam(TeamAccounts.ana)).pointee.pw_uid
        #expect(mkdir(workspace.file("state-ana"), 0o700) == 0 && chown(workspace.file("state-ana"), anaUID, gid_t.max) == 0)
        var runner = workspace.runner
        runner.environment["XDG_STATE_HOME"] = workspace.file("state-ana")
        let files = ["--queue", workspace.file("team/submissions.jsonl"), "--decisions", workspace.file("team/decisions.jsonl")]
        let first = try runner.run(["list"] + files, prefix: TeamAccounts.runAs(TeamAccounts.ana))
        #expect(first.status == 0 && !first.stderr.contains("warning"), "\(first.stderr)")

        // The sticky bit: ben can neither remove ana's claim file nor put his queue in place of root's.
        let team = workspace.file("team")
        #expect(TeamAccounts.shell(as: TeamAccounts.ana, "echo '{}' > decisions.jsonl.claims/ana.claim", in: team))
        #expect(!TeamAccounts.shell(as: TeamAccounts.ben, "rm -f decisions.jsonl.claims/ana.claim", in: team))
        #expect(FileManager.default.fileExists(atPath: workspace.file("team/decisions.jsonl.claims/ana.claim")))
        let evil = #"{"id":"s1","submitted_at":"2026-10-01T09:00:00Z","country":"FR","email":"ben@evil.example","justification":"x"}"#
        #expect(!TeamAccounts.shell(as: TeamAccounts.ben, "echo '\(evil)' > evil.jsonl && mv -f evil.jsonl submissions.jsonl", in: team))
        #expect(workspace.read("team/submissions.jsonl") == Workspace.sampleQueue)

        // A directory set up before (2770, no sticky bit): the replacement succeeds, and ana's
        // next run warns about the directory and refuses the replaced queue until she says so.
        #expect(chmod(team, 0o2770) == 0)
        #expect(TeamAccounts.shell(as: TeamAccounts.ben, "mv -f evil.jsonl submissions.jsonl", in: team))
        let refused = try runner.run(["list"] + files, prefix: TeamAccounts.runAs(TeamAccounts.ana))
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("writable by its group without the sticky bit (mode 02770)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("submissions.jsonl was replaced since your last run (now owned by ben, was root)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--accept-replaced-files"))
        let accepted = try runner.run(["list", "--accept-replaced-files"] + files, prefix: TeamAccounts.runAs(TeamAccounts.ana))
        #expect(accepted.status == 0 && accepted.stdout.contains("ben@evil.example"), "\(accepted.stderr)")
        #expect(try runner.run(["list"] + files, prefix: TeamAccounts.runAs(TeamAccounts.ana)).status == 0)
    }
}
