import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing

/// The review screen driven like an agent drives it: the built binary in tmux at 80x24.
@Suite("Review screen end to end (tmux)", .serialized)
struct ReviewScreenEndToEndTests {
    private func start(_ workspace: Workspace, width: Int = 80, height: Int = 24, environment: [String: String] = [:],
                       wrapper: [String] = []) throws -> TmuxSession {
        if !FileManager.default.fileExists(atPath: workspace.file("submissions.jsonl")) {
            workspace.write("submissions.jsonl", try String(contentsOf: Self.sample, encoding: .utf8))
        }
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"], width: width, height: height,
                                      environment: environment, wrapper: wrapper)
        try session.waitFor("Pending: 200")
        return session
    }

    static var sample: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/sample-queue.jsonl")
    }

    private func records(_ workspace: Workspace) -> [[String: Any]] {
        workspace.lines("decisions.jsonl").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func aSingleAcceptIsOnDiskAndTheCursorMovesOn() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("a")
        let screen = try session.waitFor("Pending: 199")
        #expect(screen.contains("accepted obj-2026-004183"))
        let log = records(workspace)
        #expect(log.count == 1)
        #expect(log.first?["submission_id"] as? String == "obj-2026-004183")
        #expect(log.first?["decision"] as? String == "accepted")
        #expect(log.first?["reviewer"] as? String == "e2e")
        #expect(screen.contains("obj-2026-004184 · pending"))
        try session.press("q")
        #expect(session.waitForExit(timeout: 2))
    }

    /// The help pages like less, `m` shows the messages in full, and an extension picked by
    /// number is on disk with its reason code.
    @Test func helpPagesMessagesShowAndAnExtensionTakesACannedReason() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("?")
        try session.waitFor("space b page")
        try session.press("Space")
        var screen = try session.waitFor("lines 2")
        #expect(screen.contains(" Keys"), "space pages; it does not close the help")
        try session.press("G")
        screen = try session.waitFor("(END)")
        try session.press("q")
        try session.waitFor("Pending: 200")
        try session.press("/")
        try session.type("contry:de")
        screen = try session.waitFor("✗ contry:de")
        try session.press("Escape")
        try session.waitFor("filter unchanged")
        try session.press("m")
        screen = try session.waitFor("Messages (newest last")
        #expect(screen.contains("filter unchanged"))
        try session.press("q")
        try session.press("G")
        try session.press("x")
        try session.waitFor("Many requests received")
        try session.press("2")
        try session.waitFor("canned 2/2")
        try session.press("Enter")
        try session.waitFor("extended the deadline of")
        let log = records(workspace)
        #expect(log.count == 1)
        #expect(log.first?["decision"] as? String == "extended")
        #expect(log.first?["reason_code"] as? String == "many_requests")
        try session.press("q")
        #expect(session.waitForExit(timeout: 2))
    }

    /// A bulk accept that fills the disk (a file-size limit) is shown as not recorded, and stays so:
    /// after the next refreshes the rows are still pending, on screen and in the log.
    @Test func aBulkAcceptThatFailsOnAFullDiskNeverShowsAsDone() throws {
        let workspace = Workspace()
        workspace.write("decisions.jsonl", "")
        let session = try start(workspace, wrapper: ["prlimit", "--fsize=1200", "--"])
        for _ in 0..<10 { try session.press("Space") }
        try session.waitFor("10 tagged")
        try session.press("a")
        try session.waitFor("Accept 10 tagged submissions?")
        try session.press("y")
        try session.waitFor("NOT recorded")
        Thread.sleep(forTimeInterval: 2.5)  // past two idle refreshes
        let screen = try session.screen()
        #expect(screen.contains("Pending: 200"))
        #expect(!screen.contains("A1") && !screen.contains("accepted 1") && !screen.contains("done 1"))
        #expect(workspace.read("decisions.jsonl").isEmpty)
        try session.press("q")
        #expect(session.waitForExit(timeout: 2))
    }

    @Test func aRejectTakesATypedReason() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("r")
        try session.waitFor("Reject obj-2026-004183 (")
        try session.typeAndEnter("Not an EU resident; see account")
        try session.waitFor("Pending: 199")
        let log = records(workspace)
        #expect(log.count == 1)
        #expect(log.first?["decision"] as? String == "rejected")
        #expect(log.first?["reason"] as? String == "Not an EU resident; see account")
    }

    @Test func aVerificationRequestTakesTheMessage() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("v")
        try session.waitFor("Verify obj-2026-004183 (")
        try session.typeAndEnter("Please confirm from your account email")
        try session.waitFor("Pending: 199")
        #expect(records(workspace).first?["decision"] as? String == "verification_requested")
        try session.press("2")
        try session.waitFor("2 Awaiting verification: 1")
    }

    @Test func twoTaggedRowsAreAcceptedAfterConfirmation() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("Space", "Space")
        try session.waitFor("2 tagged")
        try session.press("a")
        try session.waitFor("Accept 2 tagged submissions?")
        // The box's rows can land in a later capture than its title under load.
        let confirmation = try session.waitFor("obj-2026-004184  ")
        #expect(confirmation.contains("obj-2026-004183") && confirmation.contains("Accept 2 tagged submissions?"))
        #expect(records(workspace).isEmpty)
        try session.press("y")
        try session.waitFor("Pending: 198")
        #expect(records(workspace).map { $0["submission_id"] as! String } == ["obj-2026-004183", "obj-2026-004184"])
    }

    @Test func filterTagAllAcceptConfirm() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("/")
        try session.typeAndEnter("country:DE")
        // The title shows the filter while it is typed: wait for the prompt to close and the rows
        // to arrive, or `*` could reach the prompt together with Enter (read as a paste).
        var filtered = try session.waitFor("filter: country:DE")
        for _ in 0..<250 where filtered.contains("█") || filtered.contains("updating…") {
            usleep(20_000)
            filtered = try session.screen()
        }
        let count = filtered.components(separatedBy: "Pending: ").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        #expect(count > 10)
        try session.press("*")
        try session.waitFor("\(count) tagged")
        try session.press("a")
        try session.waitFor("Accept \(count) tagged submissions?")
        try session.press("y")
        try session.waitFor("Pending: 0 · filter: country:DE")
        let log = records(workspace)
        #expect(log.count == count)
        let queue = workspace.lines("submissions.jsonl").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let german = Set(queue.filter { ($0["country"] as! String).trimmingCharacters(in: .whitespaces).uppercased() == "DE" }.map { $0["id"] as! String })
        #expect(Set(log.map { $0["submission_id"] as! String }) == german)
    }

    @Test func undoAppendsReopened() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("a")
        try session.waitFor("Pending: 199")
        try session.press("u")
        try session.waitFor("Pending: 200")
        let log = records(workspace)
        #expect(log.map { $0["decision"] as! String } == ["accepted", "reopened"])
        #expect(log.map { $0["submission_id"] as! String } == ["obj-2026-004183", "obj-2026-004183"])
    }

    @Test func aMultiLinePasteIntoThePromptDecidesNothing() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("r")
        try session.waitFor("Reject obj-2026-004183 (")
        try session.paste("first line\nsecond line\ny\n")
        let screen = try session.waitFor("second line")
        #expect(screen.contains("Reject obj-2026-004183 ("))
        #expect(records(workspace).isEmpty)
        try session.press("Escape")
        try session.waitFor("cancelled")
        #expect(records(workspace).isEmpty)
    }

    @Test func hangUpEndsTheProcessQuicklyAndLosesNothingAcknowledged() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("a")
        try session.waitFor("accepted obj-2026-004183")
        try session.press("j", "a")
        try session.waitFor("Pending: 198")
        let before = session.cpuTicks ?? 0
        try session.tmux(["kill-server"], capture: false)
        #expect(session.waitForExit(timeout: 2))
        #expect((session.cpuTicks ?? before) - before < 50)
        #expect(records(workspace).count == 2)
    }

    @Test func sigtermAndCtrlCExitCleanly() throws {
        let workspace = Workspace()
        let first = try start(workspace)
        try first.press("C-c")
        #expect(first.waitForExit(timeout: 2))
        let second = try start(workspace)
        if let pid = second.pid { kill(pid, SIGTERM) }
        #expect(second.waitForExit(timeout: 2))
    }

    /// Ctrl-\ (SIGQUIT) is a way to quit, not a crash: the terminal is restored (alternate screen
    /// left, cursor shown) and the process ends at once, with the Swift backtracer enabled as it is
    /// for every user (the harness turns it off for the other tests).
    @Test func ctrlBackslashRestoresTheTerminalAndExitsAtOnce() throws {
        let workspace = Workspace()
        let session = try start(workspace, environment: ["SWIFT_BACKTRACE": "enable=yes"])
        // What the app writes from here on: tmux hides the cursor of a dead pane itself, so
        // whether the app showed it again is read from its output.
        let output = workspace.file("output.log")
        try session.tmux(["pipe-pane", "-t", session.name, "-o", "cat > '\(output)'"])
        try session.press("a")
        try session.waitFor("Pending: 199")
        try session.press("C-\\")
        #expect(session.waitForExit(timeout: 2))
        // With history: tmux's "Pane is dead" line scrolls the last line of output off the screen.
        let screen = try session.tmux(["capture-pane", "-p", "-S", "-5", "-t", session.name])
        #expect(!screen.contains("crashed"))
        #expect(!screen.contains("Backtrace"))
        #expect(screen.contains("1 decision recorded"))
        #expect(try session.tmux(["display-message", "-p", "-t", session.name, "#{alternate_on}"]).hasPrefix("0"), "alternate screen left")
        var written = ""
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline && !written.contains("\u{1B}[?1049l") {
            usleep(20_000)
            written = workspace.read("output.log")
        }
        let shown = written.range(of: "\u{1B}[?25h", options: .backwards)?.lowerBound
        let hidden = written.range(of: "\u{1B}[?25l", options: .backwards)?.lowerBound
        #expect(shown != nil && (hidden == nil || shown! > hidden!), "cursor shown again")
        #expect(written.contains("\u{1B}[?1049l"), "alternate screen left")
        #expect(records(workspace).count == 1)
    }

    @Test func resizesRedrawAndTooSmallRecovers() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.resize(width: 160, height: 40)
        let wide = try session.waitFor("│ obj-2026-004183")
        #expect(wide.contains("reviewer: e2e"))
        try session.resize(width: 60, height: 15)
        try session.waitFor("row 1 of 200")
        try session.resize(width: 50, height: 12)
        try session.waitFor("Terminal too small")
        try session.resize(width: 80, height: 24)
        try session.waitFor("Pending: 200")
    }

    @Test func worksWithoutColourAndKeepsHostileTextInert() throws {
        let workspace = Workspace()
        let session = try start(workspace, environment: ["NO_COLOR": "1"])
        try session.press("/")
        try session.typeAndEnter("pwned")
        let screen = try session.waitFor("\\e[2J")
        #expect(screen.contains("!"))
        let title = try session.tmux(["display-message", "-p", "-t", session.name, "#{pane_title}"])
        #expect(!title.contains("pwned"))
    }

    @Test func refusesToStartWithoutATerminal() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        var runner = workspace.runner
        let notATerminal = try runner.run(["review"])
        #expect(notATerminal.status == 2)
        #expect(notATerminal.stderr.contains("terminal"))
        runner.environment = ["TERM": "dumb"]
        #expect(try runner.run([]).status == 2)
    }

    @Test func othersDecisionsAppearByThemselves() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try DecisionLog(path: workspace.file("decisions.jsonl")).append([
            Decision(submissionID: "obj-2026-004184", kind: .accepted, reviewer: "colleague", osUser: "bo", decidedAt: 1_795_000_000_000),
        ])
        try session.waitFor("Pending: 199", timeout: 2.5)
    }
}
