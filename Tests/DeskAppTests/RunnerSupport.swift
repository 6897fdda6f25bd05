import DeskApp
import DeskCore
import DeskEngine
import DeskStore
import DeskUI
import Foundation

/// A screen driven by a script: each `readInput` returns the next scripted input (then
/// `.quitRequested`); paints are counted and the last one kept.
final class ScriptedScreen: ReviewScreen {
    let width: Int
    let height: Int
    private var script: [ScreenInput]
    private(set) var paints = 0
    private(set) var lastGrid: CellGrid?

    init(width: Int = 80, height: Int = 24, script: [ScreenInput] = []) {
        self.width = width
        self.height = height
        self.script = script
    }

    func paint(_ grid: CellGrid) {
        paints += 1
        lastGrid = grid
    }

    func invalidate() {}

    func readInput(timeoutMilliseconds: Int, watching: Int32?) -> ScreenInput {
        script.isEmpty ? .quitRequested : script.removeFirst()
    }

    /// The last painted screen's rows as text.
    var text: String { lastGrid?.lines.joined(separator: "\n") ?? "" }
}

/// Claims others hold, as a store would report them.
final class StubClaimStore: ClaimStore {
    var others: [Claim] = []
    private(set) var published: [String] = []
    var watchPath: String? { nil }

    func claim(_ ids: [String], for holder: ClaimHolder, until expiresAt: Int64, now: Int64) throws -> ClaimOutcome {
        let book = ClaimBook(others)
        let granted = ids.filter { book.claim(on: $0) == nil }
        published = granted
        let mine = granted.isEmpty ? nil : Claim(holder: holder.id, reviewer: holder.reviewer, osUser: holder.osUser, host: holder.host,
                                                 pid: holder.pid, renewedAt: now, expiresAt: expiresAt, ids: granted)
        return ClaimOutcome(granted: granted, heldByOthers: [:], others: others, mine: mine)
    }

    func release(_ holder: ClaimHolder) throws { published = [] }

    func liveClaims(now: Int64) throws -> [Claim] { others }
}

/// A queue and a decision log in a temporary directory, and a runner over them.
final class RunnerFixture {
    let directory: String
    let desk: Desk
    static let now: Int64 = 1_795_176_000_000  // 2026-11-20T12:00:00Z

    init(rows: Int = 30) throws {
        var template = Array((NSTemporaryDirectory() + "objection-desk-app-XXXXXX").utf8CString)
        directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        let lines = (0..<rows).map { index in
            let day = 1 + index % 20
            return "{\"id\":\"s\(index)\",\"submitted_at\":\"2026-11-\(day < 10 ? "0" : "")\(day)T10:00:00Z\",\"country\":\"\(["FR", "DE", "PL"][index % 3])\","
                + "\"email\":\"person\(index)@example.org\",\"justification\":\"I object to the processing of my data, case \(index % 4).\"}"
        }
        _ = FileManager.default.createFile(atPath: directory + "/q.jsonl", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        desk = try Desk(queuePath: directory + "/q.jsonl", decisionsPath: directory + "/d.jsonl", index: .disabled)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func state(width: Int = 80, height: Int = 24) -> AppState {
        AppState(desk: desk.snapshot, reviewer: "ana", queueLabel: "q.jsonl", width: width, height: height, now: Self.now)
    }

    func loop(_ screen: ScriptedScreen, claims: ClaimKeeper? = nil) -> ReviewLoop {
        ReviewLoop(desk: desk, screen: screen, claims: claims, clock: { RunnerFixture.now })
    }

    var logLines: [String] {
        ((try? String(contentsOfFile: directory + "/d.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}

/// Waits (at most a few seconds) for `condition`, polling the runner's background work.
func eventually(_ loop: ReviewLoop, _ state: inout AppState, _ condition: (AppState) -> Bool) -> Bool {
    for _ in 0..<500 {
        loop.pollBackgroundWork(&state)
        if condition(state) { return true }
        usleep(10_000)
    }
    return false
}
