#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every valid submission of the queue, as columns plus folded search text.
///
/// Rows are numbered in file order. The full record of a row is read back from the queue file
/// when needed (`QueueFile.submission(at:)`), so memory holds only what filtering needs.
public struct SubmissionTable: Sendable {
    public private(set) var columns = SubmissionColumns()
    public private(set) var platforms = StringInterner()
    public private(set) var locales = StringInterner()
    private var idBytes = ByteBuffer(capacity: 1 << 16)
    private var idEnds: [UInt32] = []
    private var index = IDIndex()
    public private(set) var searchSegments: [SearchText] = []

    public init() {}

    public var count: Int { columns.count }

    public func id(_ row: Int) -> String {
        withID(row) { String(decoding: $0, as: UTF8.self) }
    }

    func withID<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        idBytes.withUnsafeBytes { bytes in
            let start = row == 0 ? 0 : Int(idEnds[row - 1])
            return body(UnsafeRawBufferPointer(rebasing: bytes[start..<Int(idEnds[row])]))
        }
    }

    public func row(forID id: String) -> Int? {
        var id = id
        return id.withUTF8 { row(forID: UnsafeRawBufferPointer($0)) }
    }

    public func row(forID id: UnsafeRawBufferPointer) -> Int? {
        index.find(hash: IDIndex.hash(id)) { row in
            withID(Int(row)) { $0.count == id.count && $0.elementsEqual(id) }
        }.map(Int.init)
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
        idEnds.reserveCapacity(idEnds.count + chunk.columns.count)
        for local in 0..<chunk.columns.count {
            chunk.withID(local) { id in
                let hash = IDIndex.hash(id)
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
        columns.append(chunk.columns, skipping: duplicates, platformMap: platformMap, localeMap: localeMap)
        var search = chunk.search
        search.remove(localRows: duplicates)
        search.shrinkToFit()
        if search.rowCount > 0 {
            searchSegments.append(SearchText(rebasing: search, firstRow: firstNewRow))
        }
        return problems
    }

    /// Locates a row's search segment.
    func segment(containing row: Int) -> (segment: Int, localRow: Int) {
        var low = 0
        var high = searchSegments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if searchSegments[middle].firstRow <= row { low = middle } else { high = middle - 1 }
        }
        return (low, row - searchSegments[low].firstRow)
    }

    /// The row's folded email (lower case, accents removed), for sorting.
    func withFoldedEmail<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let (segment, local) = segment(containing: row)
        return searchSegments[segment].withEmail(localRow: local, body)
    }

    /// The row's folded justification, for clustering.
    func withFoldedJustification<Result>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let (segment, local) = segment(containing: row)
        return searchSegments[segment].withJustification(localRow: local, body)
    }

    public func isVerified(_ row: Int) -> Bool? {
        let attributes = columns.attributes[row]
        guard attributes.contains(.verificationKnown) else { return nil }
        return attributes.contains(.emailVerified)
    }

    public func country(_ row: Int) -> CountryCode { CountryCode(packed: columns.countries[row])! }
}
