import ArgumentParser
import DeskCore
import DeskPostgres
import DeskSampleData
import Foundation

/// The file store and PostgreSQL side by side, on the same data, in one run: what issue 17's
/// speed musts compare.
struct PostgresCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg-compare",
        abstract: "Files against PostgreSQL on the same data: stats, the screen's first rows, decision commits.",
        discussion: """
            Needs a PostgreSQL server in libpq's environment on which it may create and drop a
            database; scripts/with-pg.sh starts a throw-away one:
              swift build -c release
              scripts/with-pg.sh .build/release/objection-desk-bench pg-compare
            One run: generates the queue (--count submissions) and its decision log (342,686
            records for 1,000,000), loads them into a file desk and a database desk (db init,
            db import, db import-log), then times, as whole processes from exec to exit (median
            [min–max] of --runs): stats on files and with --database (warm, and first run after
            the local copy is deleted), the review screen's first rows in tmux on both; then, in
            this process, single-decision commits (p50/p99 of --singles) and bulks of --bulk
            through each store's append. The children's cache (derived files, the database's
            local copy) is a directory of this run (XDG_CACHE_HOME). Issue 17 asks: stats and
            the screen ≤ 2× files, a single commit p99 ≤ 20 ms, a bulk of 100,000 ≤ 3 s.
            """)

    @Option(help: "Submissions in the synthetic queue.")
    var count = 1_000_000

    @Option(help: ArgumentHelp("Directory for the generated files (default: a new temporary one, removed after).", valueName: "path"))
    var directory: String?

    @Option(help: "Runs per whole-process figure.")
    var runs = 5

    @Option(help: "Single-decision commits per store.")
    var singles = 300

    @Option(help: "Decisions per bulk.")
    var bulk = 100_000

    @Option(help: "Bulks per store.")
    var bulkRuns = 3

    @Flag(help: "Only the commits (no whole-process figures).")
    var commitsOnly = false

    func run() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("objection-desk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no objection-desk binary beside this one (\(binary)): swift build -c release first")
        }
        let folder = directory ?? (NSTemporaryDirectory() + "objection-desk-pg-compare-\(getpid())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let queuePath = folder + "/submissions.jsonl"
        let generatedLog = folder + "/decisions.jsonl"
        if !FileManager.default.fileExists(atPath: queuePath) || !FileManager.default.fileExists(atPath: generatedLog) {
            print("generating \(count) submissions and their decisions in \(folder) …")
            _ = try SyntheticQueueWriter(seed: 1).write(count: count, queueTo: queuePath, decisionsTo: generatedLog, decidedFraction: 0.3)
        }
        // The run appends to its own copy; the cache is the run's own too.
        let logPath = folder + "/decisions-run.jsonl"
        try? FileManager.default.removeItem(atPath: logPath)
        try FileManager.default.copyItem(atPath: generatedLog, toPath: logPath)
        let cache = folder + "/cache"
        try? FileManager.default.removeItem(atPath: cache)
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let environment = ["XDG_CACHE_HOME": cache]

        let admin = try PostgresConnection("", settings: .init(statementTimeoutMilliseconds: 0, applicationName: "objection-desk-bench"))
        let name = "odb_compare_\(getpid())"
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name)")
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let conninfo = "dbname=\(name)"
        print("queue \(Measurements.megabytes(Self.size(queuePath))), decision log \(Measurements.megabytes(Self.size(generatedLog))); server \(admin.serverVersion); cores: \(ProcessInfoCores.count)")

        // Loading the database desk (one run each; `pg-import` compares db import with \copy).
        for (label, arguments) in [("db init", ["db", "init"]), ("db import (the queue)", ["db", "import", queuePath]),
                                   ("db import-log (the decisions)", ["db", "import-log", generatedLog])] {
            guard let run = ProcessMeasurements.spawn([binary] + arguments + ["--database", conninfo], environment: environment), run.status == 0 else {
                throw ValidationError("objection-desk \(arguments.joined(separator: " ")) failed")
            }
            print(String(format: "  %@: %.2f s", label, run.seconds))
        }
        let connection = try PostgresConnection(conninfo, settings: .init(statementTimeoutMilliseconds: 0, applicationName: "objection-desk-bench"))
        try connection.execute("VACUUM ANALYZE")
        let loaded = try connection.execute("SELECT (SELECT count(*) FROM objection_desk.submissions), (SELECT count(*) FROM objection_desk.decisions)")
        print("  in the database: \(loaded.string(0, 0) ?? "?") submissions, \(loaded.string(0, 1) ?? "?") decisions")
        let deskID = try connection.execute("SELECT id::text FROM objection_desk.desk_identity").scalar ?? ""
        let mirrorDirectory = cache + "/objection-desk/db-" + deskID

        if !commitsOnly { try measureProcesses(binary: binary, queuePath: queuePath, logPath: logPath, conninfo: conninfo,
                                               environment: environment, mirrorDirectory: mirrorDirectory) }
        print("\nin this process: each store's append (what `decide` and the screen call), the log growing:")
        try PostgresCommitMeasurement(connection: connection, conninfo: conninfo, cache: cache, logPath: logPath, singles: singles, bulk: bulk, bulkRuns: bulkRuns).run()
    }

    private func measureProcesses(binary: String, queuePath: String, logPath: String, conninfo: String, environment: [String: String],
                                  mirrorDirectory: String) throws {
        print("\nwhole process (\(binary), median [min–max] of \(runs) runs; database/files):")
        let files = ["--queue", queuePath, "--decisions", logPath]
        let database = ["--database", conninfo]
        let stats = [binary, "stats"]
        _ = ProcessMeasurements.measure(stats + files, runs: 1, environment: environment)  // writes the derived files
        _ = ProcessMeasurements.measure(stats + database, runs: 1, environment: environment)  // makes the local copy
        let fileStats = ProcessMeasurements.measure(stats + files, runs: runs, environment: environment)
        let databaseStats = ProcessMeasurements.measure(stats + database, runs: runs, environment: environment)
        Self.compare("stats", files: fileStats.map(\.seconds), database: databaseStats.map(\.seconds), must: 2, failed: fileStats + databaseStats)
        let coldStats = ProcessMeasurements.measure(stats + database, runs: max(3, runs / 2), environment: environment) {
            try? FileManager.default.removeItem(atPath: mirrorDirectory)
        }
        Self.compare("stats, first run after the local copy is deleted", files: fileStats.map(\.seconds), database: coldStats.map(\.seconds),
                     must: nil, failed: coldStats)
        _ = ProcessMeasurements.measure(stats + database, runs: 1, environment: environment)
        let fileScreen = (0..<runs).compactMap { _ in FirstPaintMeasurement.run(arguments: files, environment: environment) }
        let databaseScreen = (0..<runs).compactMap { _ in FirstPaintMeasurement.run(arguments: database, environment: environment) }
        if fileScreen.isEmpty || databaseScreen.isEmpty {
            print("  (review screen not measured: needs tmux)")
        } else {
            Self.compare("review screen: first rows (tmux 80x24)", files: fileScreen.map(\.firstRows), database: databaseScreen.map(\.firstRows), must: 2, failed: [])
        }
    }

    /// One line: the two medians with min–max, the ratio, and the must when there is one.
    static func compare(_ name: String, files: [Double], database: [Double], must: Double?, failed: [ProcessMeasurements.Run],
                        unit: (Double) -> String = { Measurements.milliseconds($0) }) {
        guard !files.isEmpty, !database.isEmpty else { return }
        func figure(_ values: [Double]) -> String {
            let sorted = values.sorted()
            return "\(unit(sorted[sorted.count / 2])) [\(unit(sorted.first!))–\(unit(sorted.last!))]"
        }
        let ratio = median(database) / median(files)
        var text = "  " + name.padding(toLength: 52, withPad: " ", startingAt: 0)
        text += "files " + figure(files).padding(toLength: 30, withPad: " ", startingAt: 0)
        text += "database " + figure(database).padding(toLength: 30, withPad: " ", startingAt: 0)
        text += String(format: "%.2f×", ratio)
        if let must { text += ratio <= must ? "  [ok: must ≤ \(Int(must))×]" : "  [OVER: must ≤ \(Int(must))×]" }
        if failed.contains(where: { $0.status != 0 }) { text += "  (FAILED: exit \(failed.map(\.status).max()!))" }
        print(text)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    private static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
