import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing

@Suite("CLI end to end on temporary files")
struct CLITests {
    @Test func listsAsJSONLinesWithExactValues() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["list", "--format", "jsonl"])
        #expect(outcome.status == 0)
        let rows = outcome.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.map { $0["id"] as! String } == ["s1", "s2", "s3", "s4"])
        #expect(rows[1]["country"] as? String == "DE")
        #expect(rows[1]["email_verified"] as? Bool == false)
        #expect(rows[2]["justification"] as? String == "evil \u{1B}]0;pwned\u{07} \u{202E}gnp.exe")
        #expect(rows[0]["status"] as? String == "pending")
    }

    @Test func tableOutputNeverCarriesRawControlOrBidiCharacters() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["list"])
        #expect(outcome.status == 0)
        #expect(!outcome.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(outcome.stdout.contains("\\e]0;pwned\\a \\u202Egnp.exe"))
    }

    /// Invisible fillers, format characters, tags, private-use and unassigned code points: escaped
    /// in the table exactly as on the review screen (one function decides), and the row flagged.
    @Test func tableEscapesInvisibleFormatTagPrivateUseAndUnassignedCharacters() throws {
        let values: [UInt32] = [
            0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x17B4, 0x17B5, 0x1D173, 0x1D17A, 0xFFF9, 0xFFFA, 0xFFFB,
            0xE0000, 0xE0001, 0xE0041, 0xE007F, 0xFE0E, 0xE0100, 0xE000, 0xF0000, 0x0378,
        ]
        let queue = values.enumerated().map { index, value in
            var justification = "x"
            justification.unicodeScalars.append(Unicode.Scalar(value)!)
            justification += "y"
            let line: [String: Any] = ["id": "inv-\(index)", "submitted_at": "2026-10-01T09:00:00Z", "country": "DE",
                                       "email": "a@example.de", "justification": justification]
            return String(decoding: try! JSONSerialization.data(withJSONObject: line), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
        let workspace = Workspace()
        workspace.write("submissions.jsonl", queue)
        let outcome = try workspace.runner.run(["list"])
        #expect(outcome.status == 0)
        #expect(!outcome.stdout.unicodeScalars.contains { $0 != "\n" && TerminalSafety.isUnsafe($0.value) })
        let rows = outcome.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == values.count)
        for (row, value) in zip(rows, values) {
            #expect(row.hasSuffix(" ! x" + TerminalSafety.visibleEscape(value) + "y"), "\(row)")
        }
    }

    /// Paths and filters are the operator's, yet may hold anything a script or a paste put there:
    /// error messages escape them like untrusted text, and the caret still points at the column.
    @Test func errorMessagesEscapePathsAndFilters() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let missing = try workspace.runner.run(["list", "--queue", workspace.file("evil\u{1B}]0;pwned\u{07}.jsonl")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("evil\\e]0;pwned\\a.jsonl: cannot open"))
        #expect(!missing.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })

        let filter = try workspace.runner.run(["list", "--filter", "\u{1B}[2J\u{202E} cuntry:DE"])
        #expect(filter.status == 2)
        #expect(!filter.stderr.unicodeScalars.contains { $0 != "\n" && TerminalSafety.isUnsafe($0.value) })
        let lines = filter.stderr.split(separator: "\n").map(String.init)
        let echoed = try #require(lines.first { $0.contains("cuntry") && !$0.contains("column") })
        #expect(echoed == "  \\e[2J\\u202E cuntry:DE")
        let caret = try #require(lines.last)
        #expect(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) }
                == echoed.range(of: "cuntry").map { echoed.distance(from: echoed.startIndex, to: $0.lowerBound) })

        let unknownOption = try workspace.runner.run(["list", "--limit", "x\u{1B}[2J"])
        #expect(unknownOption.status == 2)
        #expect(!unknownOption.stderr.contains("\u{1B}"))
    }

    @Test func csvQuotesOnlyWhatTheFormatRequires() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["list", "--format", "csv", "--filter", "country:US"])
        let lines = outcome.stdout.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("id,status,submitted_at,country,email,email_verified,justification"))
        #expect(lines[1].hasPrefix(#"s4,pending,2026-10-04T09:00:00Z,US,joe@example.com,,"I live in Ohio, ""but"" I object, too""#))
    }

    @Test func filterSortAndLimit() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["list", "--format", "jsonl", "--filter", "-gehoren country:de,us", "--sort", "-submitted", "--limit", "2"])
        let ids = outcome.stdout.split(separator: "\n").map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! String }
        #expect(ids == ["s4", "s3"])
    }

    @Test func malformedFilterIsAUsageErrorThatPointsAtTheColumn() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["list", "--filter", "country:FR cuntry:DE"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("column 12"))
        #expect(!outcome.stderr.contains("Fatal"))
    }

    @Test func decideAppendsOneLinePerSubmissionWithReviewerAndOSUser() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["decide", "reject", "s1", "s2", "--reason", "not an EU resident", "--reviewer", "Ana", "--note", "n"])
        #expect(outcome.status == 0)
        let records = workspace.lines("decisions.jsonl").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(records.map { $0["submission_id"] as! String } == ["s1", "s2"])
        #expect(records.allSatisfy { $0["decision"] as? String == "rejected" && $0["reviewer"] as? String == "Ana" })
        #expect(records.allSatisfy { $0["reason"] as? String == "not an EU resident" && $0["note"] as? String == "n" })
        #expect(records.allSatisfy { ($0["os_user"] as? String ?? "").isEmpty == false })
        #expect(records.allSatisfy { ($0["decided_at"] as? String ?? "").hasSuffix("Z") })
        var status = stat()
        _ = stat(workspace.file("decisions.jsonl"), &status)
        #expect(status.st_mode & 0o777 == 0o600)
        let listed = try workspace.runner.run(["list", "--format", "jsonl", "--filter", "status:rejected reviewer:ana"])
        #expect(listed.stdout.split(separator: "\n").count == 2)
    }

    @Test func rejectAndVerifyWithoutReasonAreRefused() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        for verb in ["reject", "verify"] {
            let outcome = try workspace.runner.run(["decide", verb, "s1"])
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("--reason"))
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.file("decisions.jsonl")))
    }

    @Test func unknownIdsWriteNothing() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["decide", "accept", "s1", "nope"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("unknown submission id: nope"))
        #expect(!FileManager.default.fileExists(atPath: workspace.file("decisions.jsonl")))
    }

    @Test func bulkByFilterNeedsConfirmationOrYes() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let refused = try workspace.runner.run(["decide", "accept", "--filter", "country:DE"], stdin: "y\n")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("2 submissions match"))
        #expect(!FileManager.default.fileExists(atPath: workspace.file("decisions.jsonl")))
        let accepted = try workspace.runner.run(["decide", "accept", "--filter", "country:DE", "--yes"])
        #expect(accepted.status == 0)
        #expect(workspace.lines("decisions.jsonl").count == 2)
    }

    @Test func checkReportsMalformedLinesAndATornTailWithFileAndLine() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue + "{broken\n" + Workspace.sampleQueue.split(separator: "\n")[0] + "\n")
        workspace.write("decisions.jsonl", #"{"submission_id":"s1","decision":"accepted","reviewer":"a","os_user":"a","decided_at":"2026-11-01T00:00:00.000Z"}"# + "\n" + #"{"submission_id":"s2","dec"#)
        let outcome = try workspace.runner.run(["check"])
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("submissions.jsonl:5: invalid JSON"))
        #expect(lines[1].hasPrefix("submissions.jsonl:6: duplicate id \"s1\" (first on line 1)"))
        #expect(lines[2].hasPrefix("decisions.jsonl:2: torn last line"))
        let listed = try workspace.runner.run(["list", "--format", "jsonl"])
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").count == 4)
        #expect(listed.stderr.contains("3 problems"))
        #expect(listed.stderr.contains("objection-desk check"))
    }

    /// SIGQUIT (Ctrl-\\) while a command runs: the process ends at once with 128+3 and prints
    /// nothing more, with the Swift backtracer enabled as it is for every user. The command is
    /// held inside `decide` by a lock another writer holds on the decision log (it says it waits).
    /// Started as a shell starts it (clean signal mask, default dispositions), not with the test
    /// runner's mask.
    @Test func sigquitEndsACommandQuietly() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let log = open(workspace.file("decisions.jsonl"), O_RDWR | O_CREAT, 0o600)
        defer { close(log) }
        #expect(flock(log, LOCK_EX) == 0)
        let pid = try Self.spawn(["decide", "accept", "s1", "--queue", workspace.file("submissions.jsonl"), "--decisions", workspace.file("decisions.jsonl")],
                                 in: workspace, environment: ["SWIFT_BACKTRACE=enable=yes"])
        #expect(Self.waitUntil(timeout: 10) { workspace.read("stderr.txt").contains("waiting for the lock") })
        kill(pid, SIGQUIT)
        let status = Self.waitForExit(pid, timeout: 2)
        // Exited (no signal in the low 7 bits) with status 131 in the next byte.
        #expect(status.map { $0 & 0x7F == 0 && ($0 >> 8) & 0xFF == 131 } == true,
                "wait status \(status.map { String($0, radix: 16) } ?? "none: still running")")
        let stderr = workspace.read("stderr.txt")
        #expect(stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("objection-desk: waiting for the lock on ") }, "\(stderr.prefix(300))")
        #expect(workspace.read("stdout.txt").isEmpty)
    }

    /// Readers never wait for a writer's lock; a writer says within a second that it waits,
    /// naming the lock and its holder, and gives up with exit 2 after the configured time.
    @Test func readersIgnoreAWritersLockAndWritersGiveUpInBoundedTime() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        #expect(try workspace.runner.run(["decide", "accept", "s1"]).status == 0)
        let log = open(workspace.file("decisions.jsonl"), O_RDWR)
        defer { close(log) }
        #expect(flock(log, LOCK_EX) == 0)
        var runner = workspace.runner
        runner.environment["OBJECTION_DESK_LOCK_TIMEOUT"] = "2"
        let stats = try runner.run(["stats"], timeoutSeconds: 20)
        #expect(stats.status == 0 && stats.stdout.contains("accepted"), "\(stats.stderr)")
        #expect(try runner.run(["verify"], timeoutSeconds: 20).status == 0)
        let decide = try runner.run(["decide", "accept", "s2"], timeoutSeconds: 20)
        #expect(decide.status == 2)
        #expect(decide.stderr.contains("objection-desk: waiting for the lock on decisions.jsonl (held by pid \(getpid())"))
        #expect(decide.stderr.contains("held the decision log's lock for 2 s; nothing was recorded"))
        #expect(workspace.lines("decisions.jsonl").count == 1)
    }

    private static func waitUntil(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return false
    }

    /// Starts the binary with output to `stdout.txt` and `stderr.txt` in the workspace.
    private static func spawn(_ arguments: [String], in workspace: Workspace, environment extra: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, workspace.file("stdout.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, workspace.file("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let executable = CLIRunner.executable("objection-desk").path
        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let inherited = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("OBJECTION_DESK_") && $0.key != "SWIFT_BACKTRACE" }
            .map { "\($0.key)=\($0.value)" }
        var envp = (inherited + extra).map { strdup($0) } + [nil]
        defer { for variable in envp { free(variable) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        try #require(result == 0)
        return pid
    }

    /// The wait status once `pid` has exited, or nil (and the process killed) after `timeout`.
    private static func waitForExit(_ pid: pid_t, timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return status }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        return nil
    }

    @Test func checkIsCleanOnGoodFiles() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["check"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.isEmpty)
    }

    @Test func statsCountsByStatusAndCountry() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        try workspace.runner.run(["decide", "accept", "s1"])
        let outcome = try workspace.runner.run(["stats"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("pending                3"))
        #expect(outcome.stdout.contains("accepted               1"))
        #expect(outcome.stdout.contains("DE  2"))
        #expect(outcome.stdout.contains("US  1  (outside the EEA)"))
        #expect(outcome.stdout.contains("Oldest pending: s2"))
    }

    @Test func missingQueueFallsBackToTheBundledSampleAndSaysSo() throws {
        let workspace = Workspace()
        let outcome = try workspace.runner.run(["stats"])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("bundled sample queue"))
        #expect(outcome.stderr.contains("decisions go to the sample's own log \(workspace.path)/state/objection-desk/sample-decisions.jsonl"))
    }

    @Test func environmentVariablesAndOptionsNameTheFiles() throws {
        let workspace = Workspace()
        workspace.write("elsewhere.jsonl", Workspace.sampleQueue)
        var runner = workspace.runner
        runner.environment = ["OBJECTION_DESK_QUEUE": workspace.file("elsewhere.jsonl"), "OBJECTION_DESK_DECISIONS": workspace.file("log.jsonl")]
        #expect(try runner.run(["decide", "accept", "s4"]).status == 0)
        #expect(workspace.lines("log.jsonl").count == 1)
        let explicit = try workspace.runner.run(["list", "--format", "jsonl", "--queue", workspace.file("elsewhere.jsonl"), "--decisions", workspace.file("log.jsonl"), "--filter", "status:accepted"])
        #expect(explicit.stdout.contains("\"s4\""))
    }

    @Test func unreadableQueueIsAnIOErrorWithExitTwo() throws {
        let workspace = Workspace()
        let outcome = try workspace.runner.run(["list", "--queue", workspace.file("missing.jsonl")])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("missing.jsonl: cannot open"))
    }
}
