import DeskCore
import Foundation

/// The sections of one index as they are read, each by its own worker: every property is written
/// by exactly one `load` call, and read only after all have returned.
final class LoadedSections: @unchecked Sendable {
    private let lock = NSLock()
    private var firstFailure: DerivedFileError?
    private var columns = SubmissionColumns()
    private var idBytes = ByteBuffer(capacity: 0)
    private var idEnds: [UInt32] = []
    private var idIndex: IDIndex?
    private var requesterKeys: [UInt64] = []
    private var requesterCounts: [Int32] = []
    private var platformNames: [String] = []
    private var localeNames: [String] = []
    private var problems: [DataProblem] = []

    var failure: DerivedFileError? { lock.withLock { firstFailure } }

    private func fail(_ reason: String) {
        lock.withLock { if firstFailure == nil { firstFailure = DerivedFileError(reason) } }
    }

    /// Reads one section, checks its XXH64 and what can be checked of it alone.
    func load(_ kind: QueueIndexFormat.Section, entry: QueueIndexFormat.SectionEntry, from file: Int32, rows: Int, path: String) {
        let count = Int(entry.length) / kind.elementSize
        func read<Element>(_ type: Element.Type) throws(DerivedFileError) -> [Element] {
            let array = try QueueIndexFile.readArray(file, at: entry.offset, count: count, as: type)
            guard array.withUnsafeBytes({ XXHash64.hash($0) }) == entry.checksum else {
                throw DerivedFileError("its section \(kind.rawValue) is damaged (checksum)")
            }
            return array
        }
        do throws(DerivedFileError) {
            switch kind {
            case .offsets: columns.lineOffsets = try read(Int64.self)
            case .lengths: columns.lineLengths = try read(UInt32.self)
            case .lineNumbers: columns.lineNumbers = try read(UInt32.self)
            case .submittedAt: columns.submittedAt = try read(Int64.self)
            case .countries:
                columns.countries = try read(UInt16.self)
                guard Self.allAssigned(columns.countries) else { throw DerivedFileError("its section \(kind.rawValue) holds an unknown country") }
            case .attributes: columns.attributes = try read(RowAttributes.self)
            case .platforms: columns.platforms = try read(UInt16.self)
            case .locales: columns.locales = try read(UInt16.self)
            case .requesters: columns.requesters = try read(UInt64.self)
            case .idBytes:
                var complete = true
                idBytes = ByteBuffer(filling: count) {
                    QueueIndexFile.adviseHugePages($0)
                    complete = QueueIndexFile.readFully(file, $0, at: entry.offset)
                }
                guard complete else { throw DerivedFileError("it is truncated") }
                guard idBytes.withUnsafeBytes({ XXHash64.hash($0) }) == entry.checksum else {
                    throw DerivedFileError("its section \(kind.rawValue) is damaged (checksum)")
                }
            case .idEnds:
                idEnds = try read(UInt32.self)
                var previous: UInt32 = 0
                for end in idEnds {
                    guard end > previous else { throw DerivedFileError("its id table is inconsistent") }
                    previous = end
                }
            case .idSlots:
                guard let index = IDIndex(slots: try read(UInt64.self), count: rows) else { throw DerivedFileError("its id table is inconsistent") }
                idIndex = index
            case .requesterKeys: requesterKeys = try read(UInt64.self)
            case .requesterCounts: requesterCounts = try read(Int32.self)
            case .platformNames:
                guard let names = QueueIndexSections.decodeNames(try read(UInt8.self)) else { throw DerivedFileError("its platform names are damaged") }
                platformNames = names
            case .localeNames:
                guard let names = QueueIndexSections.decodeNames(try read(UInt8.self)) else { throw DerivedFileError("its locale names are damaged") }
                localeNames = names
            case .problems:
                guard let decoded = QueueIndexSections.decodeProblems(try read(UInt8.self), file: path) else { throw DerivedFileError("its problem list is damaged") }
                problems = decoded
            }
        } catch {
            fail(error.reason)
        }
    }

    /// Assembles the snapshot once every section loaded, checking what ties sections together.
    func snapshot(_ header: QueueIndexFormat.Header, searchText: LazySearchText) throws(DerivedFileError) -> QueueSnapshot {
        guard let idIndex, idEnds.last.map({ Int($0) == idBytes.count }) ?? (idBytes.count == 0) else {
            throw DerivedFileError("its id table is inconsistent")
        }
        guard let requesterIndex = RequesterIndex(keys: requesterKeys, counts: requesterCounts) else {
            throw DerivedFileError("its requester table is inconsistent")
        }
        guard let platforms = StringInterner(values: platformNames), let locales = StringInterner(values: localeNames),
              !columns.platforms.contains(where: { Int($0) > platformNames.count }),
              !columns.locales.contains(where: { Int($0) > localeNames.count }) else {
            throw DerivedFileError("its platform or locale names are inconsistent")
        }
        var previousEnd: Int64 = 0
        for row in columns.lineOffsets.indices {
            let offset = columns.lineOffsets[row]
            guard offset >= previousEnd else { throw DerivedFileError("its line offsets are inconsistent") }
            previousEnd = offset + Int64(columns.lineLengths[row])
        }
        guard previousEnd <= Int64(header.indexedEnd), header.nextLineNumber >= 1, header.inFlightOffset >= -1 else {
            throw DerivedFileError("its line offsets are inconsistent")
        }
        let table = SubmissionTable(columns: columns, platforms: platforms, locales: locales, idBytes: idBytes, idEnds: idEnds,
                                    index: idIndex, requesterIndex: requesterIndex, searchText: searchText)
        return QueueSnapshot(table: table, problems: problems, consumedEnd: Int64(header.indexedEnd),
                             nextLineNumber: Int(header.nextLineNumber),
                             inFlightTail: header.inFlightOffset < 0 ? nil : (header.inFlightOffset, Int(header.inFlightLine)),
                             tookUnterminatedTail: header.tookUnterminatedTail)
    }

    /// Every code is an assigned country (`SubmissionTable.country` unwraps it).
    private static func allAssigned(_ codes: [UInt16]) -> Bool {
        var known = [UInt8](repeating: 0, count: 1 << 16)  // 0: not looked up, 1: assigned, 2: not
        for code in codes {
            if known[Int(code)] == 0 { known[Int(code)] = CountryCode(packed: code) == nil ? 2 : 1 }
            if known[Int(code)] == 2 { return false }
        }
        return true
    }
}
