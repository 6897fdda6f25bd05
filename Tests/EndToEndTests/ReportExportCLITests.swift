import Foundation
import Testing

@Suite("report and export end to end, and CSV formula defusing in every command")
struct ReportExportCLITests {
    /// The six starts a spreadsheet may run as a formula.
    static let dangerous = ["=", "+", "-", "@", "\t", "\r"]

    /// One submission per dangerous start, with id, email, justification, reviewer and reason all
    /// beginning with it, each rejected.
    private func hostileWorkspace() -> Workspace {
        let workspace = Workspace()
        var queue = ""
        var log = ""
        for (index, start) in Self.dangerous.enumerated() {
            queue += json(["id": start + "id\(index)", "submitted_at": "2026-10-01T09:00:00Z", "country": "FR",
                           "email": start + "mail\(index)", "justification": start + "text\(index)"]) + "\n"
            log += json(["submission_id": start + "id\(index)", "decision": "rejected", "reviewer": start + "rev\(index)",
                         "os_user": start + "os\(index)", "decided_at": "2026-10-05T09:00:00Z", "reason": start + "why\(index)"]) + "\n"
        }
        workspace.write("submissions.jsonl", queue)
        workspace.write("decisions.jsonl", log)
        return workspace
    }

    @Test(arguments: [["list", "--format", "csv"], ["report", "--by", "reviewer", "--format", "csv"], ["export"]])
    func everyCSVCellStartingWithAFormulaCharacterGetsAQuote(arguments: [String]) throws {
        let workspace = hostileWorkspace()
        let outcome = try workspace.runner.run(arguments)
        #expect(outcome.status == 0)
        let rows = parseCSV(outcome.stdout)
        #expect(rows.count == 1 + Self.dangerous.count)
        let cells = rows.dropFirst().flatMap { $0 }
        for cell in cells {
            #expect(!Self.dangerous.contains(where: { cell.hasPrefix($0) }), "unprotected cell \(cell.debugDescription)")
        }
        for (index, start) in Self.dangerous.enumerated() {
            let expected = arguments[0] == "report" ? ["'" + start + "rev\(index)"]
                : arguments[0] == "list" ? ["'" + start + "id\(index)", "'" + start + "mail\(index)", "'" + start + "text\(index)", "'" + start + "rev\(index)", "'" + start + "why\(index)"]
                : ["'" + start + "id\(index)", "'" + start + "rev\(index)", "'" + start + "os\(index)", "'" + start + "why\(index)"]
            for value in expected { #expect(cells.contains(value), "missing \(value.debugDescription)") }
        }
    }

    @Test func jsonlKeepsTheExactValues() throws {
        let workspace = hostileWorkspace()
        let export = try workspace.runner.run(["export", "--format", "jsonl"])
        let rows = try export.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.map { $0["id"] as! String } == Self.dangerous.enumerated().map { $1 + "id\($0)" })
        #expect(rows.map { $0["reason"] as! String } == Self.dangerous.enumerated().map { $1 + "why\($0)" })
        let report = try workspace.runner.run(["report", "--by", "reviewer", "--format", "jsonl"])
        let groups = try report.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(Set(groups.map { $0["group"] as! String }) == Set(Self.dangerous.enumerated().map { $1 + "rev\($0)" }))
    }

    @Test func reportLinesHaveTheDocumentedFields() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        workspace.write("decisions.jsonl", [
            decision("s1", "accepted", "ana", "2026-10-02T09:00:00Z"),  // 24 h
            decision("s1", "rejected", "bo", "2026-10-03T09:00:00Z", reason: "no"),  // 48 h, overrides ana
            decision("s2", "verification_requested", "ana", "2026-11-03T09:00:00Z", reason: "who?"),  // 768 h, late (due 11-02)
            decision("s2", "reopened", "ana", "2026-11-04T09:00:00Z"),
        ].joined(separator: "\n") + "\n")
        let outcome = try workspace.runner.run(["report", "--by", "reviewer", "--format", "jsonl"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == """
            {"group":"ana","accepted":1,"rejected":0,"verification_requested":1,"reopened":1,"extended":0,"undone":0,"median_hours":24,"p90_hours":768,"late":1,"overrides":0}
            {"group":"bo","accepted":0,"rejected":1,"verification_requested":0,"reopened":0,"extended":0,"undone":0,"median_hours":48,"p90_hours":48,"late":0,"overrides":1}

            """)
        let total = try workspace.runner.run(["report", "--format", "jsonl", "--since", "2026-10-03"])
        #expect(total.stdout == #"{"group":null,"accepted":0,"rejected":1,"verification_requested":1,"reopened":1,"extended":0,"undone":0,"median_hours":48,"p90_hours":768,"late":1,"overrides":1}"# + "\n")
        let weeks = try workspace.runner.run(["report", "--by", "week", "--format", "csv"])
        #expect(weeks.stdout.components(separatedBy: "\r\n") == [
            "group,accepted,rejected,verification_requested,reopened,extended,undone,median_hours,p90_hours,late,overrides",
            "2026-W40,1,1,0,0,0,0,24,48,0,1", "2026-W45,0,0,1,1,0,0,768,768,1,0", "",
        ])
    }

    @Test func reportTableIsSanitizedAndEndsWithATotal() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        workspace.write("decisions.jsonl", decision("s1", "accepted", "ev\u{1B}[31mil\u{202E}", "2026-10-02T09:00:00Z") + "\n"
                        + decision("s2", "accepted", "bo", "2026-10-04T09:00:00Z") + "\n")
        let outcome = try workspace.runner.run(["report", "--by", "reviewer"])
        #expect(outcome.status == 0)
        #expect(!outcome.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("REVIEWER"))
        #expect(lines[1].hasPrefix("bo "))
        #expect(lines[2].hasPrefix(#"ev\e[31mil\u202E "#))
        #expect(lines.last!.split(separator: " ", omittingEmptySubsequences: true) == ["TOTAL", "2", "0", "0", "0", "0", "0", "24.00", "48.00", "0", "0"])
    }

    @Test(arguments: ["yesterday", "2026-11-31", "2026-11-23T10:00"])
    func badSinceIsAUsageError(value: String) throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["report", "--since", value])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("invalid --since"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func badGroupingIsAUsageError() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["report", "--by", "month"])
        #expect(outcome.status == 2)
    }

    @Test func exportGivesOneRowPerSubmissionWithTheDocumentedFields() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        workspace.write("decisions.jsonl", [
            decision("s1", "accepted", "ana", "2026-10-02T09:00:00Z"),
            decision("s1", "rejected", "bo", "2026-11-01T23:59:59Z", reason: "no grounds"),
            decision("s2", "rejected", "ana", "2026-11-03T00:00:00Z", reason: "late one"),
        ].joined(separator: "\n") + "\n")
        let outcome = try workspace.runner.run(["export", "--format", "jsonl"])
        #expect(outcome.status == 0)
        let rows = try outcome.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.count == 4)
        #expect(Set(rows[0].keys) == ["id", "country", "submitted_at", "due_at", "status", "last_action", "decided_at", "reviewer", "os_user",
                                      "reason", "within_deadline", "decisions"])
        #expect(rows[0]["due_at"] as? String == "2026-11-01")
        #expect(rows[0]["status"] as? String == "rejected")
        #expect(rows[0]["decided_at"] as? String == "2026-11-01T23:59:59.000Z")
        #expect(rows[0]["reviewer"] as? String == "bo")
        #expect(rows[0]["os_user"] as? String == "u-bo")
        #expect(rows[0]["reason"] as? String == "no grounds")
        #expect(rows[0]["within_deadline"] as? Bool == true)
        #expect(rows[0]["decisions"] as? Int == 2)
        #expect(rows[1]["within_deadline"] as? Bool == false)
        #expect(rows[1]["country"] as? String == "DE", "the normalized code, not the raw \"de\"")
        // Submitted in October 2026 and never decided: long overdue.
        #expect(rows[2]["within_deadline"] as? Bool == false)
        #expect(rows[2]["decided_at"] is NSNull)
        #expect(rows[2]["decisions"] as? Int == 0)

        let filtered = try workspace.runner.run(["export", "--filter", "status:rejected"])
        #expect(filtered.stdout.components(separatedBy: "\r\n") == [
            "id,country,submitted_at,due_at,status,last_action,decided_at,reviewer,os_user,reason,within_deadline,decisions",
            "s1,FR,2026-10-01T09:00:00Z,2026-11-01,rejected,rejected,2026-11-01T23:59:59.000Z,bo,u-bo,no grounds,true,2",
            "s2,DE,2026-10-02T09:00:00Z,2026-11-02,rejected,rejected,2026-11-03T00:00:00.000Z,ana,u-ana,late one,false,1", "",
        ])
    }

    private func decision(_ id: String, _ kind: String, _ reviewer: String, _ at: String, reason: String? = nil) -> String {
        var fields = ["submission_id": id, "decision": kind, "reviewer": reviewer, "os_user": "u-" + reviewer, "decided_at": at]
        if let reason { fields["reason"] = reason }
        return json(fields)
    }

    private func json(_ fields: [String: String]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks; records end with CR LF).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
        pending = scalars.next()
        if quoted {
            if scalar == "\"" {
                if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
            } else {
                field.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
        } else if scalar == "," {
            row.append(field); field = ""
        } else if scalar == "\r" && pending == "\n" {
            pending = scalars.next()
            row.append(field); field = ""
            rows.append(row); row = []
        } else {
            field.unicodeScalars.append(scalar)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
