import DeskCore
import DeskPostgres
import DeskStore
import Foundation

/// Decision commits through each store's `append(prepare:)`, what `decide` and the screen call:
/// single decisions one after another (p50/p99), then bulks. Before each timed append the store
/// has read what came before (untimed), as an open screen would have.
struct PostgresCommitMeasurement {
    let connection: PostgresConnection
    let conninfo: String
    let cache: String
    let logPath: String
    let singles: Int
    let bulk: Int
    let bulkRuns: Int

    func run() throws {
        let fileStore = try DecisionLog(path: logPath)
        _ = try fileStore.readChanges()
        let mirror = try DatabaseMirror(connection: SharedConnection(try PostgresConnection(conninfo)), cacheHome: cache)
        let databaseStore = try DatabaseDecisionStore(mirror: mirror)
        _ = try databaseStore.readChanges()
        // Submissions in queue order: singles from the start, bulks after them, none twice.
        let ids = try connection.execute("SELECT id FROM objection_desk.submissions ORDER BY ord LIMIT $1",
                                         [String(singles + bulk * bulkRuns)]).column0.compactMap { $0 }
        guard ids.count == singles + bulk * bulkRuns else {
            print("  (commits not measured: the queue has fewer than \(singles + bulk * bulkRuns) submissions)")
            return
        }

        var fileTimes: [Double] = []
        var databaseTimes: [Double] = []
        for id in ids.prefix(singles) {
            let decision = Self.decision(id, .accepted)
            fileTimes.append(try Self.timedAppend(fileStore, [decision]))
            databaseTimes.append(try Self.timedAppend(databaseStore, [decision]))
        }
        for (name, fraction, must) in [("single decision commit, p50", 0.5, nil), ("single decision commit, p99", 0.99, 0.020 as Double?)] {
            let file = Measurements.percentile(fileTimes.sorted(), fraction)
            let database = Measurements.percentile(databaseTimes.sorted(), fraction)
            var text = "  " + name.padding(toLength: 52, withPad: " ", startingAt: 0)
            text += "files " + Measurements.milliseconds(file).padding(toLength: 30, withPad: " ", startingAt: 0)
            text += "database " + Measurements.milliseconds(database).padding(toLength: 30, withPad: " ", startingAt: 0)
            text += String(format: "%.2f×", database / file)
            if let must { text += database <= must ? "  [ok: must ≤ 20 ms]" : "  [OVER: must ≤ 20 ms]" }
            print(text)
        }
        print("    (\(singles) commits each, one after another; max: files \(Measurements.milliseconds(fileTimes.max() ?? 0)), database \(Measurements.milliseconds(databaseTimes.max() ?? 0)))")

        var fileBulks: [Double] = []
        var databaseBulks: [Double] = []
        var phases: [String] = []
        for run in 0..<bulkRuns {
            let slice = ids[(singles + run * bulk)..<(singles + (run + 1) * bulk)].map { Self.decision($0, .rejected) }
            fileBulks.append(try Self.timedAppend(fileStore, slice))
            databaseBulks.append(try Self.timedAppend(databaseStore, slice))
            phases.append(databaseStore.lastAppendPhases.map { String(format: "%@ %.2f", $0.phase, $0.seconds) }.joined(separator: ", "))
        }
        PostgresCompareCommand.compare("bulk of \(bulk) decisions", files: fileBulks, database: databaseBulks, must: nil, failed: [])
        let bulkMedian = PostgresCompareCommand.median(databaseBulks)
        if bulk == 100_000 { print("    [database bulk of 100,000: \(bulkMedian <= 3 ? "ok" : "OVER") (must ≤ 3 s)]") }
        let total = try connection.execute("SELECT count(*) FROM objection_desk.decisions").scalar ?? "?"
        print("    (\(bulkRuns) bulks each, on a log growing to \(total) records; the database's, in seconds:)")
        for line in phases { print("      " + line) }
    }

    static func decision(_ id: String, _ kind: DecisionKind) -> Decision {
        Decision(submissionID: id, kind: kind, reviewer: "bench", osUser: "bench", decidedAt: WallClock.now(),
                 reason: kind.requiresReason ? "not the account holder" : nil, reasonCode: kind.requiresReason ? "not_account_holder" : nil)
    }

    /// Seconds of one `append` of `decisions`, after the store has read what came before.
    static func timedAppend(_ store: some DecisionStore, _ decisions: [Decision]) throws -> Double {
        _ = try store.readChanges()
        var written = 0
        let seconds = try Measurements.seconds { written = try store.append { _ in decisions }.written }
        guard written == decisions.count else { throw StoreError.io(operation: "append to \(store.location): \(written) of \(decisions.count) written", errno: 0) }
        return seconds
    }
}
