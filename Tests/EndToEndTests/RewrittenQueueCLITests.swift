import Foundation
import Testing

/// A queue rewritten after `stats` indexed it, and grown by one row so that its size cannot tell
/// a rewrite from an append: `list`, `decide` and `export` answer from the file as it is now.
@Suite("CLI: a rewritten queue is read as it is now")
struct RewrittenQueueCLITests {
    enum Rewrite: String, CaseIterable {
        /// `open(O_WRONLY)` without truncation, the changed bytes written over the old ones.
        case inPlace
        /// `rm` then `cp`: a new file, which often gets the freed inode back.
        case removedAndCopied
        /// Same-size edit in place, then the old modification time restored (`utimensat`).
        case oldModificationTimeRestored
    }

    private static let campaign = "Zanzibar campaign: I object to the use of my posts, photos and messages for training models."
    private static let replacement = "Quokkaaa: my own words, nothing copied from anyone; please stop processing all that I wrote."

    /// 400 rows of ~700 bytes (far past the first and last 64 KiB); rows c198…c202 share one
    /// text, and the middle one of them, m200, is the only Swedish row.
    private func workspace() -> Workspace {
        let filler = String(repeating: "Je m'oppose au traitement de mes données personnelles. ", count: 11)
        let countries = ["FR", "DE", "PL", "IT", "NL"]
        let lines = (0..<400).map { index -> String in
            let id = index == 200 ? "m200" : (198...202).contains(index) ? "c\(index)" : "r\(index)"
            let country = index == 200 ? "SE" : countries[index % countries.count]
            let text = (198...202).contains(index) ? Self.campaign : "Row \(index). \(filler)"
            return line(id: id, country: country, text: text)
        }
        let workspace = Workspace()
        workspace.write("submissions.jsonl", lines.joined(separator: "\n") + "\n")
        return workspace
    }

    private func line(id: String, country: String, text: String) -> String {
        #"{"id":"\#(id)","submitted_at":"2026-11-02T09:00:00Z","country":"\#(country)","email":"\#(id)@example.org","justification":"\#(text)"}"#
    }

    /// m200 becomes American with its own words (and x200 when `newID`), same length; one row is
    /// appended.
    private func rewrite(_ workspace: Workspace, _ kind: Rewrite, newID: Bool = false) {
        #expect(Self.campaign.utf8.count == Self.replacement.utf8.count)
        let path = workspace.file("submissions.jsonl")
        let old = workspace.read("submissions.jsonl")
        let before = line(id: "m200", country: "SE", text: Self.campaign)
        let after = line(id: newID ? "x200" : "m200", country: "US", text: Self.replacement)
        let edited = old.replacingOccurrences(of: before, with: after)
        #expect(edited != old && edited.utf8.count == old.utf8.count)
        let appended = line(id: "late1", country: "FR", text: "Arrived after the rewrite.") + "\n"
        var time = stat()
        stat(path, &time)
        switch kind {
        case .inPlace, .oldModificationTimeRestored:
            let file = open(path, O_WRONLY)
            let bytes = Array((edited + appended).utf8)
            #expect(bytes.withUnsafeBytes { pwrite(file, $0.baseAddress!, $0.count, 0) } == bytes.count)
            close(file)
            if kind == .oldModificationTimeRestored {
                var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), time.st_mtim]  // UTIME_OMIT for atime
                #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
            }
        case .removedAndCopied:
            workspace.write("copy.jsonl", edited + appended)
            unlink(path)  // after writing the copy, so that `cp` can get the freed inode back
            #expect(try! Process.run(URL(fileURLWithPath: "/bin/cp"), arguments: [workspace.file("copy.jsonl"), path]).waitAndStatus() == 0)
        }
    }

    private func decidedIDs(_ workspace: Workspace) -> [String] {
        workspace.lines("decisions.jsonl").compactMap { line in
            line.range(of: #""submission_id":"([^"]*)""#, options: .regularExpression).map { String(line[$0].dropFirst(17).dropLast()) }
        }
    }

    @Test(arguments: Rewrite.allCases)
    func filtersAndDecisionsSeeTheRewrittenRow(_ kind: Rewrite) throws {
        let workspace = workspace()
        let runner = workspace.runner
        #expect(try runner.run(["stats"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.file(".submissions.jsonl.odx")))
        #expect(FileManager.default.fileExists(atPath: workspace.file(".submissions.jsonl.odc")))
        #expect(try runner.run(["list", "--filter", "country:SE", "--format", "jsonl"]).stdout.contains("\"m200\""))
        rewrite(workspace, kind)

        let swedish = try runner.run(["list", "--filter", "country:SE", "--format", "jsonl"])
        #expect(swedish.status == 0 && !swedish.stdout.contains("m200"), "\(kind): \(swedish.stdout)")
        let oldText = try runner.run(["list", "--filter", "zanzibar", "--format", "jsonl"])
        #expect(oldText.status == 0 && !oldText.stdout.contains("m200") && oldText.stdout.contains("c199"), "\(kind)")
        let newText = try runner.run(["list", "--filter", "quokkaaa", "--format", "jsonl"])
        #expect(newText.stdout.contains("m200"), "\(kind)")

        #expect(try runner.run(["decide", "reject", "--filter", "cluster:c199", "--reason", "copied campaign", "--yes"]).status == 0)
        _ = try runner.run(["decide", "accept", "--filter", "country:SE", "--yes"])
        let decided = decidedIDs(workspace)
        #expect(!decided.contains("m200"), "\(kind): \(decided)")
        #expect(Set(decided) == ["c198", "c199", "c201", "c202"], "\(kind): \(decided)")
    }

    /// Each command is run on the rewritten file first, so none benefits from another's rebuild.
    @Test(arguments: Rewrite.allCases)
    func aDecisionIsNeverWrittenForTheOldRow(_ kind: Rewrite) throws {
        let workspace = workspace()
        #expect(try workspace.runner.run(["stats"]).status == 0)
        rewrite(workspace, kind)
        let outcome = try workspace.runner.run(["decide", "accept", "--filter", "country:SE", "--yes"])
        #expect(!decidedIDs(workspace).contains("m200"), "\(kind): \(outcome.stderr)")
    }

    @Test(arguments: Rewrite.allCases)
    func aClusterFilterNeverDecidesARowThatLeftTheCluster(_ kind: Rewrite) throws {
        let workspace = workspace()
        #expect(try workspace.runner.run(["stats"]).status == 0)
        rewrite(workspace, kind)
        _ = try workspace.runner.run(["decide", "reject", "--filter", "cluster:c199", "--reason", "copied campaign", "--yes"])
        #expect(!decidedIDs(workspace).contains("m200"), "\(kind): \(decidedIDs(workspace))")
    }

    @Test func aRowWhoseIdChangedGetsNoDecisionAndEveryCommandKeepsWorking() throws {
        let workspace = workspace()
        let runner = workspace.runner
        #expect(try runner.run(["stats"]).status == 0)
        rewrite(workspace, .inPlace, newID: true)
        _ = try runner.run(["decide", "accept", "--filter", "country:SE", "--yes"])
        #expect(!decidedIDs(workspace).contains("m200"))
        let list = try runner.run(["list", "--format", "jsonl"])
        #expect(list.status == 0 && list.stdout.contains("\"x200\"") && !list.stdout.contains("\"m200\""), "\(list.stderr)")
        let export = try runner.run(["export"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try runner.run(["stats"]).status == 0)
    }
}

private extension Process {
    func waitAndStatus() -> Int32 {
        waitUntilExit()
        return terminationStatus
    }
}
