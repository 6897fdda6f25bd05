import DeskStore
import DeskEngine
import DeskCore
import DeskSampleData
import Foundation
import ToolRunner

/// The clusters of a mixed queue (personal texts composed from sentences many people share, and
/// viral pastes): whether each cluster holds only texts near-identical to its representative
/// (coherence), and the whole-process time of a first `stats` beside the C anchor prototype's, in
/// the same run.
struct MixedClustersMeasurement {
    let count: Int
    let seed: UInt64
    let folder: String
    let runs: Int
    let parameters: ClusterParameters
    /// The directory holding `anchor_oph.c` and `fold_table.py`, when found.
    let anchorDirectory: String?

    func run() throws {
        let queuePath = folder + "/mixed-\(count)-\(seed).jsonl"
        if !FileManager.default.fileExists(atPath: queuePath) {
            print("generating a mixed queue of \(count) submissions …")
            ToolRunner.run([CommandLine.arguments[0], "generate", "--count", "\(count)", "--seed", "\(seed)", "--queue", queuePath], capture: false)
        }
        let decisionsPath = folder + "/mixed-decisions-none.jsonl"
        try? FileManager.default.removeItem(atPath: decisionsPath)
        print("\nmixed queue, \(count) submissions (seed \(seed))")
        try measureCoherence(queuePath: queuePath, decisionsPath: decisionsPath)
        measureWholeProcess(queuePath: queuePath, decisionsPath: decisionsPath)
    }

    private func measureCoherence(queuePath: String, decisionsPath: String) throws {
        let desk = try Desk(queuePath: queuePath, decisionsPath: decisionsPath, index: .disabled)
        var clusters: Clusters?
        let seconds = Measurements.seconds { clusters = Clusters(table: desk.table, parameters: parameters) }
        let result = clusters!
        var sampled: [(representative: String, members: [String], size: Int)] = []
        var clustered = 0
        var viral = 0
        var largest = (size: 0, cluster: -1)
        for cluster in 0..<result.count {
            let size = result.size(ofCluster: cluster)
            clustered += size
            if size >= parameters.viralSize { viral += size }
            if size > largest.size { largest = (size, cluster) }
            let representative = result.representativeRow(ofCluster: cluster)
            let members = result.members(ofCluster: cluster).filter { Int($0) != representative }
            let step = max(1, members.count / 20)
            let picked = stride(from: 0, to: members.count, by: step).prefix(20).map { Int(members[$0]) }
            sampled.append((try desk.submission(at: representative).justification,
                            try picked.map { try desk.submission(at: $0).justification }, size))
        }
        let score = CoherenceScore.compute(clusters: sampled)
        print(String(format: "  coherence %.4f (member-weighted share near-identical to the representative; %d members sampled in %d clusters)  [must ≥ 0.99]",
                     score.fraction, score.sampledMembers, score.clusters))
        print("  clusters \(result.count), rows in clusters \(clustered), viral rows \(viral), in-process clustering \(Measurements.milliseconds(seconds))")
        print("    \(result.statistics)")
        if largest.cluster >= 0 {
            let text = try desk.submission(at: result.representativeRow(ofCluster: largest.cluster)).justification
            print("  largest cluster: \(largest.size) members: \(text.prefix(90).replacingOccurrences(of: "\n", with: " "))")
        }
    }

    /// First `stats` (no derived file), with and without the index, beside the anchor.
    private func measureWholeProcess(queuePath: String, decisionsPath: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("objection-desk").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("  (whole-process figures not measured: no objection-desk binary beside this one)")
            return
        }
        let derived = ["odx", "odc", "ods"].map { (queuePath as NSString).deletingLastPathComponent + "/." + (queuePath as NSString).lastPathComponent + "." + $0 }
        let stats = [binary, "stats", "--queue", queuePath, "--decisions", decisionsPath]
        // One run of each per round, so that the machine's drift over the measurement (its load
        // swings ±15% within minutes here) falls alike on the anchor and on the desk.
        let anchorCommand = anchorCommand(queuePath: queuePath)
        var anchorRuns: [ProcessMeasurements.Run] = []
        var coldRuns: [ProcessMeasurements.Run] = []
        var noIndexRuns: [ProcessMeasurements.Run] = []
        for _ in 0..<runs {
            if let anchorCommand {
                anchorRuns += ProcessMeasurements.measure(anchorCommand, runs: 1)
                unlink(anchorCommand.last!)
            }
            coldRuns += ProcessMeasurements.measure(stats, runs: 1) { derived.forEach { unlink($0) } }
            noIndexRuns += ProcessMeasurements.measure(stats, runs: 1, environment: ["OBJECTION_DESK_NO_INDEX": "1"])
        }
        let (anchor, cold, noIndex) = (anchorRuns.map(\.seconds), coldRuns.map(\.seconds), noIndexRuns.map(\.seconds))
        let anchorMedian = anchor.isEmpty ? nil : Self.median(anchor)
        if !anchor.isEmpty { print("  anchor_oph (C, 2 threads), whole process   \(Self.spread(anchor))  (rounds of anchor, first stats, no index)") }
        func show(_ name: String, _ times: [Double]) {
            var line = "  " + name.padding(toLength: 43, withPad: " ", startingAt: 0) + Self.spread(times)
            if let anchorMedian { line += String(format: "  = %.2f× the anchor (must ≤ 1.5)", Self.median(times) / anchorMedian) }
            print(line)
        }
        show("stats, first run (nothing saved)", cold)
        show("stats, OBJECTION_DESK_NO_INDEX=1", noIndex)
        // Wall time is the must; CPU time says how much of a ratio is work rather than the hour
        // (the anchor waits on memory more than the desk does, so it gains more when the host is quiet).
        let cpu = [anchorRuns, coldRuns, noIndexRuns].map { $0.isEmpty ? nil : Self.median($0.map(\.cpuSeconds)) }
        var cpuLine = "  CPU (user + system), medians:"
        if let anchorCPU = cpu[0] { cpuLine += String(format: " anchor %.2f s;", anchorCPU) }
        for (name, value) in zip(["first stats", "no index"], cpu.dropFirst()) {
            guard let value else { continue }
            cpuLine += String(format: " %@ %.2f s", name, value)
            if let anchorCPU = cpu[0] { cpuLine += String(format: " (%.2f×)", value / anchorCPU) }
            cpuLine += ";"
        }
        print(String(cpuLine.dropLast()))
        if let peak = coldRuns.map(\.peakBytes).max() { print("  peak RSS of a first stats: \(Measurements.megabytes(peak))") }
        _ = ProcessMeasurements.measure(stats, runs: 1)
        let warm = ProcessMeasurements.measure(stats, runs: runs).map(\.seconds)
        let clusters = ProcessMeasurements.measure([binary, "clusters", "--queue", queuePath, "--decisions", decisionsPath], runs: runs).map(\.seconds)
        print("  stats, warm                                \(Self.spread(warm))")
        print("  clusters, warm                             \(Self.spread(clusters))" +
              String(format: "  = %.2f× warm stats (must ≤ 1.5)", Self.median(clusters) / Self.median(warm)))
    }

    /// Compiles the anchor into the work folder (once); the command that runs it (its output
    /// file last).
    private func anchorCommand(queuePath: String) -> [String]? {
        guard let anchorDirectory, FileManager.default.fileExists(atPath: anchorDirectory + "/anchor_oph.c") else {
            print("  (anchor not measured: pass --anchor DIR holding anchor_oph.c)")
            return nil
        }
        let program = folder + "/anchor_oph"
        let table = folder + "/fold.bin"
        if !FileManager.default.isExecutableFile(atPath: program) {
            ToolRunner.run(["/usr/bin/gcc", "-O3", "-march=native", "-pthread", "-o", program, anchorDirectory + "/anchor_oph.c"], capture: false)
            ToolRunner.run(["/usr/bin/python3", anchorDirectory + "/fold_table.py", table], capture: false)
        }
        guard FileManager.default.isExecutableFile(atPath: program) else { return nil }
        return [program, table, queuePath, folder + "/anchor-out.jsonl"]
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func spread(_ values: [Double]) -> String {
        let sorted = values.sorted()
        guard let first = sorted.first, let last = sorted.last else { return "(no runs)" }
        return "median \(Measurements.milliseconds(median(values))) [\(Measurements.milliseconds(first))–\(Measurements.milliseconds(last))]"
    }
}
