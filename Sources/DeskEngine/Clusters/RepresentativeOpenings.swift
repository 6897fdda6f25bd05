import DeskCore
import DeskStore

/// The opening of each cluster's representative text, saved with the clusters: listing them
/// (`clusters`, one table line for each of tens of thousands of clusters) then reads no queue
/// line. Reading those lines back was a third of a warm `clusters` on a million rows, a random
/// `pread` each.
///
/// Kept by row, not by cluster: cluster numbers change as rows arrive, a row's text never does
/// (derived files describe a byte-identical prefix of the queue). A row without a kept opening
/// (a cluster formed since the file was saved) is read from the queue as before.
package struct RepresentativeOpenings: Sendable {
    /// Scalars kept of each text: a table cell reads `width + 8` scalars, so terminals up to 200
    /// columns wide are served (wider ones read the rest from the queue).
    package static let scalars = 208

    /// Representative rows, ascending.
    private(set) var rows: [Int32] = []
    /// Where each opening ends in `bytes`; the top bit says it is the whole text.
    private(set) var ends: [UInt32] = []
    private(set) var bytes: [UInt8] = []
    /// Restored openings stay in the mapped cluster cache (`bytes` is then empty): copying ~10 MB
    /// out of it was a sixth of listing them.
    private var mapped: (file: MappedDerivedFile, range: Range<Int>)?

    private static let wholeText: UInt32 = 1 << 31

    package init() {}

    /// For each of `rows`, which kept opening serves a reader of `scalars` scalars of its text
    /// (the whole text is kept, or at least that many scalars of it); nil where none does.
    package func openings(ofRows rows: [Int], servingScalars scalars: Int) -> [Int?] {
        rows.map { row in
            var low = 0
            var high = self.rows.count
            while low < high {
                let middle = (low + high) / 2
                if Int(self.rows[middle]) < row { low = middle + 1 } else { high = middle }
            }
            guard low < self.rows.count, Int(self.rows[low]) == row,
                  ends[low] & Self.wholeText != 0 || scalars <= Self.scalars else { return nil }
            return low
        }
    }

    /// Calls `body` with every opening's bytes, for `range(of:)`.
    package func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let mapped {
            let raw = UnsafeRawBufferPointer(rebasing: mapped.file.bytes[mapped.range])
            return body(raw.assumingMemoryBound(to: UInt8.self))
        }
        return bytes.withUnsafeBufferPointer(body)
    }

    /// Where opening `index` is in `withBytes`'s buffer.
    package func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1] & ~Self.wholeText))..<Int(ends[index] & ~Self.wholeText)
    }

    /// The openings of `representatives`' texts, read from the queue on every core: where the
    /// load located a text when it can (`location`), else from its row's line. Rows whose line no
    /// longer holds their record are left out.
    static func read(representatives: [Int32], table: SubmissionTable, parallelism: Int,
                     location: @escaping @Sendable (Int32) -> JustificationLocation) -> RepresentativeOpenings {
        let reading = Reading(representatives: representatives, table: table, parallelism: parallelism, location: location)
        var parts = [RepresentativeOpenings](repeating: RepresentativeOpenings(), count: reading.pieces)
        parts.withUnsafeMutableBufferPointer { buffer in
            let output = SendablePointer(buffer)
            runConcurrently(reading.pieces, parallelism: parallelism) { piece in output.buffer[piece] = reading.read(piece: piece) }
        }
        return merged(parts)
    }

    /// `read`'s work in pieces, for a pool that has other work too (a first clustering reads the
    /// openings among the pieces of `adds`, instead of after them while every other core waits
    /// for the saved file).
    struct Reading: Sendable {
        private let rows: [Int32]
        let pieces: Int
        private let table: SubmissionTable
        private let location: @Sendable (Int32) -> JustificationLocation

        init(representatives: [Int32], table: SubmissionTable, parallelism: Int,
             location: @escaping @Sendable (Int32) -> JustificationLocation) {
            rows = Array(Set(representatives)).sorted()
            pieces = min(rows.count, parallelism * 4)
            self.table = table
            self.location = location
        }

        /// The openings of the `piece`-th of `pieces` runs of the rows, in row order.
        func read(piece: Int) -> RepresentativeOpenings {
            var builder = SearchTextBuilder(descriptor: table.searchText.sourceDescriptor)
            var scratch: [UInt8] = []
            var part = RepresentativeOpenings()
            for row in rows[(rows.count * piece / pieces)..<(rows.count * (piece + 1) / pieces)] {
                let keep = { (text: UnsafeRawBufferPointer) in part.append(row: row, text: text) }
                let located = location(row)
                if let offset = located.fileOffset, builder.withRawJustification(at: offset, length: located.length, scratch: &scratch, keep) {
                    continue
                }
                _ = builder.withJustification(ofRow: Int(row), of: table, scratch: &scratch, keep)
            }
            return part
        }
    }

    /// The pieces' openings, in the pieces' order, as one.
    static func merged(_ parts: [RepresentativeOpenings]) -> RepresentativeOpenings {
        var openings = RepresentativeOpenings()
        // Room for all parts first: appended part by part, the bytes grew by doubling (34 MB
        // allocated for the composed million's 17 MB, on the main thread at the end of `adds`).
        openings.rows.reserveCapacity(parts.reduce(0) { $0 + $1.rows.count })
        openings.ends.reserveCapacity(parts.reduce(0) { $0 + $1.ends.count })
        openings.bytes.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count })
        for part in parts {
            let base = UInt32(openings.bytes.count)
            openings.rows += part.rows
            openings.ends += part.ends.map { ($0 & Self.wholeText) | (($0 & ~Self.wholeText) + base) }
            openings.bytes += part.bytes
        }
        return openings
    }

    /// Keeps the first `scalars` scalars of `text` (whole sequences: a scalar starts at every byte
    /// that is not a continuation byte).
    private mutating func append(row: Int32, text: UnsafeRawBufferPointer) {
        var cut = 0
        var started = 0
        while cut < text.count {
            if text[cut] & 0xC0 != 0x80 {
                if started == Self.scalars { break }
                started += 1
            }
            cut += 1
        }
        bytes += UnsafeRawBufferPointer(rebasing: text[0..<cut])
        rows.append(row)
        ends.append(UInt32(bytes.count) | (cut == text.count ? Self.wholeText : 0))
    }

    static let sectionCount = 3

    func encode(into writer: inout SectionWriter) {
        writer.put(rows)
        writer.put(ends)
        writer.put(bytes)
    }

    /// Reads what `encode(into:)` wrote into `file` for a queue of `rowCount` rows, checking that
    /// it fits; the bytes stay in the file.
    init(restoring reader: inout SectionReader, from file: MappedDerivedFile, rowCount: Int) throws(DerivedFileError) {
        rows = try reader.take()
        ends = try reader.take(count: rows.count)
        let range = try reader.takeBytes()
        mapped = (file, range)
        var previousRow: Int32 = -1
        var previousEnd = 0
        for (row, end) in zip(rows, ends) {
            let end = Int(end & ~Self.wholeText)
            guard row > previousRow, Int(row) < rowCount, end >= previousEnd, end <= range.count else {
                throw DerivedFileError("its parts do not fit together")
            }
            (previousRow, previousEnd) = (row, end)
        }
    }
}

/// The representatives' openings of a saved cluster cache (`ClusterFile`), read on their own when
/// clusters are listed: the same file, checked the same way, but only these sections are read
/// (the file is only ever written whole, by `ClusterFile`).
enum ClusterOpeningsFile: DerivedFile {
    typealias Subject = ClusterFile.Subject

    static let magic = ClusterFile.magic
    static let version = ClusterFile.version
    static let minimumSize = ClusterFile.minimumSize
    static let suffix = ClusterFile.suffix
    static let name = ClusterFile.name

    static func fingerprint(for subject: Subject) -> UInt64 { ClusterFile.fingerprint(for: subject) }
    static func location(for subject: Subject) -> DerivedFileLocation? { ClusterFile.location(for: subject) }
    static func ignoredNote(path: String, reason: String) -> String { ClusterFile.ignoredNote(path: path, reason: reason) }
    static func unsavedNote(path: String, reason: String) -> String { ClusterFile.unsavedNote(path: path, reason: reason) }

    /// The saved openings of `queue`'s representatives; none when the cache is missing or unusable
    /// (the rows are then read from the queue).
    static func load(for queue: QueueSource, parameters: ClusterParameters) -> RepresentativeOpenings {
        guard case .loaded(let openings) = DerivedFileStore.load(Self.self, for: Subject(queue: queue, parameters: parameters)) else {
            return RepresentativeOpenings()
        }
        return openings
    }

    static func decode(_ contents: DerivedFileContents, for subject: Subject) throws(DerivedFileError) -> RepresentativeOpenings {
        // Each opening is a row's text, the same in every file whose stamp the queue passes.
        let (mapped, rows, start) = try ClusterFile.sections(of: contents, for: subject)
        var reader = start
        for _ in 0..<Clusters.assembledSectionCount { try reader.skip() }
        return try RepresentativeOpenings(restoring: &reader, from: mapped, rowCount: rows)
    }

    static func encode(_ value: RepresentativeOpenings, for subject: Subject) throws(DerivedFileError) -> DerivedFileImage? { nil }
}
