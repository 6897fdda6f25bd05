import DeskCore
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

    /// SIGQUIT (Ctrl-\) while a command waits for its confirmation: the process ends at once with
    /// 128+3, prints no backtrace and writes nothing, with the Swift backtracer enabled as it is for
    /// every user. Run in tmux because the confirmation needs a terminal.
    @Test func sigquitEndsACommandQuietly() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let session = try TmuxSession(workspace: workspace, arguments: ["decide", "accept", "--filter", "country:DE"],
                                      environment: ["SWIFT_BACKTRACE": "enable=yes"])
        try session.waitFor("[y/N]")
        let pid = try #require(session.pid)
        kill(pid, SIGQUIT)
        #expect(session.waitForExit(timeout: 2))
        let screen = try session.screen()
        #expect(!screen.contains("crashed"))
        #expect(!screen.contains("Backtrace"))
        #expect(try session.paneState("#{pane_dead_status}") == "131")
        #expect(!FileManager.default.fileExists(atPath: workspace.file("decisions.jsonl")))
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
        #expect(outcome.stderr.contains("decisions go to decisions.jsonl"))
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
