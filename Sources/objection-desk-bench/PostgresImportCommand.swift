import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import DeskSampleData
import Foundation

/// `db import` of a synthetic queue against `psql \copy` of the same rows into the same table.
struct PostgresImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg-import",
        abstract: "Time `objection-desk db import` of a synthetic queue against psql's \\copy of the same rows.",
        discussion: """
            Needs a PostgreSQL server in libpq's environment (PGHOST, PGPORT, PGUSER) on which it may
            create and drop databases; scripts/with-pg.sh starts one:
              swift build -c release
              scripts/with-pg.sh .build/release/objection-desk-bench pg-import --count 1000000
            Each run imports into a fresh database with the desk's schema: the release
            objection-desk binary (whole process: read and validate the file, COPY into staging,
            INSERT … ON CONFLICT), then psql \\copy of the same rows (taken back out of the first
            database) into a second one's submissions table. The issue asks db import ≤ 1.5× \\copy.
            """)

    @Option(help: "Submissions in the synthetic queue.")
    var count = 1_000_000

    @Option(help: ArgumentHelp("Directory for the generated files (default: a new temporary one, removed after).", valueName: "path"))
    var directory: String?

    @Option(help: "Runs (the median and min–max are printed).")
    var runs = 3

    func run() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("objection-desk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no objection-desk binary beside this one (\(binary)): swift build -c release first")
        }
        let psql = ["/usr/bin/psql", (ProcessInfo.processInfo.environment["PGBIN"] ?? "") + "/psql"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let psql else { throw ValidationError("psql not found (apt-get install postgresql-client)") }
        let folder = directory ?? (NSTemporaryDirectory() + "objection-desk-pg-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let queuePath = folder + "/submissions-\(count).jsonl"
        if !FileManager.default.fileExists(atPath: queuePath) {
            print("generating \(count) submissions in \(folder) …")
            _ = try SyntheticQueueWriter(seed: 1).write(count: count, queueTo: queuePath, decisionsTo: nil, decidedFraction: 0)
        }
        let admin = try PostgresConnection("", settings: .init(statementTimeoutMilliseconds: 0, applicationName: "objection-desk-bench"))
        let rowsPath = folder + "/submissions-\(count).copy"
        let columns = "id, line, submitted_at, country, email, email_verified, platform, locale"
        print("queue: \(Measurements.megabytes(Self.size(queuePath))), server \(admin.serverVersion), cores: \(ProcessInfoCores.count)")

        var imports: [Double] = []
        var copies: [Double] = []
        for run in 0..<max(runs, 1) {
            let importDatabase = try Self.freshDatabase(admin, "odb_import_\(getpid())_\(run)")
            let copyDatabase = try Self.freshDatabase(admin, "odb_copy_\(getpid())_\(run)")
            defer {
                for name in [importDatabase, copyDatabase] { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            }
            guard let imported = ProcessMeasurements.spawn([binary, "db", "import", queuePath, "--database", "dbname=\(importDatabase)"], environment: [:]),
                  imported.status == 0 else {
                throw ValidationError("db import failed")
            }
            imports.append(imported.seconds)
            if !FileManager.default.fileExists(atPath: rowsPath) {
                // The same rows, as COPY's text format: what \copy reads.
                let source = try PostgresConnection("dbname=\(importDatabase)", settings: .init(statementTimeoutMilliseconds: 0))
                _ = FileManager.default.createFile(atPath: rowsPath, contents: nil)
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: rowsPath))
                var block: [UInt8] = []
                try source.copyOut("COPY (SELECT \(columns) FROM objection_desk.submissions) TO STDOUT") { row in
                    block += row
                    if block.count > 1 << 20 {
                        try handle.write(contentsOf: block)
                        block.removeAll(keepingCapacity: true)
                    }
                }
                try handle.write(contentsOf: block)
                try handle.close()
            }
            guard let copied = ProcessMeasurements.spawn([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", copyDatabase,
                                                          "-c", "\\copy objection_desk.submissions (\(columns)) FROM '\(rowsPath)'"], environment: [:]),
                  copied.status == 0 else {
                throw ValidationError("psql \\copy failed")
            }
            copies.append(copied.seconds)
            let rows = try PostgresConnection("dbname=\(copyDatabase)").execute("SELECT count(*) FROM objection_desk.submissions").scalar ?? "?"
            print(String(format: "run %d: db import %.2f s, psql \\copy %.2f s (%@ rows)", run + 1, imported.seconds, copied.seconds, rows))
        }
        let importMedian = Self.median(imports)
        let copyMedian = Self.median(copies)
        print(String(format: "db import of %d submissions: %.2f s median [%.2f–%.2f]", count, importMedian, imports.min()!, imports.max()!))
        print(String(format: "psql \\copy of the same rows:   %.2f s median [%.2f–%.2f]", copyMedian, copies.min()!, copies.max()!))
        let ratio = importMedian / copyMedian
        print(String(format: "ratio: %.2f× (must ≤ 1.5×: %@)", ratio, ratio <= 1.5 ? "ok" : "OVER"))
    }

    private static func freshDatabase(_ admin: PostgresConnection, _ name: String) throws -> String {
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name)")
        try DeskSchema.migrate(PostgresConnection("dbname=\(name)"))
        return name
    }

    private static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
