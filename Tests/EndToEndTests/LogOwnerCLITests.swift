import Foundation
import Testing

/// A decision log another account made is not taken as the team's (real accounts, as root).
@Suite("CLI: a decision log owned by another account", .enabled(if: TeamAccounts.available, TeamAccounts.skipNote))
struct LogOwnerCLITests {
    private static let planted = #"{"submission_id":"s1","decision":"rejected","reviewer":"ana","os_user":"ana","decided_at":"2026-11-01T09:00:00.000Z","reason":"planted"}"#

    /// A team directory holding the sample queue, and a runner acting as `user`.
    private func teamWorkspace() throws -> Workspace {
        let workspace = Workspace()
        // As `init --group` leaves a team directory: the team's group, setgid and sticky.
        let group = try #require(getgrnam(TeamAccounts.group)).pointee.gr_gid
        #expect(chown(workspace.path, uid_t.max, group) == 0 && chmod(workspace.path, 0o3770) == 0)
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        return workspace
    }

    private func runner(_ workspace: Workspace, as user: String) -> CLIRunner {
        var runner = workspace.runner
        runner.environment["OBJECTION_DESK_NO_INDEX"] = "1"
        runner.environment["XDG_CACHE_HOME"] = workspace.file("cache-" + user)
        return runner
    }

    @Test func aLogPlantedByAnotherUserBeforeTheFirstDecisionIsRefusedAtStart() throws {
        let workspace = try teamWorkspace()
        // Readable by ana, but neither hers nor writable through the team group.
        #expect(TeamAccounts.shell(as: TeamAccounts.ben, "umask 022; printf '%s\\n' '\(Self.planted)' > decisions.jsonl", in: workspace.path))
        let ana = runner(workspace, as: TeamAccounts.ana)
        for arguments in [["decide", "accept", "s2"], ["list", "--format", "jsonl"]] {
            let outcome = try ana.run(arguments, prefix: TeamAccounts.runAs(TeamAccounts.ana))
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains("decisions.jsonl: owned by ben"), "\(outcome.stderr)")
            #expect(!outcome.stdout.contains("planted"))
        }
        #expect(workspace.read("decisions.jsonl") == Self.planted + "\n")
    }

    @Test func aTeamLogMadeByAnotherMemberIsUsed() throws {
        let workspace = try teamWorkspace()
        // As `init --group` leaves it: group-writable, in the team's group.
        #expect(TeamAccounts.shell(as: TeamAccounts.ben, "umask 007; : > decisions.jsonl", in: workspace.path))
        let outcome = try runner(workspace, as: TeamAccounts.ana).run(["decide", "accept", "s2"], prefix: TeamAccounts.runAs(TeamAccounts.ana))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(workspace.lines("decisions.jsonl").count == 1)
    }
}
