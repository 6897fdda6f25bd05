#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Identifies the first `rows` rows of a queue file, for files derived from them (the cluster
/// cache, the search text, the ledger snapshot): the file (device, inode), where the last of
/// those rows' lines ends, the digest of that whole prefix (`QueuePrefixHash`: any changed byte,
/// whatever the size and mtime say), and the XXH64 of the rows' line offsets and lengths. Stored
/// as 48 bytes: device, inode, rows, prefix end, prefix digest, lines checksum (8 each).
package struct QueuePrefixStamp: Equatable, Sendable {
    package static let length = 48

    package var device: UInt64 = 0
    package var inode: UInt64 = 0
    package var rows: UInt64 = 0
    package var prefixEnd: UInt64 = 0
    package var prefixHash: UInt64 = 0
    package var linesChecksum: UInt64 = 0

    package init() {}

    /// The stamp of `source`'s first `rows` rows (at least one), or nil when the queue cannot be read.
    package init?(_ source: QueueSource, rows: Int) {
        let table = source.table
        guard rows > 0, rows <= table.count else { return nil }
        device = source.identity.device
        inode = source.identity.inode
        self.rows = UInt64(rows)
        prefixEnd = Self.prefixEnd(table, rows: rows)
        linesChecksum = Self.linesChecksum(table, rows: rows)
        guard let hash = QueuePrefixHash.of(source.descriptor, end: Int64(prefixEnd)) else { return nil }
        prefixHash = hash
    }

    /// Throws unless `source` still begins with the rows this stamp describes.
    package func check(_ source: QueueSource) throws(DerivedFileError) {
        guard (device, inode) == source.identity else { throw DerivedFileError("it describes another queue file") }
        let table = source.table
        let rows = Int(rows)
        guard rows > 0, rows <= table.count else { throw DerivedFileError("it describes more rows than the queue has") }
        guard prefixEnd == Self.prefixEnd(table, rows: rows), linesChecksum == Self.linesChecksum(table, rows: rows),
              QueuePrefixHash.of(source.descriptor, end: Int64(prefixEnd)) == prefixHash else {
            throw DerivedFileError("the queue's lines changed since it was written")
        }
    }

    package func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        for value in [device, inode, rows, prefixEnd, prefixHash, linesChecksum] { LittleEndian.append(value, to: &bytes) }
        return bytes
    }

    /// The stamp stored at `offset` of `bytes` (which must hold `length` bytes from there).
    package init(decoding bytes: UnsafeRawBufferPointer, at offset: Int) {
        func integer(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt64.self)) }
        device = integer(0)
        inode = integer(8)
        rows = integer(16)
        prefixEnd = integer(24)
        prefixHash = integer(32)
        linesChecksum = integer(40)
    }

    private static func prefixEnd(_ table: SubmissionTable, rows: Int) -> UInt64 {
        UInt64(table.columns.lineOffsets[rows - 1]) + UInt64(table.columns.lineLengths[rows - 1])
    }

    private static func linesChecksum(_ table: SubmissionTable, rows: Int) -> UInt64 {
        let offsets = table.columns.lineOffsets[0..<rows].withUnsafeBytes { XXHash64.hash($0) }
        let lengths = table.columns.lineLengths[0..<rows].withUnsafeBytes { XXHash64.hash($0) }
        return offsets ^ (lengths &* 0x9E37_79B9_7F4A_7C15)
    }
}
