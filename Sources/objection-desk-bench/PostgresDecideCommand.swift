import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import Foundation

/// The decision transaction's cost: one bulk, and single decisions one after another.
struct PostgresDecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg-decide",
        abstract: "Time DecisionTransaction: a bulk of N decisions, and single-decision commits (p50/p99).",
        discussion: """
            Needs a PostgreSQL server in libpq's environment on which it may create and drop a
            database; scripts/with-pg.sh starts one:
              scripts/with-pg.sh .build/release/objection-desk-bench pg-decide --bulk 100000
            The database gets --submissions rows (generated in SQL), then one bulk of --bulk
            decisions (locks, expected-latest check, encoding, COPY, the server's chain check,
            commit), then --singles decisions one transaction each. The issue asks a bulk of
            100,000 ≤ 3 s and a single commit p99 ≤ 20 ms.
            """)

    @Option(help: "Submissions in the database.")
    var submissions = 200_000

    @Option(help: "Decisions in the bulk.")
    var bulk = 100_000

    @Option(help: "Single-decision transactions to time.")
    var singles = 300

    func run() throws {
        let admin = try PostgresConnection("", settings: .init(statementTimeoutMilliseconds: 0, applicationName: "objection-desk-bench"))
        let name = "odb_decide_\(getpid())"
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name)")
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let connection = try PostgresConnection("dbname=\(name)", settings: .init(statementTimeoutMilliseconds: 0))
        try DeskSchema.migrate(connection)
        try connection.execute("""
            INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email)
            SELECT 'obj-' || lpad(n::text, 7, '0'), '{}', timestamptz '2026-01-01' + n * interval '1 second', 'FR', 'a@example.org'
            FROM generate_series(1, $1::integer) n
            """, [String(submissions)])
        try connection.execute("VACUUM ANALYZE objection_desk.submissions")
        print("server \(connection.serverVersion), \(submissions) submissions, cores: \(ProcessInfoCores.count)")

        let ids = (1...max(bulk, 1)).map { "obj-" + String(repeating: "0", count: max(0, 7 - String($0).count)) + String($0) }
        let decisions = ids.map {
            Decision(submissionID: $0, kind: .rejected, reviewer: "ana", osUser: "asmith", decidedAt: 1_790_000_000_000,
                     reason: "not the account holder", reasonCode: "not_account_holder")
        }
        let clock = ContinuousClock()
        // The client's share: encoding and linking the records, as the transaction does.
        let encodeTime = clock.measure {
            var link = SHA256Digest.zeroHex
            var bytes = 0
            for var decision in decisions {
                decision.batch = BatchMark(id: "0123456789abcdef", size: decisions.count)
                decision.prev = link
                let line = decision.encodedLine().dropLast()
                link = line.withUnsafeBytes { SHA256Digest.hex($0) }
                bytes += line.count
            }
            _ = bytes
        }
        var outcome: DecisionTransaction.Outcome?
        let bulkTime = try clock.measure {
            outcome = try DecisionTransaction.append(connection, decisions, expecting: Dictionary(uniqueKeysWithValues: ids.map { ($0, Int64(0)) }))
        }
        print(String(format: "bulk of %d decisions: %.2f s (%d written, %d refused) [must ≤ 3 s]; of which encoding and linking on the client: %.2f s",
                     bulk, Self.seconds(bulkTime), outcome?.written.count ?? 0, outcome?.refused.count ?? 0, Self.seconds(encodeTime)))

        var latencies: [Double] = []
        for index in 0..<singles {
            let id = "obj-" + String(format: "%07d", bulk + 1 + index % max(1, submissions - bulk))
            let decision = Decision(submissionID: id, kind: .accepted, reviewer: "ana", osUser: "asmith", decidedAt: 1_790_000_000_000)
            let elapsed = try clock.measure { _ = try DecisionTransaction.append(connection, [decision], expecting: [:]) }
            latencies.append(Self.seconds(elapsed) * 1_000)
        }
        latencies.sort()
        if !latencies.isEmpty {
            let p50 = latencies[latencies.count / 2]
            let p99 = latencies[min(latencies.count - 1, Int((Double(latencies.count) * 0.99).rounded(.up)) - 1)]
            print(String(format: "single decisions (%d): p50 %.1f ms, p99 %.1f ms, max %.1f ms [p99 must ≤ 20 ms]", singles, p50, p99, latencies.last!))
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
