import Foundation
import Testing

/// A decision log another account made is not taken as the team's (real accounts, as root).
@Suite("CLI: a decision log owned by another account", .enabled(if: OSAccounts.isAvailable, OSAccounts.note))
struct LogOwnerCLITests {
    private static let planted = #"{"submission_id":"s1","decision":"rejected","reviewer":"ana","os_user":"odk-ana","decided_at":"2026-11-01T09:00:00.000Z","reason":"planted"}"#

    /// A team directory holding the sample queue, and a runner acting as `user`.
    private func teamWorkspace() throws -> Workspace {
        try OSAccounts.ensure(["odk-ana", "odk-mallory"])
        let workspace = Workspace()
        try OSAccounts.shareWithTeam(workspace.path)
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
        try OSAccounts.shell(as: "odk-mallory", in: workspace.path, "umask 022; printf '%s\\n' '\(Self.planted)' > decisions.jsonl")
        let ana = runner(workspace, as: "odk-ana")
        for arguments in [["decide", "accept", "s2"], ["list", "--format", "jsonl"]] {
            let outcome = try ana.run(arguments, prefix: OSAccounts.asUser("odk-ana"))
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains("decisions.jsonl: owned by odk-mallory"), "\(outcome.stderr)")
            #expect(!outcome.stdout.contains("planted"))
        }
        #expect(workspace.read("decisions.jsonl") == Self.planted + "\n")
    }

    @Test func aTeamLogMadeByAnotherMemberIsUsed() throws {
        let workspace = try teamWorkspace()
        // As `init --group` leaves it: group-writable, in the team's group.
        try OSAccounts.shell(as: "odk-mallory", in: workspace.path, "umask 007; : > decisions.jsonl")
        let outcome = try runner(workspace, as: "odk-ana").run(["decide", "accept", "s2"], prefix: OSAccounts.asUser("odk-ana"))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(workspace.lines("decisions.jsonl").count == 1)
    }
}
