import DeskSampleData
import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The saved clusters (`.NAME.odc`): read back exactly, extended when the queue grew, and never
/// trusted when anything about them or the queue does not fit.
@Suite struct ClusterCacheTests {
    private static let options = DerivedFileOptions(writesSynchronously: true)

    /// Every per-row and per-cluster fact a caller can see.
    private struct Facts: Equatable {
        var ids: [String?]
        var sizes: [Int]
        var adds: [Bool]
        var kinds: [UInt8]
        var representatives: [String]
        var bySize: [Int]

        init(_ desk: Desk) {
            let clusters = desk.clusters
            ids = (0..<desk.table.count).map { desk.clusterID(ofRow: $0) }
            sizes = (0..<desk.table.count).map { clusters.clusterSize(ofRow: $0) }
            adds = (0..<desk.table.count).map { clusters.addsWords($0) }
            kinds = (0..<desk.table.count).map { clusters.kind(ofRow: $0).rawValue }
            representatives = (0..<clusters.count).map { desk.table.id(clusters.representativeRow(ofCluster: $0)) }
            bySize = clusters.bySize()
        }
    }

    private func familyQueue(_ directory: TemporaryDirectory, rows: Int, of total: Int = 3_000) -> (path: String, rest: [UInt8]) {
        let (bytes, _) = FamilyQueue(seed: 5, count: total).generate()
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        let path = directory.write("q.jsonl", Array(lines.prefix(rows).joined(separator: [0x0A])) + [0x0A])
        let rest = rows < total ? Array(lines[rows...].joined(separator: [0x0A])) + [0x0A] : []
        return (path, rest)
    }

    private func open(_ path: String, _ directory: TemporaryDirectory) throws -> Desk {
        try Desk(queuePath: path, decisionsPath: directory.file("d.jsonl"), index: Self.options)
    }

    private func cachePath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".odc"
    }

    @Test func savedClustersReadBackExactly() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 3_000)
        let built = try open(path, directory)
        let expected = Facts(built)
        #expect(built.clusters.count > 10)
        var status = stat()
        #expect(stat(cachePath(path), &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)

        let reopened = try open(path, directory)
        guard case .loaded = ClusterFile.load(for: QueueSource(reopened.queueFile!), parameters: reopened.clusterParameters) else {
            Issue.record("the saved clusters were not used")
            return
        }
        #expect(Facts(reopened) == expected)
        // Rows that arrive after a reopen are clustered from the saved state as they are in memory.
        let line = submissionLine(id: "fresh", justification: try built.submission(at: built.clusters.representativeRow(ofCluster: 0)).justification + " Also delete my account.")
        directory.append("q.jsonl", line + "\n")
        try built.refresh()
        try reopened.refresh()
        #expect(Facts(reopened) == Facts(built))
        #expect(reopened.clusters.addsWords(reopened.table.count - 1))
    }

    /// Listing clusters reads each representative's opening from the saved clusters instead of
    /// its line: the first `RepresentativeOpenings.scalars` scalars of the text as decoded, whole
    /// sequences only; a cluster formed since the save has none (its line is read instead).
    @Test func theRepresentativesOpeningsAreSavedWithTheClusters() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 2_000)
        let long = String(repeating: "Ich widerspreche der Verarbeitung meiner Beiträge für das KI-Training, \"sofort\" und für immer. ", count: 4)
        let longLines = (0..<2).map { submissionLine(id: "long-\($0)", justification: long) }.joined(separator: "\n")
        directory.append("q.jsonl", longLines + "\n")
        _ = try open(path, directory)
        let reopened = try open(path, directory)
        let clusters = reopened.clusters
        let openings = reopened.savedClusterOpenings()
        let representatives = (0..<clusters.count).map { clusters.representativeRow(ofCluster: $0) }
        let kept = openings.openings(ofRows: representatives, servingScalars: 128)
        #expect(!kept.contains(nil))
        for (row, opening) in zip(representatives, kept) {
            guard let opening else { continue }
            let text = try reopened.submission(at: row).justification
            let saved = openings.withBytes { String(decoding: $0[openings.range(of: opening)], as: UTF8.self) }
            #expect(saved == String(text.unicodeScalars.prefix(RepresentativeOpenings.scalars)), "row \(row)")
        }
        let longRow = try #require(reopened.table.row(forID: "long-0"))
        #expect(long.unicodeScalars.count > RepresentativeOpenings.scalars)
        #expect(openings.openings(ofRows: [longRow], servingScalars: RepresentativeOpenings.scalars)[0] != nil)
        #expect(openings.openings(ofRows: [longRow], servingScalars: RepresentativeOpenings.scalars + 1)[0] == nil, "cut: a wider cell reads the line")
        let short = try #require(representatives.first { try reopened.submission(at: $0).justification.unicodeScalars.count < 100 })
        #expect(openings.openings(ofRows: [short], servingScalars: 1_000)[0] != nil, "a whole text serves any width")

        directory.append("q.jsonl", (0..<2).map { submissionLine(id: "new-\($0)", justification: "A brand new objection text that nobody had sent before today, twice.") }.joined(separator: "\n") + "\n")
        try reopened.refresh()
        let newRow = try #require(reopened.table.row(forID: "new-0"))
        let newCluster = try #require(reopened.clusters.cluster(ofRow: newRow))
        #expect(reopened.savedClusterOpenings().openings(ofRows: [reopened.clusters.representativeRow(ofCluster: newCluster)], servingScalars: 128)[0] == nil)
    }

    /// A build reads the representatives' openings among the pieces of `adds`, for the save:
    /// the same openings as reading them afterwards, and only while those are the representatives.
    @Test func openingsReadAlongsideAddsAreTheOpeningsReadAfter() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 2_000)
        let desk = try Desk(queuePath: path, decisionsPath: directory.file("d.jsonl"), index: .disabled)
        let clusters = Clusters(table: desk.table, parameters: ClusterParameters.standard)
        let read = try #require(clusters.openingsRead)
        #expect(read.representatives == clusters.representativeRows)
        #expect(read.openings.rows.count > 100)
        let after = RepresentativeOpenings.read(representatives: clusters.representativeRows, table: desk.table, parallelism: 3,
                                                location: clusters.grouping.locationOfRow)
        #expect(read.openings.rows == after.rows && read.openings.ends == after.ends && read.openings.bytes == after.bytes)
    }

    @Test func aGrownQueueExtendsTheSavedPrefix() throws {
        let directory = TemporaryDirectory()
        let (path, rest) = familyQueue(directory, rows: 2_000)
        let first = try open(path, directory)
        first.buildClusters()
        directory.append("q.jsonl", String(decoding: rest, as: UTF8.self))
        try first.refresh()  // in memory: the prefix built, then the new rows appended

        let reopened = try open(path, directory)
        #expect(reopened.table.count == 3_000)
        #expect(Facts(reopened) == Facts(first))
    }

    /// The clusters are written without fsync: any block of zeros (a write torn by a crash) is
    /// refused or harmless, never read as other clusters.
    @Test func aTornCopyIsNeverTrusted() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 2_000)
        let expected = Facts(try open(path, directory))
        let cache = cachePath(path)
        let saved = fileBytes(cache)
        for start in stride(from: 0, to: saved.count, by: 4096) {
            var torn = saved
            for index in start..<min(start + 4096, saved.count) { torn[index] = 0 }
            guard torn != saved else { continue }
            _ = directory.write(".q.jsonl.odc", torn)
            #expect(Facts(try open(path, directory)) == expected, "block at \(start)")
        }
    }

    @Test func aDamagedOrStaleCacheIsReportedAndIgnored() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 2_000)
        let expected = Facts(try open(path, directory))
        let cache = cachePath(path)
        let saved = fileBytes(cache)

        var said: [String] = []
        func rejection() throws -> String? {
            let desk = try open(path, directory)
            guard case .rejected(let reason) = ClusterFile.load(for: QueueSource(desk.queueFile!), parameters: desk.clusterParameters) else { return nil }
            #expect(Facts(desk) == expected)  // built again
            said += desk.takeNotes()
            return reason
        }

        // Damage in what a reopen reads at once (the clusters of the rows) is found at once.
        var damaged = saved
        damaged[ClusterFile.minimumSize + 16 + 5] ^= 0x40
        _ = directory.write(".q.jsonl.odc", damaged)
        #expect(try rejection() == "a section is damaged")

        _ = directory.write(".q.jsonl.odc", Array(saved.prefix(ClusterFile.minimumSize + 100)))
        #expect(try rejection() == "it is truncated")

        _ = directory.write(".q.jsonl.odc", saved)
        chmod(cache, 0o620)
        #expect(try rejection() == "it belongs to another user or others may write it")

        _ = directory.write(".q.jsonl.odc", saved)
        chmod(cache, 0o600)
        let desk = try open(path, directory)
        var other = desk.clusterParameters
        other.similarity = 0.6
        guard case .rejected(let reason) = ClusterFile.load(for: QueueSource(desk.queueFile!), parameters: other) else {
            Issue.record("other parameters accepted")
            return
        }
        #expect(reason.contains("clusters differently"))
        #expect(said.filter { $0.contains(cache) && $0.contains("a section is damaged") }.count == 1)
    }

    @Test func damageInTheStateForAppendedRowsIsFoundWhenRowsArrive() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 2_000)
        let expected = Facts(try open(path, directory))
        var damaged = fileBytes(cachePath(path))
        damaged[damaged.count - 40] ^= 0x01  // in the last band's keys
        _ = directory.write(".q.jsonl.odc", damaged)
        let reopened = try open(path, directory)
        #expect(Facts(reopened) == expected)  // queries never read that part
        directory.append("q.jsonl", submissionLine(id: "fresh", justification: "A new objection, unlike the others, about my garden photos and nothing else.") + "\n")
        try reopened.refresh()
        let fresh = Clusters(table: reopened.table)
        #expect((0..<reopened.table.count).map { reopened.clusters.cluster(ofRow: $0) } == (0..<fresh.rowCount).map { fresh.cluster(ofRow: $0) })
        #expect(reopened.takeNotes().filter { $0.contains("ignoring the saved clusters: a section is damaged") }.count == 1)
    }

    @Test func aQueueRewrittenInPlaceInvalidatesTheCache() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 2_000)
        _ = try open(path, directory).clusters
        // Same length, same inode, one letter changed in the first line.
        var bytes = fileBytes(path)
        let position = bytes.firstIndex(of: UInt8(ascii: "a"))!
        bytes[position] = UInt8(ascii: "b")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: bytes)
        try handle.close()
        let desk = try Desk(queuePath: path, decisionsPath: directory.file("d.jsonl"), index: DerivedFileOptions(mode: .rebuild, writesSynchronously: true))
        guard case .rejected(let reason) = ClusterFile.load(for: QueueSource(desk.queueFile!), parameters: desk.clusterParameters) else {
            Issue.record("a rewritten queue's clusters were accepted")
            return
        }
        #expect(reason == "the queue's lines changed since it was written")
    }

    @Test func noCacheWhenTheIndexIsDisabled() throws {
        let directory = TemporaryDirectory()
        let (path, _) = familyQueue(directory, rows: 500)
        let desk = try Desk(queuePath: path, decisionsPath: directory.file("d.jsonl"), index: .disabled)
        desk.buildClusters()
        #expect(!FileManager.default.fileExists(atPath: cachePath(path)))
    }
}
