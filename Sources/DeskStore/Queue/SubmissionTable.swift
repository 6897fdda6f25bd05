#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every valid submission of the queue, as columns plus folded search text.
///
/// Rows are numbered in file order. The full record of a row is read back from the queue file
/// when needed (`QueueFile.submission(at:)`), so memory holds only what filtering needs. The folded
/// text is built on first use (`LazySearchText`); everything else can come from the queue index.
package struct SubmissionTable: Sendable {
    package internal(set) var columns = SubmissionColumns()
    package internal(set) var platforms = StringInterner()
    package internal(set) var locales = StringInterner()
    private(set) var idBytes = ByteBuffer(capacity: 1 << 16)
    private(set) var idEnds: [UInt32] = []
    private(set) var index = IDIndex()
    /// Submissions per requester (normalised email): who objected more than once.
    package internal(set) var requesterIndex = RequesterIndex()
    /// Shared by copies of this table; replaced with the table when the queue file is.
    package let searchText: LazySearchText

    package init() { searchText = LazySearchText() }

    /// An empty table whose search text is read back from `descriptor` (duplicated) when needed.
    init(searchSource descriptor: Int32, path: String) {
        searchText = LazySearchText(descriptor: descriptor, path: path)
    }

    /// A table restored from the queue index; the caller has checked that the parts agree.
    init(columns: SubmissionColumns, platforms: StringInterner, locales: StringInterner, idBytes: ByteBuffer,
         idEnds: [UInt32], index: IDIndex, requesterIndex: RequesterIndex, searchText: LazySearchText) {
        self.columns = columns
        self.platforms = platforms
        self.locales = locales
        self.idBytes = idBytes
        self.idEnds = idEnds
        self.index = index
        self.requesterIndex = requesterIndex
        self.searchText = searchText
    }

    /// The folded email and justification of every row, in segments: built (or waited for) on the
    /// spot when not ready. Fetch it once per operation, not once per row.
    package var searchSegments: [SearchText] { searchText.segments(for: self) }

    /// The folded text of every row, for lookups by row (see `searchSegments`).
    package func foldedText() -> FoldedText { FoldedText(segments: searchSegments) }

    /// Whether the folded text of every row is there (no file reading on first use).
    package var isSearchTextReady: Bool { searchText.isReady(rowCount: count) }

    /// Starts folding the rows' text on a background thread, if it is not ready; returns at once.
    package func prepareSearchText() { searchText.prepare(self) }

    package var count: Int { columns.count }

    package func id(_ row: Int) -> String {
        withID(row) { String(decoding: $0, as: UTF8.self) }
    }

    package func withID<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        idBytes.withUnsafeBytes { bytes in
            let start = row == 0 ? 0 : Int(idEnds[row - 1])
            return body(UnsafeRawBufferPointer(rebasing: bytes[start..<Int(idEnds[row])]))
        }
    }

    package func row(forID id: String) -> Int? {
        var id = id
        return id.withUTF8 { row(forID: UnsafeRawBufferPointer($0)) }
    }

    package func row(forID id: UnsafeRawBufferPointer) -> Int? {
        index.find(hash: IDIndex.hash(id)) { row in
            withID(Int(row)) { $0.count == id.count && (id.count == 0 || memcmp($0.baseAddress!, id.baseAddress!, id.count) == 0) }
        }.map(Int.init)
    }

    /// Room for about `rows` rows in all, when a load can tell how many the file holds: the id
    /// index then does not rehash every id on its way up (and the columns are not copied).
    mutating func expect(rows: Int, idBytes expectedIDBytes: Int = 0) {
        guard rows > count else { return }
        // The ids' bytes too (an eighth to spare: the estimate comes from the first part): grown by
        // doubling they were copied three times at a million rows.
        let idRoom = expectedIDBytes + expectedIDBytes / 8
        if idRoom > idBytes.count { idBytes.reserve(additional: idRoom - idBytes.count) }
        var index = self.index
        self.index = IDIndex()
        index.reserve(rows) { row in withID(Int(row)) { IDIndex.hash($0) } }
        self.index = index
        columns.reserve(rows)
        idEnds.reserveAmortized(rows)
        requesterIndex.reserve(rows)
    }

    /// Adds a parsed chunk's rows; ids already present are reported and the later line dropped.
    mutating func append(_ chunk: QueueChunk, file: String) -> [DataProblem] {
        var problems: [DataProblem] = []
        var duplicates: [Int] = []
        var acceptedLocalRows: [Int] = []
        let firstNewRow = count
        func firstLine(of row: Int) -> UInt32 {
            row < firstNewRow ? columns.lineNumbers[row] : chunk.columns.lineNumbers[acceptedLocalRows[row - firstNewRow]]
        }
        var index = self.index
        self.index = IDIndex()
        defer { self.index = index }
        index.reserve(count + chunk.columns.count) { row in withID(Int(row)) { IDIndex.hash($0) } }
        idBytes.reserve(additional: chunk.idBytes.count)
        idEnds.reserveAmortized(idEnds.count + chunk.columns.count)
        // The ids' hashes first, so that each probe's cache line can be asked for a few rows
        // ahead (the slots are 16 MB at a million rows: each probe was a cache miss).
        let hashes = (0..<chunk.columns.count).map { local in chunk.withID(local) { IDIndex.hash($0) } }
        let ahead = 8
        for local in 0..<chunk.columns.count {
            if local + ahead < hashes.count { index.prefetch(hash: hashes[local + ahead]) }
            chunk.withID(local) { id in
                let hash = hashes[local]
                let existing = index.find(hash: hash) { row in
                    withID(Int(row)) { $0.count == id.count && memcmp($0.baseAddress!, id.baseAddress!, id.count) == 0 }
                }
                if let existing {
                    duplicates.append(local)
                    problems.append(DataProblem(
                        file: file, line: Int(chunk.columns.lineNumbers[local]), byteOffset: chunk.columns.lineOffsets[local],
                        message: "duplicate id \"\(TerminalSafety.sanitize(String(decoding: id, as: UTF8.self)).text)\" (first on line \(firstLine(of: Int(existing)))); this line is ignored"))
                    return
                }
                acceptedLocalRows.append(local)
                idBytes.append(contentsOf: id)
                idEnds.append(UInt32(idBytes.count))
                index.insert(row: Int32(firstNewRow + local - duplicates.count), hash: hash) { row in
                    withID(Int(row)) { IDIndex.hash($0) }
                }
            }
        }
        let platformMap = [0] + chunk.platforms.values.map { platforms.number(for: $0) }
        let localeMap = [0] + chunk.locales.values.map { locales.number(for: $0) }
        let firstAppended = columns.count
        columns.append(chunk.columns, skipping: duplicates, platformMap: platformMap, localeMap: localeMap)
        columns.requesters.withUnsafeBufferPointer { requesterIndex.add(contentsOf: UnsafeBufferPointer(rebasing: $0[firstAppended...])) }
        if chunk.foldedText {
            var search = chunk.search
            search.remove(localRows: duplicates)
            search.shrinkToFit()
            searchText.add(SearchText(rebasing: search, firstRow: firstNewRow))
        }
        return problems
    }

    package func isVerified(_ row: Int) -> Bool? {
        let attributes = columns.attributes[row]
        guard attributes.contains(.verificationKnown) else { return nil }
        return attributes.contains(.emailVerified)
    }

    package func country(_ row: Int) -> CountryCode { CountryCode(packed: columns.countries[row])! }

    /// The requester filed another submission too (same normalised email).
    package func isRepeat(_ row: Int) -> Bool { requesterIndex.count(of: columns.requesters[row]) > 1 }

    /// Every row of the requester behind `hash`, in file order.
    package func rows(ofRequester hash: UInt64) -> [Int] {
        columns.requesters.indices.filter { columns.requesters[$0] == hash }
    }
}
