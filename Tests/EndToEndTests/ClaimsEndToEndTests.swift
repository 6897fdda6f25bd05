import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing

/// Two reviewers on one queue, each in a real terminal (its own tmux server), as a team works.
@Suite("Claims end to end (two reviewers in tmux)", .serialized)
struct ClaimsEndToEndTests {
    private func workspaceWithSample() throws -> Workspace {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        return workspace
    }

    /// Both screens started at the same moment.
    private func startTwo(_ workspace: Workspace, environment: [String: String] = [:]) throws -> (TmuxSession, TmuxSession) {
        let ana = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "ana"], environment: environment, pidFile: "ana.pid")
        let ben = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "ben"], environment: environment, pidFile: "ben.pid")
        for session in [ana, ben] { try session.waitFor("Pending: 200 · filter: none · sort: submitted · 9 claimed by others") }
        return (ana, ben)
    }

    private func claimsDirectory(_ workspace: Workspace) -> String { workspace.file("decisions.jsonl.claims") }

    /// Claim files by reviewer.
    private func claimFiles(_ workspace: Workspace) throws -> [String: Claim] {
        let directory = claimsDirectory(workspace)
        var claims: [String: Claim] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".claim") {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            let claim = try ClaimFileFormat.decode(bytes)
            claims[claim.reviewer] = claim
        }
        return claims
    }

    /// The submission id in the detail pane's title.
    private func currentID(_ screen: String) -> String? {
        screen.split(separator: "\n").first { $0.hasPrefix(" obj-") }.map { String($0.dropFirst().prefix { $0 != " " }) }
    }

    private func waitUntil(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    @Test func twoReviewersStartedTogetherNeverWorkOnTheSameRows() throws {
        let workspace = try workspaceWithSample()
        let (ana, ben) = try startTwo(workspace)
        let claims = try claimFiles(workspace)
        let anaIDs = try #require(claims["ana"]?.ids), benIDs = try #require(claims["ben"]?.ids)
        #expect(anaIDs.count == 9 && benIDs.count == 9)
        #expect(Set(anaIDs).isDisjoint(with: benIDs))
        let anaScreen = try ana.screen(), benScreen = try ben.screen()
        #expect(anaIDs.contains(try #require(currentID(anaScreen))))
        #expect(benIDs.contains(try #require(currentID(benScreen))))
        var status = stat()
        _ = stat(claimsDirectory(workspace), &status)
        #expect(status.st_mode & 0o777 == 0o700)

        let listed = try workspace.runner.run(["claims", "--format", "jsonl"])
        #expect(listed.status == 0)
        let rows = listed.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(Set(rows.map { $0["reviewer"] as! String }) == ["ana", "ben"])
        #expect(rows.allSatisfy { $0["count"] as? Int == 9 && $0["pid"] is Int && $0["expires_at"] is String })

        // Each decides three in a row, one key each: six different submissions, each from its
        // reviewer's own first screen.
        for _ in 0..<3 {
            try ana.press("a")
            try ben.press("a")
        }
        try ana.waitFor("Pending: 194")
        try ben.waitFor("Pending: 194")
        let log = workspace.lines("decisions.jsonl").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let decided = log.map { $0["submission_id"] as! String }
        #expect(decided.count == 6 && Set(decided).count == 6)
        for record in log {
            let mine = record["reviewer"] as? String == "ana" ? anaIDs : benIDs
            #expect(mine.contains(record["submission_id"] as! String))
        }
        // Quitting releases the claim at once.
        try ana.press("q")
        #expect(ana.waitForExit(timeout: 2))
        #expect(try waitUntil(timeout: 2) { !(try ben.screen()).contains("claimed by others") })
        #expect(try claimFiles(workspace).keys.sorted() == ["ben"])
        // So does a hang-up (the terminal closed).
        try ben.tmux(["kill-server"], capture: false)
        #expect(ben.waitForExit(timeout: 2))
        #expect(try claimFiles(workspace).isEmpty)
    }

    @Test func aKilledReviewersClaimsStopCountingAtOnce() throws {
        let workspace = try workspaceWithSample()
        let (first, second) = try startTwo(workspace)
        // Started together, either may have taken the top of the queue: kill the one that did.
        let files = try claimFiles(workspace)
        let topHolder = files["ana"]?.ids.contains("obj-2026-004183") == true ? "ana" : "ben"
        let (victim, survivor) = topHolder == "ana" ? (first, second) : (second, first)
        let survivorName = topHolder == "ana" ? "ben" : "ana"
        let victimIDs = try #require(files[topHolder]?.ids)
        let victimPid = try #require(victim.pid)
        kill(victimPid, SIGKILL)
        #expect(victim.waitForExit(timeout: 2))
        // Its process is gone: the claim no longer counts, without waiting for it to expire.
        #expect(try waitUntil(timeout: 2) { !(try survivor.screen()).contains("claimed by others") })
        try survivor.press("g")
        #expect(try waitUntil(timeout: 2) { Set(try claimFiles(workspace)[survivorName]?.ids ?? []) == Set(victimIDs) })
        #expect(try claimFiles(workspace)[topHolder] == nil)  // removed by the next taker
    }

    @Test func aFrozenReviewersClaimsExpireAfterTheLease() throws {
        let workspace = try workspaceWithSample()
        let (ana, ben) = try startTwo(workspace, environment: ["OBJECTION_DESK_CLAIM_SECONDS": "2"])
        let anaPid = try #require(ana.pid)
        kill(anaPid, SIGSTOP)  // alive but silent (a suspended laptop): only expiry can free its rows
        defer { kill(anaPid, SIGKILL) }
        let anaClaim = try #require(try claimFiles(workspace)["ana"])
        #expect(anaClaim.expiresAt - anaClaim.renewedAt <= 2_400)
        Thread.sleep(forTimeInterval: 1)
        #expect((try ben.screen()).contains("9 claimed by others"))
        #expect(try waitUntil(timeout: 3) { !(try ben.screen()).contains("claimed by others") })
        let listed = try workspace.runner.run(["claims", "--format", "jsonl"])
        #expect(!listed.stdout.contains("\"reviewer\":\"ana\""))
        // Ben has been idle as long: his screen gave its claim up by itself; a key takes it again.
        #expect(try waitUntil(timeout: 2) { try claimFiles(workspace)["ben"] == nil })
        try ben.press("j")
        #expect(try waitUntil(timeout: 2) { try claimFiles(workspace)["ben"]?.ids.count == 9 })
    }
}
