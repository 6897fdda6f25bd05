extension Desk {
    /// The near-duplicate clusters of the queue, built on first use (a second or two for a
    /// million rows) and then extended by `refresh()` as rows arrive.
    ///
    /// A saved copy (`ClusterCache`) of a prefix of the queue is read and extended instead when
    /// one is valid; what was built or extended by enough rows is saved in the background.
    public var clusters: Clusters {
        if let builtClusters { return builtClusters }
        var built: Clusters
        var cachedRows = 0
        switch ClusterCache.load(for: queue, parameters: clusterParameters) {
        case .loaded(let cached):
            built = cached
            cachedRows = cached.rowCount
            built.rowsAppended(to: table)
        case .rejected(let reason):
            if let location = ClusterCache.location(of: queue) {
                DeskNotes.post("ignoring the saved clusters \(location.path): \(reason); they are built again")
            }
            built = Clusters(table: table, parameters: clusterParameters)
        case .absent:
            built = Clusters(table: table, parameters: clusterParameters)
        }
        builtClusters = built
        if built.rowCount - cachedRows >= (cachedRows == 0 ? 1 : ClusterCache.rewriteThreshold(cachedRows: cachedRows)) {
            ClusterCache.startWrite(built, queue: queue, synchronously: queue.indexOptions.writesSynchronously)
        }
        return built
    }

    /// Whether the clusters have been built (and are kept up to date).
    public var hasClusters: Bool { builtClusters != nil }

    /// Builds the clusters now (the review screen does this while it loads).
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
