import DeskCore
import DeskStore
import Foundation

extension Desk {
    /// The near-duplicate clusters of the queue, built on first use and then extended by
    /// `refresh()` as rows arrive. Waits for a build started by `prepareClusters()`.
    ///
    /// A saved copy (`ClusterFile`) of a prefix of the queue is read and extended instead when
    /// one is valid (milliseconds); a first build takes seconds for a million rows. What was
    /// built, or extended by enough rows, is saved in the background.
    package var clusters: Clusters {
        if let builtClusters { return builtClusters }
        if let build = clusterBuild, let outcome = build.take() {
            install(outcome)
        } else {
            install(ClusterBuild.find(table, savedIn: queue.derivedFiles, parameters: clusterParameters, sketched: takeLoadSketch(),
                                      progress: clusterProgress))
        }
        return builtClusters!
    }

    /// Starts finding the clusters on another thread (the review screen, once it has painted);
    /// `collectClusters()` takes them when ready.
    package func prepareClusters() {
        guard builtClusters == nil, clusterBuild == nil else { return }
        let (table, source, parameters, progress) = (table, queue.derivedFiles, clusterParameters, clusterProgress)
        let sketch = loadSketch
        loadSketch = nil
        clusterBuild = BackgroundTask(stackSize: 4 << 20) {
            ClusterBuild.find(table, savedIn: source, parameters: parameters, sketched: sketch, progress: progress)
        }
    }

    /// Whether clusters are being found in the background and are not ready yet.
    package var isFindingClusters: Bool { builtClusters == nil && clusterBuild.map { !$0.isFinished } ?? false }

    /// Takes the clusters a background build finished; true when it did (the screen repaints).
    package func collectClusters() -> Bool {
        guard builtClusters == nil, let outcome = clusterBuild?.takeIfFinished() else { return false }
        install(outcome)
        return true
    }

    private func install(_ result: ClusterBuild.Outcome) {
        clusterBuild = nil
        generation += 1
        notes.add(result.notes)
        var built = result.clusters
        if built.rowCount < table.count { built.rowsAppended(to: table) }  // rows that arrived meanwhile
        builtClusters = built
        let cached = result.cachedRows
        if built.rowCount - cached >= (cached == 0 ? 1 : ClusterFile.rewriteThreshold(cachedRows: cached)) {
            if let derived = queue.derivedFiles {
                writes.add(ClusterFile.save(built, queue: derived, synchronously: queue.writesDerivedFilesSynchronously))
            }
        }
    }

    /// The sketches made while the queue loaded (`LoadSketch`), handed over once.
    private func takeLoadSketch() -> LoadSketch? {
        defer { loadSketch = nil }
        return loadSketch
    }

    /// The openings of the representatives' texts kept in the saved clusters, for listing them
    /// without reading their lines (`RepresentativeOpenings`); none without a usable saved copy.
    package func savedClusterOpenings() -> RepresentativeOpenings {
        guard let source = queue.derivedFiles else { return RepresentativeOpenings() }
        return ClusterOpeningsFile.load(for: source, parameters: clusterParameters)
    }

    /// Whether the clusters have been built (and are kept up to date).
    package var hasClusters: Bool { builtClusters != nil }

    /// Builds the clusters now.
    package func buildClusters() { _ = clusters }

    /// The id of the row's cluster (the submission id of its first member in file order), or nil.
    package func clusterID(ofRow row: Int) -> String? {
        clusters.cluster(ofRow: row).map { table.id(clusters.firstRow(ofCluster: $0)) }
    }

    /// The words of the row's justification that its cluster's representative text does not
    /// have (`AddedWordRules`), with where they are, for highlighting; empty for rows in no
    /// cluster and for the representative's own text.
    package func addedWords(ofRow row: Int) throws -> [WordSpans.Word] {
        guard let cluster = clusters.cluster(ofRow: row) else { return [] }
        let representative = clusters.representativeRow(ofCluster: cluster)
        guard representative != row else { return [] }
        var spans = WordSpans()
        let member = spans.words(in: try submission(at: row).justification)
        let original = spans.words(in: try submission(at: representative).justification).map(\.text)
        return AddedWordRules.addedWords(member.map(\.text), representative: original).map { member[$0] }
    }
}

extension FilterPredicate {
    /// Terms answered from the clusters.
    var needsClusters: Bool {
        switch self {
        case .cluster, .clusterSize: true
        case .flag(let flag): flag == .viral || flag == .adds
        default: false
        }
    }
}

/// Finding the clusters of a queue, from the saved copy when valid (on whatever thread calls it:
/// the desk's, or a `BackgroundTask` of its own, `Desk.prepareClusters`).
enum ClusterBuild {
    struct Outcome: Sendable {
        var clusters: Clusters
        /// Rows the saved copy described (0: built from scratch).
        var cachedRows: Int
        /// What to tell the operator (a saved copy that was not used).
        var notes: [String] = []
    }

    /// The clusters of `table`, from the saved copy of `source` (when there is one) or found now,
    /// from the sketches `sketched` made while the queue loaded when they cover it.
    static func find(_ table: SubmissionTable, savedIn source: QueueSource?, parameters: ClusterParameters, sketched: LoadSketch? = nil,
                     progress: ClusterProgress?) -> Outcome {
        var notes: [String] = []
        func build(_ table: SubmissionTable) -> Clusters {
            let batches = sketched?.takeBatches(rows: table.count, parameters: parameters)
            return Clusters(table: table, parameters: parameters, sketched: batches, progress: progress)
        }
        guard let source else { return Outcome(clusters: build(table), cachedRows: 0) }
        switch ClusterFile.load(for: source, parameters: parameters) {
        case .loaded(var cached):
            let rows = cached.rowCount
            cached.rowsAppended(to: source.table)
            return Outcome(clusters: cached, cachedRows: rows)
        case .rejected(let reason):
            if let location = ClusterFile.location(for: ClusterFile.Subject(queue: source, parameters: parameters)) {
                notes.append(ClusterFile.ignoredNote(path: location.path, reason: reason))
            }
        case .absent:
            break
        }
        return Outcome(clusters: build(source.table), cachedRows: 0, notes: notes)
    }
}
