import Foundation
import Testing

@Suite("clusters command end to end")
struct ClustersCLITests {
    static let letter = "I hereby object under Article 21 GDPR to the use of my posts, photos and comments for training artificial intelligence. I never agreed to this and I do not want my content in any model."

    private func queue() -> String {
        let texts = [Self.letter, Self.letter.uppercased(), "Hi! " + Self.letter, "Something unrelated about the login page crashing on my phone all the time.",
                     "No AI please", "no ai, please!", "https://social.example/@x"]
        return texts.enumerated().map { index, text in
            let quoted = String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            return #"{"id":"c\#(index + 1)","submitted_at":"2026-10-0\#(index + 1)T09:00:00Z","country":"FR","email":"x\#(index)@example.org","justification":\#(quoted)}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test func jsonLinesLargestFirstWithEveryMember() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", queue())
        workspace.write("decisions.jsonl", #"{"submission_id":"c2","decision":"accepted","reviewer":"ana","os_user":"u","decided_at":"2026-11-01T00:00:00.000Z"}"# + "\n")
        let outcome = try workspace.runner.run(["clusters", "--format", "jsonl"])
        #expect(outcome.status == 0)
        let rows = outcome.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.count == 2)
        #expect(rows[0]["cluster"] as? String == "c1")
        #expect(rows[0]["size"] as? Int == 3)
        #expect(rows[0]["pending"] as? Int == 2)
        #expect(rows[0]["ids"] as? [String] == ["c1", "c2", "c3"])
        #expect(rows[0]["text"] as? String == Self.letter)
        #expect(rows[1]["ids"] as? [String] == ["c5", "c6"])
        let big = try workspace.runner.run(["clusters", "--format", "jsonl", "--min-size", "3", "--filter", "status:pending"])
        #expect(big.stdout.split(separator: "\n").count == 1)
        let none = try workspace.runner.run(["clusters", "--format", "jsonl", "--filter", "id:c4"])
        #expect(none.stdout.isEmpty)
    }

    @Test func statsCountsViralAndAddsFlagsAndTheSecondRunReadsTheSavedClusters() throws {
        let workspace = Workspace()
        var lines = (1...60).map { index in
            #"{"id":"v\#(index)","submitted_at":"2026-10-01T09:00:00Z","country":"FR","email":"v\#(index)@example.org","justification":"\#(index % 2 == 0 ? Self.letter : Self.letter.lowercased())"}"#
        }
        lines.append(#"{"id":"v61","submitted_at":"2026-10-01T09:00:00Z","country":"FR","email":"w@example.org","justification":"\#(Self.letter) Please also delete my account and every photo."}"#)
        workspace.write("submissions.jsonl", lines.joined(separator: "\n") + "\n")
        for run in 0..<2 {
            let stats = try workspace.runner.run(["stats"])
            #expect(stats.status == 0)
            let flags = stats.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(flags.contains(["viral", "61"]), "run \(run): \(stats.stdout)")
            #expect(flags.contains(["adds", "1"]), "run \(run): \(stats.stdout)")
        }
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/.submissions.jsonl.odc"))
    }

    @Test func tableAndCSVAndListRowsCarryTheCluster() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", queue())
        let table = try workspace.runner.run(["clusters"])
        #expect(table.status == 0)
        #expect(table.stdout.split(separator: "\n").count == 3)
        let csv = try workspace.runner.run(["clusters", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("cluster,size,pending,text,ids\r\n"))
        #expect(csv.stdout.contains(",c1 c2 c3\r\n"))
        let list = try workspace.runner.run(["list", "--format", "jsonl", "--filter", "cluster>=2"])
        let rows = list.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.map { $0["id"] as! String } == ["c1", "c2", "c3", "c5", "c6"])
        #expect(rows.map { $0["cluster"] as! String } == ["c1", "c1", "c1", "c5", "c5"])
        #expect(rows.map { $0["cluster_size"] as! Int } == [3, 3, 3, 2, 2])
        let usage = try workspace.runner.run(["clusters", "--min-size", "0"])
        #expect(usage.status == 2)
    }

    /// The table is made from each representative's bytes: numbers right-aligned, the id padded
    /// to 20 columns (an id that is not plain ASCII too), the text on one line, sanitized and cut
    /// to the 120 columns used off a terminal.
    @Test func tableLinesAreAlignedSanitizedAndCut() throws {
        let workspace = Workspace()
        let broken = "Zweimal derselbe Text mit\\n\\nZeilenumbruch und genug Wörtern für einen Vergleich"
        let escaped = "Red \\u001b[31malert\\u001b[0m in a text that is long enough to be compared here"
        var lines: [String] = []
        for (index, id) in ["c1", "c2", "c3"].enumerated() {
            lines.append(#"{"id":"\#(id)","submitted_at":"2026-10-0\#(index + 1)T09:00:00Z","country":"FR","email":"a\#(index)@example.org","justification":"\#(Self.letter)"}"#)
        }
        for (index, id) in ["é1", "é2"].enumerated() {
            lines.append(#"{"id":"\#(id)","submitted_at":"2026-10-0\#(index + 1)T09:00:00Z","country":"DE","email":"b\#(index)@example.org","justification":"\#(broken)"}"#)
        }
        for (index, id) in ["e1", "e2"].enumerated() {
            lines.append(#"{"id":"\#(id)","submitted_at":"2026-10-0\#(index + 1)T09:00:00Z","country":"DE","email":"c\#(index)@example.org","justification":"\#(escaped)"}"#)
        }
        workspace.write("submissions.jsonl", lines.joined(separator: "\n") + "\n")
        let table = try workspace.runner.run(["clusters"])
        #expect(table.status == 0)
        let rows = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows.count == 5, "\(table.stdout)")
        guard rows.count == 5 else { return }
        #expect(rows[0] == "  SIZE PENDING  CLUSTER              TEXT")
        let prefix = "     3       3  c1                   "
        #expect(rows[1] == prefix + String(Self.letter.prefix(120 - prefix.count - 1)) + "…")
        #expect(rows[2] == "     2       2  é1                   Zweimal derselbe Text mit Zeilenumbruch und genug Wörtern für einen Vergleich")
        #expect(rows[3].hasPrefix("     2       2  e1                   Red "))
        #expect(!rows[3].unicodeScalars.contains { $0.value == 0x1B })
        #expect(rows[3].contains("[31malert"))
        #expect(rows[4].isEmpty)
        // The second run lists from the representatives' openings saved with the clusters.
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/.submissions.jsonl.odc"))
        let again = try workspace.runner.run(["clusters"])
        #expect(again.stdout == table.stdout)
    }
}
