import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskSampleData
import Foundation
import ToolRunner

/// Measures near-duplicate clustering on generated queues with known families: quality (pairwise
/// precision and recall) and time beside the plain load time, in the same process.
struct ClustersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "Measure clustering quality and speed on generated queues with known families.",
        discussion: "Build in release mode first: swift run -c release objection-desk-bench clusters")

    @Option(parsing: .upToNextOption, help: "Queue sizes to measure.")
    var counts: [Int] = [100_000, 1_000_000]

    @Option(help: "Timed runs per size (after one warm-up); the figures are median and min–max.")
    var runs = 5

    @Option(help: ArgumentHelp("Directory for the generated files (default: a temporary one).", valueName: "path"))
    var directory: String?

    @Option(help: "Seed of the family generator.")
    var seed: UInt64 = 7

    @Option(help: "Worker threads for clustering (default: the number of cores).")
    var threads: Int?

    @Option(help: "LSH bands (default: the desk's).")
    var bands: Int?

    @Option(help: "MinHash bins per band (default: the desk's).")
    var rowsPerBand: Int?

    @Option(help: "Similarity threshold (bigram Jaccard) for merging (default: the desk's).")
    var similarity: Double?

    @Option(help: "Also time a refresh that clusters this many rows appended to the queue (0: skip).")
    var refreshRows = 1_000

    @Flag(help: "Print the counters of each clustering run.")
    var verbose = false

    @Option(parsing: .upToNextOption, help: "Mixed queue sizes (coherence and first-open time beside the anchor; none: skip).")
    var mixedCounts: [Int] = [200_000, 1_000_000]

    @Option(help: "Seed of the mixed queue generator.")
    var mixedSeed: UInt64 = 1

    @Option(help: ArgumentHelp("Directory holding the C anchor prototype (anchor_oph.c, fold_table.py).", valueName: "path"))
    var anchor: String = "../shared/anchors"

    @Flag(help: "Measure only the mixed queues.")
    var onlyMixed = false

    private var parameters: ClusterParameters {
        var parameters = ClusterParameters.standard
        if let threads { parameters.parallelism = max(1, threads) }
        if let bands { parameters.bands = bands }
        if let rowsPerBand { parameters.rowsPerBand = rowsPerBand }
        if let similarity { parameters.similarity = similarity }
        return parameters
    }

    func validate() throws {
        let (bands, rows) = (parameters.bands, parameters.rowsPerBand)
        // A text's candidates are a 64-bit mask (the prefix key and one per band), and the
        // sketch has at most 128 bins.
        guard (1...63).contains(bands), rows >= 1, bands * rows <= 128 else {
            throw ValidationError("--bands must be 1 to 63 and --bands × --rows-per-band at most 128 (got \(bands) × \(rows))")
        }
    }

    func run() throws {
        let folder = directory ?? (NSTemporaryDirectory() + "objection-desk-clusters-\(getpid())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        print("cores: \(ProcessInfoCores.count); parameters: \(parameters)")
        if !onlyMixed {
            for count in counts {
                try measure(count: count, folder: folder)
            }
        }
        for count in mixedCounts where count > 0 {
            try MixedClustersMeasurement(count: count, seed: mixedSeed, folder: folder, runs: runs, parameters: parameters,
                                         anchorDirectory: anchor).run()
        }
    }

    private func measure(count: Int, folder: String) throws {
        let queuePath = folder + "/families-\(count)-\(seed).jsonl"
        let truthPath = folder + "/families-\(count)-\(seed).truth"
        let truth: FamilyQueue.Truth
        if FileManager.default.fileExists(atPath: queuePath) && FileManager.default.fileExists(atPath: truthPath) {
            truth = try FamilyQueue.readTruth(from: truthPath)
        } else {
            print("generating \(count) submissions with known families in \(folder) …")
            // In a child process, so the generator's memory does not count in the peak below.
            let time = Measurements.seconds {
                ToolRunner.run([CommandLine.arguments[0], "generate", "--families", "--count", "\(count)", "--seed", "\(seed)",
                                "--queue", queuePath, "--truth", truthPath], capture: false)
            }
            truth = try FamilyQueue.readTruth(from: truthPath)
            guard truth.families.count == count else { throw ValidationError("generating \(queuePath) failed") }
            print(String(format: "  generated in %.1f s", time))
        }
        let queueBytes = (try FileManager.default.attributesOfItem(atPath: queuePath)[.size] as? Int) ?? 0
        print("\n\(count) submissions, queue \(Measurements.megabytes(queueBytes)) (file cache warm)")
        let decisionsPath = folder + "/decisions-none.jsonl"
        try? FileManager.default.removeItem(atPath: decisionsPath)

        var loads: [Double] = []
        var clusterings: [Double] = []
        var result: Clusters?
        var lastDesk: Desk?
        var increases: [Int] = []
        var baselines: [Int] = []
        for run in 0...runs {
            lastDesk = nil
            result = nil
            Measurements.resetPeakResident()
            let baseline = Measurements.peakResidentBytes()
            var desk: Desk?
            let (load, loadCPU) = try Measurements.wallAndCPU { desk = try Desk(queuePath: queuePath, decisionsPath: decisionsPath) }
            let table = desk!.table
            let loadPeak = Measurements.peakResidentBytes()
            let loadResident = Measurements.residentBytes()
            var clusters: Clusters?
            let (clustering, clusteringCPU) = Measurements.wallAndCPU { clusters = Clusters(table: table, parameters: parameters) }
            // Each run's own peak above what the process held before it: memory earlier runs freed
            // but glibc kept is not this run's.
            increases.append(Measurements.peakResidentBytes() - baseline)
            baselines.append(baseline)
            if verbose {
                print("  memory: load peak \(Measurements.megabytes(loadPeak)), after load \(Measurements.megabytes(loadResident)), peak with clusters \(Measurements.megabytes(Measurements.peakResidentBytes())), after clusters \(Measurements.megabytes(Measurements.residentBytes()))")
            }
            if run > 0 {
                loads.append(load)
                clusterings.append(clustering)
            }
            if verbose {
                print("  run \(run): load \(Measurements.milliseconds(load)) (CPU \(Measurements.milliseconds(loadCPU))), clusters \(Measurements.milliseconds(clustering)) (CPU \(Measurements.milliseconds(clusteringCPU)))")
                print("    \(clusters!.statistics)")
            }
            result = clusters
            lastDesk = desk
            desk = nil
        }
        let clusters = result!
        var predicted = [Int32](repeating: -1, count: truth.families.count)
        for row in 0..<min(predicted.count, clusters.rowCount) { predicted[row] = Int32(clusters.cluster(ofRow: row) ?? -1) }
        let score = PairwiseScore.compute(predicted: predicted, families: truth.families)
        print("  load (queue + log)        \(Self.spread(loads))")
        print("  clustering, first build   \(Self.spread(clusterings))  = \(String(format: "%.2f", Self.median(clusterings) / Self.median(loads)))× the load (must ≤ 0.5)")
        var unindexedLoads: [Double] = []
        for _ in 0..<runs {
            unindexedLoads.append(try Measurements.seconds { _ = try Desk(queuePath: queuePath, decisionsPath: decisionsPath, index: .disabled) })
        }
        print("  load without the index    \(Self.spread(unindexedLoads))  (first build = \(String(format: "%.2f", Self.median(clusterings) / Self.median(unindexedLoads)))× this load)")
        let saved = try measureSavedClusters(queuePath: queuePath, decisionsPath: decisionsPath)
        print("  reopen: load              \(Self.spread(saved.loads))")
        print("  reopen: saved clusters    \(Self.spread(saved.clusterings))  = \(String(format: "%.2f", Self.median(saved.clusterings) / Self.median(saved.loads)))× the load (read from \(saved.file), \(Measurements.megabytes(saved.bytes)))")
        let firstBaseline = baselines.first ?? 0
        let peak = firstBaseline + (increases.sorted().last ?? 0)
        print("  peak RSS (load + clusters) \(Measurements.megabytes(peak)) = \(String(format: "%.2f", Double(peak) / Double(max(queueBytes, 1))))× the queue file (must ≤ 1.5): the process at start \(Measurements.megabytes(firstBaseline)) + the largest run's peak above its start \(Measurements.megabytes(increases.max() ?? 0))")
        print(String(format: "  pairwise precision %.5f  recall %.5f   (%d scored rows, %d true pairs, %d predicted)",
                     score.precision, score.recall, score.scoredRows, score.truePairs, score.predictedPairs))
        reportBreakdown(predicted: predicted, truth: truth, clusters: clusters)
        if refreshRows > 0 { try measureRefresh(queuePath: queuePath, folder: folder) }
        if verbose, let desk = lastDesk {
            try showImpureClusters(desk: desk, clusters: clusters, truth: truth)
            try showExamples(desk: desk, clusters: clusters, truth: truth)
        }
    }

    /// Builds and saves the clusters through the desk (as the CLI and the screen do), then times
    /// reopening: the load, and the clusters read from the saved file.
    private func measureSavedClusters(queuePath: String, decisionsPath: String) throws -> (loads: [Double], clusterings: [Double], file: String, bytes: Int) {
        let options = DerivedFileOptions(writesSynchronously: true)
        var desk: Desk? = try Desk(queuePath: queuePath, decisionsPath: decisionsPath, index: options)
        desk!.clusterParameters = parameters
        desk!.buildClusters()
        desk = nil
        let name = (queuePath as NSString).lastPathComponent
        let file = (queuePath as NSString).deletingLastPathComponent + "/." + name + ".odc"
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        var loads: [Double] = []
        var clusterings: [Double] = []
        for run in 0...runs {
            var reopened: Desk?
            let load = try Measurements.seconds { reopened = try Desk(queuePath: queuePath, decisionsPath: decisionsPath, index: options) }
            reopened!.clusterParameters = parameters
            let clustering = Measurements.seconds { reopened!.buildClusters() }
            if run > 0 {
                loads.append(load)
                clusterings.append(clustering)
            }
        }
        return (loads, clusterings, file, bytes)
    }

    /// Loads all but the last `refreshRows` lines, clusters, appends them and times the refresh.
    private func measureRefresh(queuePath: String, folder: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: queuePath))
        var cut = bytes.count - 1
        var lines = 0
        while cut > 0 && lines <= refreshRows {
            cut -= 1
            if bytes[cut] == 0x0A { lines += 1 }
        }
        let partPath = folder + "/refresh-part.jsonl"
        let decisionsPath = folder + "/refresh-decisions.jsonl"
        defer { try? FileManager.default.removeItem(atPath: partPath); try? FileManager.default.removeItem(atPath: decisionsPath) }
        try bytes[..<(cut + 1)].write(to: URL(fileURLWithPath: partPath))
        let desk = try Desk(queuePath: partPath, decisionsPath: decisionsPath)
        desk.buildClusters()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes[(cut + 1)...])
        try handle.close()
        var changes: Desk.Changes?
        let time = try Measurements.seconds { changes = try desk.refresh() }
        print("  refresh clustering \(changes?.newRows ?? 0) appended rows: \(Measurements.milliseconds(time)) (\(desk.clusters.count) clusters after)")
    }

    /// Recall by family size, and how the `adds` flag relates to the edits members received.
    private func reportBreakdown(predicted: [Int32], truth: FamilyQueue.Truth, clusters: Clusters) {
        let sizes = PairwiseScore.familySizes(truth.families)
        for (label, range) in [("2–9", 2...9), ("10–99", 10...99), ("100–999", 100...999), ("1000+", 1000...Int.max)] {
            let part = PairwiseScore.compute(predicted: predicted, families: truth.families) { range.contains(sizes[$0] ?? 0) }
            print(String(format: "    recall in families of %@: %.4f (%d pairs)", label, part.recall, part.truePairs))
        }
        var flagged = 0, added = 0, addedFlagged = 0, cosmeticOnly = 0, cosmeticFlagged = 0, clustered = 0
        for row in 0..<min(truth.families.count, clusters.rowCount) where clusters.cluster(ofRow: row) != nil {
            clustered += 1
            let flag = clusters.addsWords(row)
            if flag { flagged += 1 }
            let edits = truth.edits[row]
            if edits.contains(.sentenceAdded) {
                added += 1
                if flag { addedFlagged += 1 }
            } else if FamilyEdits.cosmetic.isSuperset(of: edits) {
                cosmeticOnly += 1
                if flag { cosmeticFlagged += 1 }
            }
        }
        print("  clusters: \(clusters.count), rows in clusters \(clustered), flagged adds \(flagged)")
        print(String(format: "    adds flag on members with an added sentence: %.4f of %d; on members with only cosmetic edits: %.4f of %d",
                     Double(addedFlagged) / Double(max(added, 1)), added, Double(cosmeticFlagged) / Double(max(cosmeticOnly, 1)), cosmeticOnly))
        if verbose { print("  \(clusters.statistics)") }
    }

    /// The clusters holding the most pairs from different families, with a text of each family.
    private func showImpureClusters(desk: Desk, clusters: Clusters, truth: FamilyQueue.Truth) throws {
        var byCluster: [Int: [Int32: [Int]]] = [:]
        for row in 0..<min(truth.families.count, clusters.rowCount) where truth.families[row] >= 0 {
            guard let cluster = clusters.cluster(ofRow: row) else { continue }
            byCluster[cluster, default: [:]][truth.families[row], default: []].append(row)
        }
        var impure: [(wrong: Int, cluster: Int)] = []
        for (cluster, families) in byCluster where families.count > 1 {
            let total = families.values.reduce(0) { $0 + $1.count }
            let right = families.values.reduce(0) { $0 + $1.count * ($1.count - 1) / 2 }
            impure.append((total * (total - 1) / 2 - right, cluster))
        }
        impure.sort { $0.wrong > $1.wrong }
        print("  impure clusters: \(impure.count); worst:")
        for (wrong, cluster) in impure.prefix(4) {
            let families = byCluster[cluster]!.sorted { $0.value.count > $1.value.count }
            print("   cluster \(cluster) (\(wrong) wrong pairs): families \(families.prefix(6).map { "\($0.key)×\($0.value.count)" })")
            for (_, rows) in families.prefix(3) {
                for row in rows.prefix(2) {
                    print("     \(try desk.submission(at: row).justification.prefix(220).replacingOccurrences(of: "\n", with: " "))")
                }
            }
        }
    }

    /// A few members flagged `adds` although only cosmetic edits were made, with their words.
    private func showExamples(desk: Desk, clusters: Clusters, truth: FamilyQueue.Truth) throws {
        var shown = 0
        var spans = WordSpans()
        for row in 0..<clusters.rowCount where shown < 6 && clusters.addsWords(row) && FamilyEdits.cosmetic.isSuperset(of: truth.edits[row]) {
            let cluster = clusters.cluster(ofRow: row)!
            let member = try desk.submission(at: row).justification
            let representative = try desk.submission(at: clusters.representativeRow(ofCluster: cluster)).justification
            let memberWords = spans.words(in: member).map(\.text)
            let added = AddedWordRules.addedWords(memberWords, representative: spans.words(in: representative).map(\.text))
            print("  -- row \(row) edits \(truth.edits[row].rawValue) family \(truth.families[row]) rep family \(truth.families[clusters.representativeRow(ofCluster: cluster)]): added \(added.map { memberWords[$0] })")
            print("     member: \(member.prefix(300))")
            print("     repr:   \(representative.prefix(300))")
            shown += 1
        }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func spread(_ values: [Double]) -> String {
        let sorted = values.sorted()
        return "median \(Measurements.milliseconds(median(values))) (\(Measurements.milliseconds(sorted.first!))–\(Measurements.milliseconds(sorted.last!)), \(values.count) runs)"
    }
}
