import Foundation
import Testing

/// Every read command gives the same output on a file desk and a database desk fed the same queue
/// and decisions (issue 17, "Behaviour that must match the file store"): one imported dataset per
/// test, every command run on both.
@Suite("File desk and database desk: same output", .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote))
struct DatabaseComparisonTests {
    /// The commands compared, with the filters and sorts that take different paths.
    static let commands: [[String]] = [
        ["list", "--format", "jsonl"],
        ["list", "--format", "jsonl", "--sort", "country"],
        ["list", "--format", "jsonl", "--sort", "-status"],
        ["list", "--format", "jsonl", "--sort", "due"],
        ["list", "--format", "jsonl", "--filter", "status:pending country:eu"],
        ["list", "--format", "jsonl", "--filter", "status:decided reviewer:ben"],
        ["list", "--format", "jsonl", "--filter", "extended:yes"],
        ["list", "--format", "jsonl", "--filter", "flag:repeat -verified:no", "--sort", "email"],
        ["list", "--format", "jsonl", "--filter", "cluster>=2"],
        ["list"],
        ["list", "--filter", "overdue:yes", "--limit", "20"],
        ["stats"],
        ["report"],
        ["report", "--format", "jsonl"],
        ["report", "--format", "csv"],
        ["report", "--by", "country", "--format", "csv"],
        ["report", "--by", "day"],
        ["report", "--by", "reviewer", "--format", "jsonl"],
        ["export", "--format", "jsonl"],
        ["export", "--format", "csv"],
        ["export", "--format", "csv", "--filter", "status:decided"],
        ["clusters"],
        ["clusters", "--format", "jsonl"],
        ["clusters", "--format", "csv", "--min-size", "3"],
        ["replies"],
        ["replies", "--format", "mbox"],
        ["check"],
    ]

    @Test func theBundledSampleWithDecisionsFromBothStores() throws {
        let pair = try DeskPair.sample()
        for command in Self.commands { try pair.expectSameOutput(command) }
    }

    @Test func aGeneratedQueueWithItsDecisionLog() throws {
        let pair = try DeskPair.generated()
        for command in Self.commands { try pair.expectSameOutput(command) }
    }

    /// A justification with `\u0000` reads back as the file store reads it, in every output.
    @Test func aNulEscapeRoundTrips() throws {
        let pair = try DeskPair.sample()
        for format in ["jsonl", "csv"] {
            let filter = ["--filter", "id:nul-1"]
            let files = try pair.runner.run(["export", "--format", format] + filter + pair.fileArguments)
            let database = try pair.runner.run(["export", "--format", format] + filter + pair.databaseArguments)
            #expect(files.status == 0 && database.status == 0, "\(database.stderr)")
            #expect(files.stdout.contains("nul-1"), "\(files.stdout)")
            #expect(DbUser.strip(database.stdout) == files.stdout)
        }
        for format in ["jsonl", "table"] {
            let files = try pair.runner.run(["list", "--format", format, "--filter", "id:nul-1"] + pair.fileArguments)
            let database = try pair.runner.run(["list", "--format", format, "--filter", "id:nul-1"] + pair.databaseArguments)
            #expect(DbUser.strip(database.stdout) == files.stdout && files.status == 0, "\(files.stdout) vs \(database.stdout)")
        }
        let list = try pair.runner.run(["list", "--format", "jsonl", "--filter", "id:nul-1"] + pair.databaseArguments)
        #expect(list.stdout.contains(#""justification":"before \u0000 after \\u0000 literal \"q\"""#), "\(list.stdout)")
        // The stored line is the file's line, byte for byte.
        let stored = try pair.database.connect().execute("SELECT line FROM objection_desk.submissions WHERE id = 'nul-1'").scalar
        #expect(stored == DeskPair.nulSubmission)
    }

    /// `verify --database` and the exported log verified offline say the same: records, head.
    @Test func verifyOnTheDatabaseAgreesWithTheExportedLogVerifiedOffline() throws {
        let pair = try DeskPair.sample()
        let online = try pair.runner.run(["verify"] + pair.databaseArguments)
        #expect(online.status == 0, "\(online.stderr)")
        let exported = try pair.runner.run(["db", "export-log"] + pair.databaseArguments)
        let offline = try pair.runner.run(["verify", "--decisions", "-"], stdin: exported.stdout)
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        let summary = { (text: String) in text.split(separator: "\n").map { line in
            line.hasPrefix("head: ") ? String(line) : String(line.split(separator: ":").last ?? "") } }
        #expect(summary(online.stdout) == summary(offline.stdout), "\(online.stdout) vs \(offline.stdout)")
        let head = try #require(online.stdout.split(separator: "\n").first { $0.hasPrefix("head: ") }?.split(separator: " ")[1])
        let confirmed = try pair.runner.run(["verify", "--decisions", "-", "--head", String(head)], stdin: exported.stdout)
        #expect(confirmed.status == 0 && confirmed.stdout.contains("is the record at line"), "\(confirmed.stdout)\(confirmed.stderr)")
    }
}

/// `--database` beside file options, and passwords, on the desk commands (not only `db`).
@Suite("Database desk: refusals and secrets", .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote))
struct DatabaseDeskRefusalTests {
    static let commands: [[String]] = [
        ["list"], ["stats"], ["report"], ["export"], ["clusters"], ["replies"], ["check"], ["verify"], ["claims"],
        ["decide", "accept", "s1", "--yes"], ["review"],
    ]

    @Test func fileOptionsWithADatabaseAreRefused() throws {
        let workspace = Workspace()
        workspace.write("queue.jsonl", Workspace.sampleQueue)
        for command in Self.commands {
            for files in [["--queue", "queue.jsonl"], ["--decisions", "d.jsonl"]] {
                let outcome = try workspace.runner.run(command + files + ["--database", "dbname=never_connected"])
                #expect(outcome.status == 2, "\(command) \(files): exit \(outcome.status): \(outcome.stderr)")
                #expect(outcome.stderr.contains("--queue and --decisions name files"), "\(command): \(outcome.stderr)")
            }
            var runner = workspace.runner
            runner.environment["OBJECTION_DESK_DATABASE"] = "dbname=never_connected"
            let fromEnvironment = try runner.run(command + ["--queue", "queue.jsonl"])
            #expect(fromEnvironment.status == 2 && fromEnvironment.stderr.contains("OBJECTION_DESK_DATABASE"), "\(command): \(fromEnvironment.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.file("d.jsonl")), "nothing was written to the files")
    }

    @Test func aWrongPasswordNeverReachesTheOutput() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        let secret = "Wr0ng-pa55word-\(UInt16.random(in: 1000...9999))"
        let port = DatabaseScratch.environment["PGPORT"] ?? "5432"
        let user = DatabaseScratch.environment["PGUSER"] ?? "postgres"
        #expect(try workspace.runner.run(["db", "init", "--database", database.conninfo]).status == 0)
        for conninfo in ["postgresql://\(user):\(secret)@127.0.0.1:\(port)/\(database.name)",
                         "host=127.0.0.1 port=\(port) user=\(user) password=\(secret) dbname=\(database.name)"] {
            for command in Self.commands {
                let outcome = try workspace.runner.run(command + ["--database", conninfo])
                #expect(outcome.status == 2, "\(command): exit \(outcome.status)")
                #expect(!(outcome.stdout + outcome.stderr).contains(secret), "\(command): \(outcome.stderr)")
                // The screen asks for a terminal before it connects; every other command connects.
                if command != ["review"] { #expect(outcome.stderr.contains("password"), "\(command): \(outcome.stderr)") }
            }
        }
    }
}
