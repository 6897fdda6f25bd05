import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing

/// `decide` honours claims; `claims` lists them.
@Suite("Claims on the command line")
struct ClaimsCLITests {
    /// A live claim by `reviewer` under this test's OS account (held for this test process, so
    /// its pid runs under the account that owns the file).
    private func plantClaim(_ workspace: Workspace, reviewer: String, ids: [String]) throws -> Claim {
        let store = FileClaimStore(directory: workspace.file("decisions.jsonl.claims"))
        let holder = ClaimHolder(id: "\(reviewer)-\(getpid())-test", reviewer: reviewer, osUser: OSUser.current,
                                 host: ClaimHolder.currentHost, pid: getpid())
        let now = WallClock.now()
        return try #require(try store.claim(ids, for: holder, until: now + 300_000, now: now).mine)
    }

    @Test func decideRefusesRowsAnotherReviewerClaimsAndNamesThem() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        _ = try plantClaim(workspace, reviewer: "ben", ids: ["s2", "s3"])
        let refused = try workspace.runner.run(["decide", "accept", "s1", "s2", "s3", "--reviewer", "ana"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("2 submissions are claimed by another reviewer's open screen; nothing was written"))
        #expect(refused.stderr.contains("ben (\(OSUser.current)@\(ClaimHolder.currentHost), pid \(getpid())), until "))
        #expect(refused.stderr.contains("UTC: s2, s3"))
        #expect(refused.stderr.contains("--force"))
        #expect(!FileManager.default.fileExists(atPath: workspace.file("decisions.jsonl")))
        // A filter that selects a claimed row is refused the same way.
        let filtered = try workspace.runner.run(["decide", "accept", "--filter", "country:de", "--yes", "--reviewer", "ana"])
        #expect(filtered.status == 2 && filtered.stderr.contains("s2, s3"))
        // Rows nobody claims are decided as usual.
        #expect(try workspace.runner.run(["decide", "accept", "s1", "--reviewer", "ana"]).status == 0)
        let forced = try workspace.runner.run(["decide", "accept", "s2", "--reviewer", "ana", "--force"])
        #expect(forced.status == 0)
        #expect(workspace.lines("decisions.jsonl").count == 2)
    }

    @Test func aReviewersOwnScreenDoesNotBlockTheirCommandLine() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        _ = try plantClaim(workspace, reviewer: "ana", ids: ["s1"])
        #expect(try workspace.runner.run(["decide", "accept", "s1", "--reviewer", "ana"]).status == 0)
    }

    /// The same reviewer name from another OS account is someone else: ben's screen (a claim
    /// file ben owns) blocks a `decide --reviewer bo` run by another account.
    @Test(.enabled(if: TeamAccounts.available, TeamAccounts.skipNote))
    func theSameNameFromAnotherAccountIsSomeoneElse() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let store = FileClaimStore(directory: workspace.file("decisions.jsonl.claims"))
        let holder = ClaimHolder(id: "bo-remote-test", reviewer: "bo", osUser: TeamAccounts.ben, host: "elsewhere.example", pid: 4711)
        let now = WallClock.now()
        _ = try store.claim(["s2"], for: holder, until: now + 300_000, now: now)
        let ben = try #require(getpwnam(TeamAccounts.ben)).pointee.pw_uid
        #expect(chown(workspace.file("decisions.jsonl.claims/bo-remote-test.claim"), ben, gid_t.max) == 0)
        let refused = try workspace.runner.run(["decide", "accept", "s2", "--reviewer", "bo"])
        #expect(refused.status == 2 && refused.stderr.contains("bo (ben@elsewhere.example, pid 4711)"), "\(refused.stderr)")
    }

    @Test func claimsListsTheCurrentClaims() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let none = try workspace.runner.run(["claims"])
        #expect(none.status == 0 && none.stdout == "no current claims\n")
        let claim = try plantClaim(workspace, reviewer: "ben", ids: ["s2", "s3", "s4", "s1"])
        let table = try workspace.runner.run(["claims"])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("REVIEWER  OS_USER  HOST"))
        let fields = lines[1].split(separator: " ").map(String.init)
        #expect(fields.count == 9)
        #expect(Array(fields[0..<4]) == ["ben", OSUser.current, ClaimHolder.currentHost, "\(getpid())"])
        // The expiry carries its date: a claim until 2099 cannot pass for one until tonight.
        #expect(fields[5].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(fields[5])")
        #expect(Array(fields[6...]) == ["4", "s2,s3,s4,…", "ben-\(getpid())-test"])
        let jsonl = try workspace.runner.run(["claims", "--format", "jsonl"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonl.stdout.utf8)) as? [String: Any])
        #expect(object["holder"] as? String == claim.holder)
        #expect(object["reviewer"] as? String == "ben" && object["os_user"] as? String == OSUser.current)
        #expect(object["host"] as? String == ClaimHolder.currentHost && object["pid"] as? Int == Int(getpid()))
        #expect(object["count"] as? Int == 4 && object["ids"] as? [String] == ["s2", "s3", "s4", "s1"])
        #expect((object["renewed_at"] as? String)?.hasSuffix("Z") == true && (object["expires_at"] as? String)?.hasSuffix("Z") == true)
    }

    /// Nobody's screen can publish claims into such a directory, so "no claims" would be a lie:
    /// the command line says why, and `decide` stops unless told to go on without claims.
    @Test(arguments: ["symlink", "world-writable"])
    func aClaimsDirectoryThatCannotBeSharedIsReportedAndStopsDecide(kind: String) throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let claims = workspace.file("decisions.jsonl.claims")
        if kind == "symlink" {
            #expect(mkdir(workspace.file("elsewhere"), 0o700) == 0)
            #expect(symlink(workspace.file("elsewhere"), claims) == 0)
        } else {
            #expect(mkdir(claims, 0o700) == 0 && chmod(claims, 0o777) == 0)
        }
        let problem = kind == "symlink" ? "is not a directory (or is a symbolic link)" : "writable by every user"
        let refused = try workspace.runner.run(["decide", "accept", "s1", "--reviewer", "ana"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("decisions.jsonl.claims: the claims directory") && refused.stderr.contains(problem), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(!FileManager.default.fileExists(atPath: workspace.file("decisions.jsonl")))
        let listed = try workspace.runner.run(["claims"])
        #expect(listed.status == 2)
        #expect(!listed.stdout.contains("no current claims"))
        #expect(listed.stderr.contains("decisions.jsonl.claims: the claims directory") && listed.stderr.contains(problem), "\(listed.stderr)")
        let forced = try workspace.runner.run(["decide", "accept", "s1", "--reviewer", "ana", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    /// Ben, a member of the team's group, writes a claim file naming ana for every id until 2099
    /// with pid 1. It names an account that does not own the file: it blocks nobody, `claims`
    /// does not list it and says why.
    @Test(.enabled(if: TeamAccounts.available, TeamAccounts.skipNote))
    func aClaimForgedByATeammateBlocksNobody() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        #expect(chmod(workspace.path, 0o755) == 0)
        #expect(try workspace.runner.run(["init", "--group", TeamAccounts.group, "--dir", workspace.file("team")]).status == 0)
        let forged = #"{"holder":"forged","reviewer":"ana","os_user":"ana","host":"\#(ClaimHolder.currentHost)","pid":1,"#
            + #""renewed_at":"2099-01-01T00:00:00Z","expires_at":"2099-12-31T00:00:00Z","count":4,"ids":["s1","s2","s3","s4"]}"#
        #expect(TeamAccounts.shell(as: TeamAccounts.ben, "mkdir -p decisions.jsonl.claims && printf '%s\\n' '\(forged)' > decisions.jsonl.claims/forged.claim",
                                 in: workspace.file("team")))
        let files = ["--queue", workspace.file("submissions.jsonl"), "--decisions", workspace.file("team/decisions.jsonl")]
        let claims = try workspace.runner.run(["claims"] + files, prefix: TeamAccounts.runAs(TeamAccounts.ana))
        #expect(claims.stdout == "no current claims\n", "\(claims.stdout)\(claims.stderr)")
        #expect(claims.stderr.contains("forged.claim: written by ben but names os_user \"ana\"; ignored"), "\(claims.stderr)")
        let decided = try workspace.runner.run(["decide", "accept", "s1", "--reviewer", "carol"] + files, prefix: TeamAccounts.runAs(TeamAccounts.ana))
        #expect(decided.status == 0, "\(decided.stderr)")
    }
}
