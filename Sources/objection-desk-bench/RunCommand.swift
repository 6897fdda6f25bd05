import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskSampleData
import Foundation

/// Generates a synthetic queue and measures the core against the targets in README.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Measure load, filters, sorts, appends and memory on a synthetic queue.",
        discussion: "Build in release mode first: swift run -c release objection-desk-bench run")

    @Option(help: "Submissions in the synthetic queue.")
    var count = 1_000_000

    @Option(help: ArgumentHelp("Directory for the generated files (default: a new temporary one).", valueName: "path"))
    var directory: String?

    @Flag(help: "Keep the generated files.")
    var keep = false

    @Option(help: "Runs per whole-process figure (median and min–max are printed).")
    var runs = 7

    @Flag(help: "Only the whole-process figures (the release binary, timed from exec to exit).")
    var processOnly = false

    func run() throws {
        let folder = directory ?? (NSTemporaryDirectory() + "objection-desk-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let queuePath = folder + "/submissions.jsonl"
        let decisionsPath = folder + "/decisions.jsonl"
        defer { if !keep && directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        if !FileManager.default.fileExists(atPath: queuePath) {
            print("generating \(count) submissions in \(folder) …")
            _ = try SyntheticQueueWriter(seed: 1).write(count: count, queueTo: queuePath, decisionsTo: decisionsPath, decidedFraction: 0.3)
        }
        // Measure on a copy of the log so repeated runs start from the same file.
        let logPath = folder + "/decisions-run.jsonl"
        try? FileManager.default.removeItem(atPath: logPath)
        try FileManager.default.copyItem(atPath: decisionsPath, toPath: logPath)
        let queueBytes = (try FileManager.default.attributesOfItem(atPath: queuePath)[.size] as? Int) ?? 0
        let logBytes = (try FileManager.default.attributesOfItem(atPath: decisionsPath)[.size] as? Int) ?? 0
        print("queue: \(Measurements.megabytes(queueBytes)), decision log: \(Measurements.megabytes(logBytes)) (file cache warm)")
        print("cores: \(ProcessInfoCores.count)\n")

        ProcessMeasurements.run(queuePath: queuePath, decisionsPath: decisionsPath, runs: runs)
        if processOnly { return }

        // The parts of the load, separately, to see where time goes.
        var parsed: QueueFile?
        let queueOnly = try Measurements.seconds { parsed = try QueueFile(path: queuePath, index: .disabled) }
        let foldTime = Measurements.seconds { _ = parsed?.table.foldedText() }
        parsed = nil
        DerivedFiles.waitForPendingWrites()
        let fromIndex = Measurements.median(runs: 3) { _ = try? QueueFile(path: queuePath) }
        var batch: DecisionLog.ReadResult?
        let logOnly = try Measurements.seconds { batch = try DecisionLog(path: logPath).readNew() }
        report("  queue, every line (no index)", Measurements.milliseconds(queueOnly), "parse, ids, requesters")
        report("  queue from its index", Measurements.milliseconds(fromIndex), "median of 3")
        report("  fold search text (first text filter)", Measurements.milliseconds(foldTime), "read back, scan, fold")
        report("  decision log only (parse)", Measurements.milliseconds(logOnly), "\(batch?.decisions.count ?? 0) decisions")
        batch = nil

        Measurements.resetPeakResident()
        let baseline = Measurements.peakResidentBytes()
        var loaded: Desk?
        let loadTime = try Measurements.seconds { loaded = try Desk(queuePath: queuePath, decisionsPath: logPath) }
        let desk = loaded!
        let peak = Measurements.peakResidentBytes()
        report("load + fold (queue from its index)", Measurements.milliseconds(loadTime),
               "\(desk.table.count) submissions, \(desk.ledger.entries.count) decisions, \(desk.problems.count) problems", must: 1.5, aim: 0.5, value: loadTime)
        report("peak RSS after load", Measurements.megabytes(peak),
               String(format: "%.2f× the queue file (baseline %@)", Double(peak) / Double(max(queueBytes, 1)), Measurements.megabytes(baseline)),
               must: 1.5, value: Double(peak) / Double(max(queueBytes, 1)))

        let textTime = Measurements.seconds { _ = desk.foldedText() }
        report("fold search text after load", Measurements.milliseconds(textTime), "what the review screen starts after its first paint")

        let structured = try FilterParser.parse("country:FR verified:yes")
        var matched = 0
        let structuredTime = Measurements.median(runs: 5) { matched = desk.rows(matching: structured, now: WallClock.now()).count }
        report("filter country:FR verified:yes", Measurements.milliseconds(structuredTime), "\(matched) rows", must: 0.050, value: structuredTime)

        for text in ["donnees", "\"right to object\"", "zzzzqx"] {
            let expression = try FilterParser.parse(text)
            let time = Measurements.median(runs: 5) { matched = desk.rows(matching: expression, now: WallClock.now()).count }
            report("free-text filter \(text)", Measurements.milliseconds(time), "\(matched) rows", must: 0.200, value: time)
        }

        let all = FilterEvaluator(table: desk.table, ledger: desk.ledger, now: WallClock.now()).matches(.matchAll).rows
        for key in [SortKey.submitted, .country, .email] {
            let time = Measurements.median(runs: 3) {
                _ = RowSorter(table: desk.table, ledger: desk.ledger).sorted(all, by: SortSpec(key: key))
            }
            report("sort all by \(key.rawValue)", Measurements.milliseconds(time), "\(all.count) rows")
        }

        var latencies: [Double] = []
        for index in 0..<500 {
            let decision = Decision(submissionID: desk.table.id(index), kind: .accepted, reviewer: "bench", osUser: OSUser.current, decidedAt: WallClock.now())
            latencies.append(try Measurements.seconds { try desk.log.append { _ in [decision] } })
        }
        latencies.sort()
        report("append 1 decision + fsync", "p50 \(Measurements.milliseconds(Measurements.percentile(latencies, 0.5)))",
               "p99 \(Measurements.milliseconds(Measurements.percentile(latencies, 0.99))) over 500 appends")

        let bulkRows = Array(all.prefix(100_000))
        let bulk = desk.decisions(.accepted, rows: bulkRows, reviewer: "bench", reason: nil, note: nil, at: WallClock.now())
        let bulkTime = try Measurements.seconds { try desk.record(bulk) }
        report("bulk accept 100,000 (write + fsync + fold)", Measurements.milliseconds(bulkTime), "", must: 2.0, value: bulkTime)

        print("\nreview screen (the release binary in tmux at 80x24, then reducer + renderer):")
        if let paint = FirstPaintMeasurement.run(queuePath: queuePath, decisionsPath: logPath) {
            report("first screen painted (loading screen)", Measurements.milliseconds(paint.firstPaint), "from process start", must: 0.5, value: paint.firstPaint)
            report("first rows of the pending list", Measurements.milliseconds(paint.firstRows), "from process start (log grown by this run)")
        } else {
            print("(first paint not measured: needs tmux and the objection-desk binary beside this one)")
        }
        ScreenMeasurements.run(desk: desk) { name, figure, detail, must, value in
            report(name, figure, detail, must: must, value: value)
        }
        print("")

        let refreshTime = try Measurements.seconds { _ = try desk.refresh() }
        report("idle refresh (nothing new)", Measurements.milliseconds(refreshTime), "")

        // Last, so the figures above are those of a desk without clusters.
        var clusterCount = 0
        let clusterTime = Measurements.seconds { clusterCount = desk.clusters.count }
        report("near-duplicate clusters", Measurements.milliseconds(clusterTime),
               String(format: "%d clusters; %.2f× the load above (objection-desk-bench clusters measures both on queues with known families)",
                      clusterCount, clusterTime / loadTime))
        print("\npeak RSS at the end: \(Measurements.megabytes(Measurements.peakResidentBytes()))")
    }

    private func report(_ name: String, _ figure: String, _ detail: String, must: Double? = nil, aim: Double? = nil, value: Double = 0) {
        var verdict = ""
        if let must { verdict = value <= must ? "ok (must ≤ \(must))" : "OVER (must ≤ \(must))" }
        if let aim, value <= aim { verdict += ", meets aim ≤ \(aim)" }
        let padded = name.padding(toLength: 44, withPad: " ", startingAt: 0)
        print("\(padded) \(figure.padding(toLength: 12, withPad: " ", startingAt: 0)) \(detail)\(verdict.isEmpty ? "" : "  [\(verdict)]")")
    }
}
