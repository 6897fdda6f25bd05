import DeskCore
import DeskStore
import CMemoryTrim

/// Groups of submissions whose justifications are the same text with small edits.
///
/// Built by `Clusters(table:)` and extended by `rowsAppended(to:)` as the queue grows. Clusters are
/// numbered `0..<count` in the order of their first member in the file; the number is an index for
/// this value only. The stable name of a cluster is its **id**: the submission id of its first
/// member in file order, which appending rows never changes (see DECISIONS.md).
package struct Clusters: Sendable {
    package var parameters: ClusterParameters { grouping.parameters }
    package internal(set) var statistics: ClusterStatistics
    var grouping: NearDuplicateGrouping
    /// Per row: its cluster, or -1.
    var clusterOfRow: [Int32] = []
    /// Per row: the member adds words to the representative text.
    var addsFlags: [Bool] = []
    /// Per cluster.
    var firstRows: [Int32] = []
    var representativeRows: [Int32] = []
    var memberStarts: [Int32] = [0]
    var memberRows: [Int32] = []
    /// The grouping state still in a cluster cache (`Clusters+Cache.swift`), read when rows arrive.
    var pendingGrouping: PendingGrouping?
    /// What to tell the operator (a saved copy found damaged when rows arrived).
    var notes = Notes()
    /// The representatives' openings read while `adds` was computed, and the representatives
    /// they were read for: the saved file reuses them while those are still the representatives.
    var openingsRead: (representatives: [Int32], openings: RepresentativeOpenings)?

    /// Clusters every row of `table`; `progress`, when given, follows the phases. `sketched`: the
    /// sketch batches of every row, made while the queue loaded (`LoadSketch`).
    package init(table: SubmissionTable, parameters: ClusterParameters = .standard, progress: ClusterProgress? = nil) {
        self.init(table: table, parameters: parameters, sketched: nil, progress: progress)
    }

    init(table: SubmissionTable, parameters: ClusterParameters, sketched: [SketchBatch]?, progress: ClusterProgress?) {
        grouping = NearDuplicateGrouping.run(table: table, parameters: parameters, sketched: sketched, progress: progress)
        statistics = grouping.statistics
        var clock = PhaseClock()
        progress?.begin(.assemble)
        assemble(rowCount: table.count)
        statistics.assembleSeconds = clock.lap()
        let reading = RepresentativeOpenings.Reading(representatives: representativeRows, table: table,
                                                     parallelism: parameters.parallelism, location: grouping.locationOfRow)
        let openings = computeAdds(table: table, clusters: nil, progress: progress, readingAlongside: reading)
        openingsRead = (representativeRows, openings)
        statistics.addsSeconds = clock.lap()
        progress?.begin(.finished)
        statistics.cpuSeconds += clock.cpuLaps
        grouping.corpus = TextCorpus()
        release_free_memory()
    }

    // MARK: - Queries

    /// Number of clusters.
    package var count: Int { firstRows.count }
    package var rowCount: Int { clusterOfRow.count }

    /// The cluster of a row, or nil for rows in no cluster (singletons, empty or link-only text).
    package func cluster(ofRow row: Int) -> Int? {
        let cluster = clusterOfRow[row]
        return cluster < 0 ? nil : Int(cluster)
    }

    package func size(ofCluster cluster: Int) -> Int { Int(memberStarts[cluster + 1] - memberStarts[cluster]) }

    /// The size of the row's cluster; 1 when it is in none (its own group of one).
    package func clusterSize(ofRow row: Int) -> Int { cluster(ofRow: row).map(size(ofCluster:)) ?? 1 }

    /// Members in file order.
    package func members(ofCluster cluster: Int) -> ArraySlice<Int32> {
        memberRows[Int(memberStarts[cluster])..<Int(memberStarts[cluster + 1])]
    }

    /// The first member in file order; its submission id is the cluster's id.
    package func firstRow(ofCluster cluster: Int) -> Int { Int(firstRows[cluster]) }

    /// The member whose text represents the cluster, which every other member is near-identical
    /// to: the first row of the most common exact text (same words after folding), the longest and
    /// then the earliest on ties, when the cluster was built.
    package func representativeRow(ofCluster cluster: Int) -> Int { Int(representativeRows[cluster]) }

    /// The cluster whose id is `id`, or that holds the submission `id`.
    package func cluster(withID id: String, in table: SubmissionTable) -> Int? {
        table.row(forID: id).flatMap { $0 < clusterOfRow.count ? cluster(ofRow: $0) : nil }
    }

    /// The row is in a cluster and has words its representative text does not (`AddedWordRules`).
    package func addsWords(_ row: Int) -> Bool { addsFlags[row] }

    /// The row is in a cluster of at least `parameters.viralSize` submissions.
    package func isViral(_ row: Int) -> Bool { clusterSize(ofRow: row) >= parameters.viralSize }

    /// Counted from the clusters' sizes and the flags, not asked row by row through the protocol
    /// (two dynamic calls per row were the end of a first `stats`, on one core).
    package func viralAndAddsCounts(rows: Int) -> (viral: Int, adds: Int) {
        guard parameters.viralSize > 1, rows == addsFlags.count else { return viralAndAddsCountedByRow(rows: rows) }
        var viral = 0
        for cluster in 0..<count where size(ofCluster: cluster) >= parameters.viralSize { viral += size(ofCluster: cluster) }
        let adds = addsFlags.withUnsafeBufferPointer { flags in flags.reduce(0) { $0 + ($1 ? 1 : 0) } }
        return (viral, adds)
    }

    /// How the row's justification was classified (rows without words are never clustered).
    package func kind(ofRow row: Int) -> JustificationKind { grouping.kinds[row] }

    /// Members still pending.
    package func pendingCount(ofCluster cluster: Int, ledger: Ledger) -> Int { pendingCounts(ofClusters: [cluster], ledger: ledger)[0] }

    /// `pendingCount` of each of `clusters`, over raw buffers (member by member through slices
    /// it was a tenth of a warm `clusters` listing).
    package func pendingCounts(ofClusters clusters: [Int], ledger: Ledger) -> [Int] {
        ledger.statuses.withUnsafeBufferPointer { statuses in
            memberRows.withUnsafeBufferPointer { members in
                memberStarts.withUnsafeBufferPointer { starts in
                    clusters.map { cluster in
                        var pending = 0
                        for position in Int(starts[cluster])..<Int(starts[cluster + 1]) where statuses[Int(members[position])] == .pending {
                            pending += 1
                        }
                        return pending
                    }
                }
            }
        }
    }

    /// Cluster numbers, largest first (earliest first among equal sizes).
    package func bySize() -> [Int] {
        // Packed keys (inverted size, then the cluster) sort several times faster than a closure.
        var keys = (0..<count).map { UInt64(UInt32.max - UInt32(clamping: size(ofCluster: $0))) << 32 | UInt64($0) }
        keys.sort()
        return keys.map { Int($0 & 0xFFFF_FFFF) }
    }

    // MARK: - Building

    /// Derives the clusters from the grouping: rows of one group of texts (or of one exact short
    /// text) form a cluster when there are at least two of them.
    mutating func assemble(rowCount: Int) {
        let textCount = grouping.union.count
        let union = grouping.union
        let parallelism = parameters.parallelism
        let pieces = parallelism * 4
        var roots = [Int32](repeating: 0, count: textCount)
        roots.withUnsafeMutableBufferPointer { roots in
            let output = SendablePointer(roots)
            runConcurrently(pieces, parallelism: parallelism) { piece in
                for text in (textCount * piece / pieces)..<(textCount * (piece + 1) / pieces) {
                    output.buffer[text] = union.rootReadOnly(Int32(text))
                }
            }
        }
        precondition(grouping.exactRoot.count >= rowCount && grouping.kinds.count >= rowCount)
        // Each row's unit (its text's root, or textCount + the first row of its exact short
        // text) found once, over raw buffers and on every core (the rows' random reads of their
        // texts' roots were most of a serial step at the end of a first `stats`), then counted.
        var unitOfRow = [Int32](repeating: -1, count: rowCount)
        var unitRows = [Int32](repeating: 0, count: textCount + rowCount)
        grouping.exactRoot.withUnsafeBufferPointer { exactRoot in
            grouping.kinds.withUnsafeBufferPointer { kinds in
                grouping.textOfRow.withUnsafeBufferPointer { textOfRow in
                    roots.withUnsafeBufferPointer { roots in
                        unitOfRow.withUnsafeMutableBufferPointer { unitOfRow in
                            let output = SendablePointer(unitOfRow)
                            runConcurrently(pieces, parallelism: parallelism) { piece in
                                for row in (rowCount * piece / pieces)..<(rowCount * (piece + 1) / pieces) {
                                    let root = exactRoot[row]
                                    guard root >= 0 else { continue }
                                    output.buffer[row] = kinds[row] == .text ? roots[Int(textOfRow[Int(root)])] : Int32(textCount) + root
                                }
                            }
                        }
                    }
                }
            }
        }
        unitOfRow.withUnsafeBufferPointer { unitOfRow in
            unitRows.withUnsafeMutableBufferPointer { unitRows in
                for unit in unitOfRow where unit >= 0 { unitRows[Int(unit)] += 1 }
            }
        }
        var clusterOfUnit = [Int32](repeating: -1, count: textCount + rowCount)
        var clusterOfRow = [Int32](repeating: -1, count: rowCount)
        var firstRows: [Int32] = []
        // The representative is the star's centre (its members were each checked against it), or
        // the first row of an exact group of short texts.
        var representativeRows: [Int32] = []
        var sizes: [Int32] = []
        let textRows = grouping.textRows
        unitOfRow.withUnsafeBufferPointer { unitOfRow in
            unitRows.withUnsafeBufferPointer { unitRows in
                clusterOfUnit.withUnsafeMutableBufferPointer { clusterOfUnit in
                    clusterOfRow.withUnsafeMutableBufferPointer { clusterOfRow in
                        for row in 0..<rowCount {
                            let unit = Int(unitOfRow[row])
                            guard unit >= 0, unitRows[unit] >= 2 else { continue }
                            if clusterOfUnit[unit] < 0 {
                                clusterOfUnit[unit] = Int32(firstRows.count)
                                firstRows.append(Int32(row))
                                representativeRows.append(unit < textCount ? textRows[unit] : Int32(unit - textCount))
                                sizes.append(0)
                            }
                            let cluster = clusterOfUnit[unit]
                            clusterOfRow[row] = cluster
                            sizes[Int(cluster)] += 1
                        }
                    }
                }
            }
        }
        var memberStarts: [Int32] = [0]
        memberStarts.reserveCapacity(sizes.count + 1)
        for size in sizes { memberStarts.append(memberStarts.last! + size) }
        var memberRows = [Int32](repeating: 0, count: Int(memberStarts.last!))
        var fill = Array(memberStarts.dropLast())
        clusterOfRow.withUnsafeBufferPointer { clusterOfRow in
            fill.withUnsafeMutableBufferPointer { fill in
                memberRows.withUnsafeMutableBufferPointer { memberRows in
                    for row in 0..<rowCount {
                        let cluster = Int(clusterOfRow[row])
                        guard cluster >= 0 else { continue }
                        memberRows[Int(fill[cluster])] = Int32(row)
                        fill[cluster] += 1
                    }
                }
            }
        }
        self.clusterOfRow = clusterOfRow
        self.firstRows = firstRows
        self.representativeRows = representativeRows
        self.memberStarts = memberStarts
        self.memberRows = memberRows
        if addsFlags.count < rowCount { addsFlags += [Bool](repeating: false, count: rowCount - addsFlags.count) }
    }

    /// Sets the `adds` flag of the members of `clusters` (all clusters when nil), in parallel.
    /// `reading`: openings to read among the pieces (first: their random reads balance best
    /// early), returned; none without it.
    @discardableResult
    mutating func computeAdds(table: SubmissionTable, clusters selected: [Int]?, progress: ClusterProgress? = nil,
                              readingAlongside reading: RepresentativeOpenings.Reading? = nil) -> RepresentativeOpenings {
        let clusterList = selected ?? Array(0..<count)
        progress?.begin(.adds, units: clusterList.count)
        let openingPieces = reading?.pieces ?? 0
        var openingParts = [RepresentativeOpenings](repeating: RepresentativeOpenings(), count: openingPieces)
        let exactRoot = grouping.exactRoot
        let kinds = grouping.kinds
        let corpus = grouping.corpus
        let textOfRow = grouping.textOfRow
        let textLocations = grouping.textLocations
        let minimumTokens = parameters.minimumTokens
        let representatives = representativeRows
        let starts = memberStarts
        let members = memberRows
        let parallelism = parameters.parallelism
        let pieces = min(clusterList.count, parallelism * 8)
        addsFlags.withUnsafeMutableBufferPointer { flags in openingParts.withUnsafeMutableBufferPointer { parts in
            let output = SendablePointer(flags)
            let openings = SendablePointer(parts)
            runConcurrently(openingPieces + pieces, parallelism: parallelism) { index in
                guard index >= openingPieces else {
                    openings.buffer[index] = reading!.read(piece: index)
                    return
                }
                let piece = index - openingPieces
                var computer = AddsComputer(table: table, corpus: corpus, textOfRow: textOfRow, textLocations: textLocations,
                                            minimumTokens: minimumTokens)
                let indices = (clusterList.count * piece / pieces)..<(clusterList.count * (piece + 1) / pieces)
                defer { progress?.advance(by: indices.count) }
                for index in indices {
                    let cluster = clusterList[index]
                    let representative = representatives[cluster]
                    let range = Int(starts[cluster])..<Int(starts[cluster + 1])
                    // Exact texts share the flag of their first row, which comes first in the cluster.
                    if kinds[Int(representative)] != .text {
                        for member in members[range] { output.buffer[Int(member)] = false }
                        continue
                    }
                    computer.setRepresentative(representative)
                    for position in range {
                        for step in 0..<3 where position + 24 - 8 * step < range.upperBound {
                            computer.prefetch(members[position + 24 - 8 * step], step: step)
                        }
                        let member = members[position]
                        let root = exactRoot[Int(member)]
                        if root == member {
                            output.buffer[Int(member)] = member != representative && computer.adds(member)
                        } else {
                            output.buffer[Int(member)] = output.buffer[Int(root)]
                        }
                    }
                }
            }
        } }
        return RepresentativeOpenings.merged(openingParts)
    }
}
extension Clusters: ClusterFacts {}
