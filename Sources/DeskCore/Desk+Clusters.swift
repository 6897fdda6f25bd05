import Foundation

extension Desk {
    /// The near-duplicate clusters of the queue, built on first use and then extended by
    /// `refresh()` as rows arrive. Waits for a build started by `prepareClusters()`.
    ///
    /// A saved copy (`ClusterCache`) of a prefix of the queue is read and extended instead when
    /// one is valid (milliseconds); a first build takes seconds for a million rows. What was
    /// built, or extended by enough rows, is saved in the background.
    public var clusters: Clusters {
        if let builtClusters { return builtClusters }
        let build = clusterBuild ?? ClusterBuild(QueueSource(queue), parameters: clusterParameters, progress: clusterProgress, inBackground: false)
        install(build.wait())
        return builtClusters!
    }

    /// Starts finding the clusters on another thread (the review screen, once it has painted);
    /// `collectClusters()` takes them when ready.
    public func prepareClusters() {
        guard builtClusters == nil, clusterBuild == nil else { return }
        clusterBuild = ClusterBuild(QueueSource(queue), parameters: clusterParameters, progress: clusterProgress, inBackground: true)
    }

    /// Whether clusters are being found in the background and are not ready yet.
    public var isFindingClusters: Bool { builtClusters == nil && clusterBuild.map { $0.result == nil } ?? false }

    /// Takes the clusters a background build finished; true when it did (the screen repaints).
    public func collectClusters() -> Bool {
        guard builtClusters == nil, let result = clusterBuild?.result else { return false }
        install(result)
        return true
    }

    private func install(_ result: ClusterBuild.Outcome) {
        clusterBuild = nil
        var built = result.clusters
        if built.rowCount < table.count { built.rowsAppended(to: table) }  // rows that arrived meanwhile
        builtClusters = built
        let cached = result.cachedRows
        if built.rowCount - cached >= (cached == 0 ? 1 : ClusterCache.rewriteThreshold(cachedRows: cached)) {
            ClusterCache.startWrite(built, queue: QueueSource(queue), synchronously: queue.indexOptions.writesSynchronously)
        }
    }

    /// Whether the clusters have been built (and are kept up to date).
    public var hasClusters: Bool { builtClusters != nil }

    /// Builds the clusters now.
    public func buildClusters() { _ = clusters }

    /// The id of the row's cluster (the submission id of its first member in file order), or nil.
    public func clusterID(ofRow row: Int) -> String? {
        clusters.cluster(ofRow: row).map { table.id(clusters.firstRow(ofCluster: $0)) }
    }

    /// The words of the row's justification that its cluster's representative text does not
    /// have (`AddedWordRules`), with where they are, for highlighting; empty for rows in no
    /// cluster and for the representative's own text.
    public func addedWords(ofRow row: Int) throws -> [WordSpans.Word] {
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

/// Finding the clusters of a table, from the saved copy when valid, on the calling thread or on
/// its own.
final class ClusterBuild: @unchecked Sendable {
    struct Outcome {
        var clusters: Clusters
        /// Rows the saved copy described (0: built from scratch).
        var cachedRows: Int
    }

    private let condition = NSCondition()
    private var outcome: Outcome?

    init(_ source: QueueSource, parameters: ClusterParameters, progress: ClusterProgress? = nil, inBackground: Bool) {
        guard inBackground else {
            outcome = Self.find(source, parameters: parameters, progress: progress)
            return
        }
        let thread = Thread { [self] in finish(Self.find(source, parameters: parameters, progress: progress)) }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// A build that finishes when told (tests of what waits for one).
    init() {}

    func finish(_ found: Outcome) {
        condition.withLock {
            outcome = found
            condition.broadcast()
        }
    }

    var result: Outcome? { condition.withLock { outcome } }

    func wait() -> Outcome {
        condition.withLock {
            while outcome == nil { condition.wait() }
            return outcome!
        }
    }

    private static func find(_ source: QueueSource, parameters: ClusterParameters, progress: ClusterProgress?) -> Outcome {
        switch ClusterCache.load(for: source, parameters: parameters) {
        case .loaded(var cached):
            let rows = cached.rowCount
            cached.rowsAppended(to: source.table)
            return Outcome(clusters: cached, cachedRows: rows)
        case .rejected(let reason):
            if let location = ClusterCache.location(of: source) {
                DeskNotes.post("ignoring the saved clusters \(location.path): \(reason); they are built again")
            }
        case .absent:
            break
        }
        return Outcome(clusters: Clusters(table: source.table, parameters: parameters, progress: progress), cachedRows: 0)
    }
}
