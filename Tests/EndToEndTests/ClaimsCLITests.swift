import DeskCore
import Foundation
import Testing

/// `decide` honours claims; `claims` lists them.
@Suite("Claims on the command line")
struct ClaimsCLITests {
    /// A live claim by `reviewer` (held for this test process, so its pid runs).
    private func plantClaim(_ workspace: Workspace, reviewer: String, osUser: String = "bsmith", ids: [String]) throws -> Claim {
        let store = FileClaimStore(directory: workspace.file("decisions.jsonl.claims"))
        let holder = ClaimHolder(id: "\(reviewer)-\(getpid())-test", reviewer: reviewer, osUser: osUser,
                                 host: ClaimHolder.currentHost, pid: getpid())
        let now = Desk.now()
        return try #require(try store.claim(ids, for: holder, until: now + 300_000, now: now).mine)
    }

    @Test func decideRefusesRowsAnotherReviewerClaimsAndNamesThem() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        _ = try plantClaim(workspace, reviewer: "ben", ids: ["s2", "s3"])
        let refused = try workspace.runner.run(["decide", "accept", "s1", "s2", "s3", "--reviewer", "ana"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("2 submissions are claimed by another reviewer's open screen; nothing was written"))
        #expect(refused.stderr.contains("ben (bsmith@\(ClaimHolder.currentHost), pid \(getpid())), until "))
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
        _ = try plantClaim(workspace, reviewer: "ana", osUser: OSUser.current, ids: ["s1"])
        #expect(try workspace.runner.run(["decide", "accept", "s1", "--reviewer", "ana"]).status == 0)
        // The same name from another OS account is someone else.
        _ = try plantClaim(workspace, reviewer: "bo", osUser: "not-" + OSUser.current, ids: ["s2"])
        #expect(try workspace.runner.run(["decide", "accept", "s2", "--reviewer", "bo"]).status == 2)
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
        #expect(Array(fields[0..<4]) == ["ben", "bsmith", ClaimHolder.currentHost, "\(getpid())"])
        #expect(Array(fields[6...]) == ["4", "s2,s3,s4,…", "ben-\(getpid())-test"])
        let jsonl = try workspace.runner.run(["claims", "--format", "jsonl"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonl.stdout.utf8)) as? [String: Any])
        #expect(object["holder"] as? String == claim.holder)
        #expect(object["reviewer"] as? String == "ben" && object["os_user"] as? String == "bsmith")
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
}
