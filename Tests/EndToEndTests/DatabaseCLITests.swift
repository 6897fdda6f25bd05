import DeskPostgres
import Foundation
import Testing

/// `objection-desk db …` against a real server: the built binary, as an operator runs it.
@Suite("CLI: db commands on PostgreSQL", .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote))
struct DatabaseCLITests {
    @Test func initCreatesTheSchemaOnceAndSaysItsVersion() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        let first = try workspace.runner.run(["db", "init", "--database", database.conninfo])
        #expect(first.status == 0, "\(first.stderr)")
        let latest = DeskSchema.latestVersion
        let all = DeskSchema.migrations.map { String($0.version) }.joined(separator: ", ")
        #expect(first.stdout == "schema version \(latest) (was absent; applied \(all))\n")
        // The environment variable works as the option does.
        var runner = workspace.runner
        runner.environment["OBJECTION_DESK_DATABASE"] = database.conninfo
        let second = try runner.run(["db", "init"])
        #expect(second.status == 0 && second.stdout == "schema version \(latest) (up to date)\n", "\(second.stderr)")
    }

    @Test func withoutADatabaseTheCommandSaysHowToNameOne() throws {
        let workspace = Workspace()
        let outcome = try workspace.runner.run(["db", "init"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("pass --database CONNINFO or set OBJECTION_DESK_DATABASE"), "\(outcome.stderr)")
    }

    @Test func aDatabaseWithoutTheDeskIsNamedWithTheCommandThatSetsItUp() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        workspace.write("queue.jsonl", Workspace.sampleQueue)
        for arguments in [["export-log"], ["import", "queue.jsonl"], ["grant", "nobody"]] {
            let outcome = try workspace.runner.run(["db"] + arguments + ["--database", database.conninfo])
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains("no desk in this database") && outcome.stderr.contains("db init"), "\(outcome.stderr)")
        }
    }

    @Test func importReportsProblemsExactlyAsCheckAndIsIdempotent() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        workspace.write("queue.jsonl", Workspace.sampleQueue + [
            "not json",
            #"{"id":"s1","submitted_at":"2026-10-01T09:00:00Z","country":"FR","email":"dup@example.fr","justification":"dup"}"#,
            #"{"id":"s6","submitted_at":"yesterday","country":"FR","email":"a@example.fr","justification":"x"}"#,
            #"{"id":"s7","submitted_at":"2026-10-07T09:00:00Z","country":"XX","email":"a@example.fr","justification":"x"}"#,
            #"{"id":"s8","submitted_at":"2026-10-08T09:00:00Z","country":"IE","email":"nul@example.ie","justification":"a \u0000 b"}"#,
        ].joined(separator: "\n") + "\n")
        #expect(try workspace.runner.run(["db", "init", "--database", database.conninfo]).status == 0)
        let check = try workspace.runner.run(["check", "--queue", "queue.jsonl", "--decisions", "empty.jsonl"])
        #expect(check.status == 1)
        let imported = try workspace.runner.run(["db", "import", "queue.jsonl", "--database", database.conninfo])
        #expect(imported.status == 1, "\(imported.stderr)")
        #expect(imported.stdout == check.stdout)
        #expect(imported.stdout.split(separator: "\n").count == 4, "\(imported.stdout)")
        #expect(imported.stderr.contains("5 submissions read from queue.jsonl: 5 added, 0 already in the database; 4 problems"), "\(imported.stderr)")
        let again = try workspace.runner.run(["db", "import", "queue.jsonl", "--database", database.conninfo])
        #expect(again.status == 1 && again.stdout == check.stdout)
        #expect(again.stderr.contains("0 added, 5 already in the database"), "\(again.stderr)")
        // Every stored line is the file's line, byte for byte.
        let connection = try database.connect()
        let fileLines = Set(workspace.lines("queue.jsonl"))
        let stored = try connection.execute("SELECT line FROM objection_desk.submissions").column0.compactMap { $0 }
        #expect(stored.count == 5 && stored.allSatisfy { fileLines.contains($0) })
        // A clean file exits 0.
        workspace.write("clean.jsonl", Workspace.sampleQueue)
        let clean = try workspace.runner.run(["db", "import", "clean.jsonl", "--database", database.conninfo])
        #expect(clean.status == 0 && clean.stdout.isEmpty, "\(clean.stdout)\(clean.stderr)")
    }

    @Test func aMovedLogExportsByteForByteAndVerifiesOffline() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let runner = workspace.runner
        #expect(try runner.run(["decide", "accept", "s1", "s2"]).status == 0)
        #expect(try runner.run(["decide", "reject", "s3", "--reason", "nul \u{0}? no: a \"quoted\" \\ reason é 中文"]).status == 0)
        #expect(try runner.run(["decide", "reopen", "s3", "--reason", "second look", "--yes"]).status == 0)
        #expect(try runner.run(["db", "init", "--database", database.conninfo]).status == 0)
        let moved = try runner.run(["db", "import-log", "decisions.jsonl", "--database", database.conninfo])
        #expect(moved.status == 0, "\(moved.stderr)")
        let verify = try runner.run(["verify"])
        let head = try #require(verify.stdout.split(separator: "\n").first { $0.hasPrefix("head: ") }?.split(separator: " ")[1])
        #expect(moved.stdout.contains("4 records; 4 added, 0 already in the database"), "\(moved.stdout)")
        #expect(moved.stdout.contains("head: \(head)"), "\(moved.stdout) vs \(verify.stdout)")
        let again = try runner.run(["db", "import-log", "decisions.jsonl", "--database", database.conninfo])
        #expect(again.status == 0 && again.stdout.contains("0 added, 4 already"), "\(again.stdout)")

        let exported = try runner.run(["db", "export-log", "--database", database.conninfo])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout == workspace.read("decisions.jsonl"))
        workspace.write("exported.jsonl", exported.stdout)
        let offline = try runner.run(["verify", "--decisions", "exported.jsonl", "--head", String(head)])
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.stdout.contains("4 records, chain intact"))
    }

    @Test func aBrokenLogIsNotImported() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        for id in ["s1", "s2", "s3"] { #expect(try workspace.runner.run(["decide", "accept", id]).status == 0) }
        var lines = workspace.lines("decisions.jsonl")
        lines[1] = lines[1].replacingOccurrences(of: "accepted", with: "rejected\",\"reason\":\"edited")
        workspace.write("decisions.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(try workspace.runner.run(["db", "init", "--database", database.conninfo]).status == 0)
        let outcome = try workspace.runner.run(["db", "import-log", "decisions.jsonl", "--database", database.conninfo])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.hasPrefix("decisions.jsonl:3: \"prev\" does not match"), "\(outcome.stdout)")
        #expect(outcome.stderr.contains("nothing imported"))
        #expect(try database.connect().execute("SELECT count(*) FROM objection_desk.decisions").scalar == "0")
    }

    @Test func aPasswordNeverReachesTheOutput() throws {
        let secret = "Tr0ub4dor-and-3"
        let port = DatabaseScratch.environment["PGPORT"] ?? "5432"
        let workspace = Workspace()
        for conninfo in ["postgresql://nobody:\(secret)@127.0.0.1:\(port)/x", "host=127.0.0.1 port=\(port) user=nobody password=\(secret) dbname",
                         "postgresql://nobody:\(secret)@127.0.0.1:1/x"] {
            let outcome = try workspace.runner.run(["db", "init", "--database", conninfo])
            #expect(outcome.status == 2)
            #expect(!(outcome.stdout + outcome.stderr).contains(secret), "\(outcome.stderr)")
            if !conninfo.hasSuffix("dbname") { #expect(outcome.stderr.contains("keep it in ~/.pgpass"), "\(outcome.stderr)") }
        }
        var runner = workspace.runner
        runner.environment["PGPASSWORD"] = secret
        let fromEnvironment = try runner.run(["db", "init", "--database", "host=127.0.0.1 port=\(port) user=nobody dbname=x"])
        #expect(fromEnvironment.status == 2)
        #expect(fromEnvironment.stderr.contains("password authentication failed"), "\(fromEnvironment.stderr)")
        #expect(!fromEnvironment.stderr.contains(secret))
    }
}
