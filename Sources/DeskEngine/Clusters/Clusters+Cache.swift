import DeskCore
import DeskStore

/// What `ClusterFile` saves of a `Clusters` value and reads back: first the assembled clusters
/// (what queries need), then the grouping state that `rowsAppended` extends, which a reopen reads
/// only when rows were appended (the token buffers are gone once built).
extension Clusters {
    func encode(into writer: inout SectionWriter) throws(DerivedFileError) {
        writer.put(clusterOfRow)
        writer.put(addsFlags.map { $0 ? UInt8(1) : 0 })
        writer.put(firstRows)
        writer.put(representativeRows)
        writer.put(memberStarts)
        writer.put(memberRows)
        writer.put(grouping.kinds.map(\.rawValue))
        assert(writer.sectionCount == Self.assembledSectionCount)
        var grouping = self.grouping
        if let pendingGrouping { try pendingGrouping.restore(into: &grouping) }
        // Read now, for every representative, unless read while `adds` was computed for these same
        // representatives: a refresh may have made new ones.
        let openings = openingsRead.flatMap { $0.representatives == representativeRows ? $0.openings : nil }
            ?? grouping.table.map { table in
                RepresentativeOpenings.read(representatives: representativeRows, table: table, parallelism: parameters.parallelism,
                                            location: grouping.locationOfRow)
            } ?? RepresentativeOpenings()
        openings.encode(into: &writer)
        writer.put(grouping.exactRoot)
        writer.put([UInt64(grouping.exactTable.count)])
        writer.put(grouping.exactTable.rawSlots)
        writer.put(grouping.textOfRow)
        writer.put(grouping.textRows)
        let union = grouping.union.parts
        writer.put(union.parent)
        writer.put(union.textCount)
        writer.put(union.anchor)
        writer.put(union.typicality)
        let kept = grouping.bandKeys.prefix(NearDuplicateGrouping.persistedBands)
        writer.put([UInt64(kept.count)])
        for keys in kept { writer.put(keys) }
    }

    /// Reads the assembled clusters that `encode(into:)` wrote for `rows` rows, checking that the
    /// parts fit together, and leaves the grouping state in `mapped` for `restoreGrouping`.
    init(restoring reader: inout SectionReader, from mapped: MappedDerivedFile, rows: Int,
         parameters: ClusterParameters) throws(DerivedFileError) {
        grouping = NearDuplicateGrouping(parameters: parameters)
        statistics = ClusterStatistics()
        clusterOfRow = try reader.take(count: rows)
        addsFlags = try reader.take(UInt8.self, count: rows).map { $0 != 0 }
        firstRows = try reader.take()
        representativeRows = try reader.take(count: firstRows.count)
        memberStarts = try reader.take(count: firstRows.count + 1)
        memberRows = try reader.take(count: Int(memberStarts.last ?? 0))
        let kinds: [UInt8] = try reader.take(count: rows)
        grouping.kinds = try kinds.map { raw throws(DerivedFileError) in
            guard let kind = JustificationKind(rawValue: raw) else { throw DerivedFileError("a section is damaged") }
            return kind
        }
        let clusterCount = firstRows.count
        guard Self.inRange(clusterOfRow, clusterCount, allowingNone: true), Self.inRange(firstRows, rows),
              Self.inRange(representativeRows, rows), Self.inRange(memberRows, rows),
              memberStarts.first == 0, zip(memberStarts, memberStarts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw DerivedFileError("its parts do not fit together")
        }
        // The representatives' openings are read on their own (`ClusterOpeningsFile`).
        for _ in 0..<RepresentativeOpenings.sectionCount { try reader.skip() }
        pendingGrouping = PendingGrouping(file: mapped, offset: reader.offset, rows: rows)
    }

    /// The sections before the representatives' openings: the assembled clusters.
    static let assembledSectionCount = 7

    /// Reads the grouping state a cache left for later, before rows are appended. A cache that
    /// turns out damaged there is reported, and the clusters are built again from `table`.
    mutating func restoreGrouping(table: SubmissionTable) {
        guard let pending = pendingGrouping else { return }
        pendingGrouping = nil
        do throws(DerivedFileError) {
            try pending.restore(into: &grouping)
        } catch {
            var rebuilt = Clusters(table: table, parameters: parameters)
            rebuilt.notes = notes
            rebuilt.notes.add("ignoring the saved clusters: \(error.reason); they are built again")
            self = rebuilt
        }
    }

    static func inRange(_ values: [Int32], _ bound: Int, allowingNone: Bool = false) -> Bool {
        values.allSatisfy { ($0 >= 0 || (allowingNone && $0 == -1)) && Int($0) < bound }
    }
}

/// The grouping state of a mapped cluster cache, not yet read.
struct PendingGrouping: Sendable {
    let file: MappedDerivedFile
    let offset: Int
    let rows: Int

    func restore(into grouping: inout NearDuplicateGrouping) throws(DerivedFileError) {
        var reader = SectionReader(file.bytes, from: offset)
        let parameters = grouping.parameters
        grouping.exactRoot = try reader.take(count: rows)
        let exactCount: [UInt64] = try reader.take(count: 1)
        guard let exactTable = RowKeyTable(rawSlots: try reader.take(), count: Int(exactCount[0])) else {
            throw DerivedFileError("a section is damaged")
        }
        grouping.exactTable = exactTable
        grouping.textOfRow = try reader.take(count: rows)
        grouping.textRows = try reader.take()
        let texts = grouping.textRows.count
        grouping.union = TextUnion(restoring: (parent: try reader.take(count: texts), textCount: try reader.take(count: texts),
                                               anchor: try reader.take(count: texts), typicality: try reader.take(count: texts)))
        let bandCount: [UInt64] = try reader.take(count: 1)
        guard Int(bandCount[0]) == min(parameters.keysPerText, NearDuplicateGrouping.persistedBands) else {
            throw DerivedFileError("a section is damaged")
        }
        grouping.bandKeys = []
        for _ in 0..<Int(bandCount[0]) { grouping.bandKeys.append(try reader.take(count: texts)) }
        grouping.statistics.texts = texts
        guard reader.isAtEnd else { throw DerivedFileError("it has trailing bytes") }
        guard Clusters.inRange(grouping.exactRoot, rows, allowingNone: true), Clusters.inRange(grouping.textOfRow, texts, allowingNone: true),
              Clusters.inRange(grouping.textRows, rows), Clusters.inRange(grouping.union.parts.parent, texts),
              Clusters.inRange(grouping.union.parts.anchor, texts) else {
            throw DerivedFileError("its parts do not fit together")
        }
    }
}
