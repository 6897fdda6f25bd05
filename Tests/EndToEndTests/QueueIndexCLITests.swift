import Foundation
import Testing

@Suite("Queue index from the command line")
struct QueueIndexCLITests {
    private func workspaceWithQueue() -> Workspace {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        return workspace
    }

    private var indexName: String { ".submissions.jsonl.odx" }

    @Test func statsWritesTheIndexAndAnswersTheSameFromIt() throws {
        let workspace = workspaceWithQueue()
        let first = try workspace.runner.run(["stats"])
        #expect(first.status == 0 && first.stderr.isEmpty)
        var status = stat()
        #expect(lstat(workspace.file(indexName), &status) == 0 && status.st_mode & 0o777 == 0o600)
        let second = try workspace.runner.run(["stats"])
        #expect(second.status == 0 && second.stderr.isEmpty)
        #expect(second.stdout == first.stdout)
    }

    @Test func aDamagedIndexIsNotedOnceIgnoredAndRebuilt() throws {
        let workspace = workspaceWithQueue()
        let clean = try workspace.runner.run(["stats"])
        truncate(workspace.file(indexName), 100)
        let damaged = try workspace.runner.run(["stats"])
        #expect(damaged.status == 0 && damaged.stdout == clean.stdout)
        #expect(damaged.stderr.components(separatedBy: "note: ignoring the queue index").count == 2, "\(damaged.stderr)")
        #expect(!damaged.stderr.contains("problem"))
        let rebuilt = try workspace.runner.run(["stats"])
        #expect(rebuilt.stderr.isEmpty && rebuilt.stdout == clean.stdout)
    }

    @Test func checkReadsEveryLineAndRewritesTheIndex() throws {
        let workspace = workspaceWithQueue()
        try workspace.runner.run(["stats"])
        truncate(workspace.file(indexName), 100)
        let checked = try workspace.runner.run(["check"])
        #expect(checked.status == 0 && !checked.stderr.contains("note:"))
        let after = try workspace.runner.run(["stats"])
        #expect(after.stderr.isEmpty)
    }

    @Test func textFiltersWorkOnAQueueReadFromItsIndex() throws {
        let workspace = workspaceWithQueue()
        let arguments = ["list", "--filter", "donnees", "--format", "jsonl"]
        let first = try workspace.runner.run(arguments)
        let second = try workspace.runner.run(arguments)
        #expect(first.status == 0 && first.stdout.contains("\"s1\""))
        #expect(second.stdout == first.stdout && second.stderr.isEmpty)
        let email = try workspace.runner.run(["list", "--filter", "email:hans", "--sort", "email", "--format", "jsonl"])
        #expect(email.stdout.contains("\"s2\"") && !email.stdout.contains("\"s1\""))
    }

    @Test func theEnvironmentVariableTurnsTheIndexOff() throws {
        let workspace = workspaceWithQueue()
        var runner = workspace.runner
        runner.environment["OBJECTION_DESK_NO_INDEX"] = "1"
        let result = try runner.run(["stats"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.file(indexName)))
        runner.environment["OBJECTION_DESK_THREADS"] = "1"
        #expect(try runner.run(["stats"]).stdout == result.stdout)
    }
}
