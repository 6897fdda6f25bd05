import Foundation
import Testing

@Suite("replies and decide --reason-code end to end")
struct RepliesCLITests {
    private static let queue = [
        #"{"id":"r1","submitted_at":"2026-11-03T14:22:05Z","country":"FR","email":"Marie <marie@example.fr>","justification":"Non.","locale":"fr-FR"}"#,
        #"{"id":"r2","submitted_at":"2026-11-04T09:00:00Z","country":"PL","email":"jan@example.pl","justification":"Nie.","locale":"pl"}"#,
        #"{"id":"r3","submitted_at":"2026-11-05T09:00:00Z","country":"DE","email":"x@example.de","justification":"x","locale":"de-AT"}"#,
        #"{"id":"r4","submitted_at":"2026-11-06T09:00:00Z","country":"SE","email":"sv@example.se","justification":"x","locale":"sv-SE"}"#,
        #"{"id":"r5","submitted_at":"2026-11-07T09:00:00Z","country":"NL","email":"nl@example.nl","justification":"x"}"#,
    ].joined(separator: "\n") + "\n"

    /// Decided on 10, 11, 12… November; r5's accept is undone at once.
    private static let log = [
        #"{"submission_id":"r1","decision":"accepted","reviewer":"ana","os_user":"ana","decided_at":"2026-11-10T09:00:00.000Z"}"#,
        #"{"submission_id":"r2","decision":"rejected","reviewer":"ana","os_user":"ana","decided_at":"2026-11-11T09:00:00.000Z","reason":"From here on, no.\n>From the log: <b> & \"q\"","note":"internal only"}"#,
        #"{"submission_id":"r3","decision":"extended","reviewer":"ben","os_user":"ben","decided_at":"2026-11-12T09:00:00.000Z","reason":"Viele Anfragen."}"#,
        #"{"submission_id":"r4","decision":"verification_requested","reviewer":"ben","os_user":"ben","decided_at":"2026-11-13T09:00:00.000Z","reason":"Old text","reason_code":"account_details"}"#,
        #"{"submission_id":"r5","decision":"accepted","reviewer":"ben","os_user":"ben","decided_at":"2026-11-14T09:00:00.000Z"}"#,
        #"{"submission_id":"r5","decision":"reopened","reviewer":"ben","os_user":"ben","decided_at":"2026-11-14T09:00:05.000Z"}"#,
        #"{"submission_id":"gone","decision":"accepted","reviewer":"ben","os_user":"ben","decided_at":"2026-11-15T09:00:00.000Z"}"#,
    ].joined(separator: "\n") + "\n"

    private func workspace() -> Workspace {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Self.queue)
        workspace.write("decisions.jsonl", Self.log)
        return workspace
    }

    private func objects(_ jsonl: String) -> [[String: Any]] {
        jsonl.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func jsonlHasOneReplyPerAnsweredDecisionInTheRequestersLanguage() throws {
        let workspace = workspace()
        let outcome = try workspace.runner.run(["replies"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let replies = objects(outcome.stdout)
        #expect(replies.map { $0["submission_id"] as! String } == ["r1", "r2", "r3", "r4"], "reopened, undone and unknown ids get none")
        #expect(replies.allSatisfy { Set($0.keys) == ["submission_id", "to", "language", "subject", "body", "decision", "decided_at"] })
        #expect(replies.map { $0["language"] as! String } == ["fr", "pl", "de", "en"])
        #expect(replies.map { $0["decision"] as! String } == ["accepted", "rejected", "extended", "verification_requested"])
        #expect(replies[0]["to"] as? String == "Marie <marie@example.fr>", "the raw email")
        #expect(replies[0]["decided_at"] as? String == "2026-11-10T09:00:00.000Z")
        #expect((replies[0]["body"] as! String).contains("n'est pas rétroactive"))
        let rejection = replies[1]["body"] as! String
        #expect(rejection.contains("From here on, no.\n>From the log: <b> & \"q\""))
        #expect(!rejection.contains("internal only"))
        #expect((replies[2]["subject"] as! String).hasSuffix("5. Februar 2027"))
        // Coded reason: the catalog's text in the reply's language, not the recorded one.
        #expect((replies[3]["body"] as! String).contains("Please tell us which account your objection concerns"))
        #expect(!(replies[3]["body"] as! String).contains("Old text"))
    }

    @Test func anUndoThatPutsBackAVerificationRequestSendsNothing() throws {
        // r4's verification request stands; an accept over it is undone with `u`, which writes
        // the request again (`undoes` the accept): neither the accept nor the copy is a reply.
        let workspace = workspace()
        workspace.write("decisions.jsonl", Self.log + [
            #"{"submission_id":"r4","decision":"accepted","reviewer":"ben","os_user":"ben","decided_at":"2026-11-16T09:00:00.000Z"}"#,
            #"{"submission_id":"r4","decision":"verification_requested","reviewer":"ben","os_user":"ben","decided_at":"2026-11-16T09:00:05.000Z","reason":"Old text","note":"undo: puts back line 4","undoes":8}"#,
        ].joined(separator: "\n") + "\n")
        let outcome = try workspace.runner.run(["replies", "--since", "2026-11-16"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "the undone accept and the restored request get no reply")
    }

    @Test func sinceTakesADayOrATimestamp() throws {
        let workspace = workspace()
        let byDay = try workspace.runner.run(["replies", "--since", "2026-11-12"])
        #expect(objects(byDay.stdout).map { $0["submission_id"] as! String } == ["r3", "r4"])
        let byInstant = try workspace.runner.run(["replies", "--since", "2026-11-11T10:00:00+01:00"])
        #expect(objects(byInstant.stdout).map { $0["submission_id"] as! String } == ["r2", "r3", "r4"])
        let bad = try workspace.runner.run(["replies", "--since", "yesterday"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid --since"))
    }

    @Test func mboxIsMboxrdWithQuotedFromLinesAndUTF8Headers() throws {
        let workspace = workspace()
        let outcome = try workspace.runner.run(["replies", "--format", "mbox"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("From ") }.count == 4)
        #expect(lines.filter { $0.hasPrefix("From ") }.allSatisfy { $0.hasPrefix("From MAILER-DAEMON ") })
        #expect(lines.contains(">From here on, no."))
        #expect(lines.contains(">>From the log: <b> & \"q\""))
        #expect(lines.contains("To: Marie <marie@example.fr>"))
        #expect(lines.contains("Date: Tue, 10 Nov 2026 09:00:00 +0000"))
        #expect(lines.filter { $0 == "Content-Type: text/plain; charset=utf-8" }.count == 4)
        #expect(lines.filter { $0 == "Content-Transfer-Encoding: 8bit" }.count == 4)
        // "Votre opposition r1 : acceptée", encoded as RFC 2047 requires for non-ASCII headers.
        let subject = try #require(lines.first { $0.hasPrefix("Subject: ") })
        #expect(subject == "Subject: =?UTF-8?B?" + Data("Votre opposition r1 : acceptée".utf8).base64EncodedString() + "?=")
        #expect(outcome.stdout.hasSuffix("\n\n"))
    }

    /// The address comes from the public: a line break in it must not add headers.
    @Test func mboxLeavesOutAnAddressThatCouldInjectHeaders() throws {
        let workspace = workspace()
        workspace.write("submissions.jsonl", Self.queue.replacingOccurrences(of: "jan@example.pl", with: #"jan@example.pl\r\nBcc: all@example.com"#))
        let outcome = try workspace.runner.run(["replies", "--format", "mbox"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("1 reply left out of the mbox"))
        #expect(outcome.stderr.contains("r2: its email address is empty or holds control characters"))
        #expect(!outcome.stdout.contains("Bcc:"))
        #expect(outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("From ") }.count == 3)
    }

    /// A comma would add a recipient; a bidi control would make the address read as another.
    @Test(arguments: ["victim@example.com, attacker@evil.example", "jan@example.pl\\u202Elp.live"])
    func mboxLeavesOutAnAddressThatIsNotOnePlainAddress(email: String) throws {
        let workspace = workspace()
        workspace.write("submissions.jsonl", Self.queue.replacingOccurrences(of: "jan@example.pl", with: email))
        let outcome = try workspace.runner.run(["replies", "--format", "mbox"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("1 reply left out of the mbox"))
        #expect(outcome.stderr.contains("r2: its email address"))
        #expect(!outcome.stdout.contains("attacker") && !outcome.stdout.contains("live"))
        #expect(outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("From ") }.count == 3)
    }

    @Test func missingTemplatesAreAnErrorNamingThem() throws {
        let workspace = workspace()
        var runner = workspace.runner
        runner.environment["OBJECTION_DESK_RESOURCES"] = "/nonexistent"
        let outcome = try runner.run(["replies"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot load the reply templates"))
    }

    @Test func decideWithAReasonCodeRecordsTheCodeAndItsEnglishText() throws {
        let workspace = workspace()
        let coded = try workspace.runner.run(["decide", "reject", "r5", "--reason-code", "duplicate", "--reviewer", "cy"])
        #expect(coded.status == 0, "\(coded.stderr)")
        let record = try #require(workspace.lines("decisions.jsonl").last)
        let fields = try JSONSerialization.jsonObject(with: Data(record.utf8)) as! [String: Any]
        #expect(fields["reason_code"] as? String == "duplicate")
        #expect((fields["reason"] as? String)?.hasPrefix("This request repeats an objection") == true)
        #expect(record.range(of: "\"reason_code\"")!.lowerBound < record.range(of: "\"prev\"")!.lowerBound)

        let ownWords = try workspace.runner.run(["decide", "verify", "r5", "--reason-code", "account_details", "--reason", "Which profile?", "--reviewer", "cy", "--yes"])
        #expect(ownWords.status == 0, "\(ownWords.stderr)")
        let second = try JSONSerialization.jsonObject(with: Data(workspace.lines("decisions.jsonl").last!.utf8)) as! [String: Any]
        #expect(second["reason"] as? String == "Which profile?")
        #expect(second["reason_code"] as? String == "account_details")

        let free = try workspace.runner.run(["decide", "verify", "r5", "--reason", "Free text", "--reviewer", "cy", "--yes"])
        #expect(free.status == 0)
        #expect(!workspace.lines("decisions.jsonl").last!.contains("reason_code"))
    }

    @Test func anExtensionWithACannedReasonIsRepliedInTheRequestersLanguage() throws {
        let workspace = Workspace()
        let twoDaysAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-2 * 86_400))
        workspace.write("submissions.jsonl",
                        #"{"id":"n1","submitted_at":"\#(twoDaysAgo)","country":"NL","email":"nl@example.nl","justification":"Nee.","locale":"nl-NL"}"# + "\n")
        let extended = try workspace.runner.run(["decide", "extend", "n1", "--reason-code", "many_requests", "--reviewer", "cy"])
        #expect(extended.status == 0, "\(extended.stderr)")
        let record = try JSONSerialization.jsonObject(with: Data(workspace.lines("decisions.jsonl").last!.utf8)) as! [String: Any]
        #expect(record["decision"] as? String == "extended")
        #expect(record["reason_code"] as? String == "many_requests")
        #expect((record["reason"] as? String)?.hasPrefix("We have received an exceptionally large number") == true)
        let replies = objects(try workspace.runner.run(["replies"]).stdout)
        #expect(replies.count == 1)
        #expect(replies.first?["language"] as? String == "nl")
        let body = try #require(replies.first?["body"] as? String)
        #expect(body.contains("uitzonderlijk veel bezwaren"), "the Dutch text, not the English reason")
        #expect(!body.contains("exceptionally"))
    }

    @Test func anUnknownOrMisplacedReasonCodeWritesNothingAndListsTheCodes() throws {
        let workspace = workspace()
        let unknown = try workspace.runner.run(["decide", "reject", "r5", "--reason-code", "because"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown reason code \"because\" for reject"))
        #expect(unknown.stderr.contains("duplicate") && unknown.stderr.contains("no_data_found"))
        #expect(!unknown.stderr.contains("confirm_email"), "only the codes that fit the verb")
        let wrongKind = try workspace.runner.run(["decide", "verify", "r5", "--reason-code", "duplicate"])
        #expect(wrongKind.status == 2)
        #expect(wrongKind.stderr.contains("confirm_email"))
        let accept = try workspace.runner.run(["decide", "accept", "r5", "--reason-code", "duplicate"])
        #expect(accept.status == 2)
        #expect(accept.stderr.contains("--reason-code applies to reject, verify and extend only"))
        #expect(workspace.read("decisions.jsonl") == Self.log)
    }
}
