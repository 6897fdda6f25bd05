/// The cluster cache's byte layout (DECISIONS.md, "The cluster cache"). Integers little-endian.
///
///     0    8  magic "ODCLUSTR"       8  4  format version   12  4  reserved, zero
///     16   8  fingerprint of the clustering code and parameters (`ClusterCacheFingerprint`)
///     24   8  queue device          32  8  queue inode
///     40   8  rows described        48  8  end of the last described row's line in the queue
///     56  32  SHA-256 of that prefix's first 64 KiB, 88 32 of its last 64 KiB
///     120  8  XXH64 of the described rows' line offsets and lengths
///     128  8  section count
///     136  8  XXH64 of the header bytes before it
///     144     sections, one after another: byte length (8), XXH64 of the bytes (8), the bytes,
///             zero padding to a multiple of 8
struct ClusterCacheHeader: Equatable {
    static let magic = Array("ODCLUSTR".utf8)
    static let version: UInt32 = 1
    static let length = 144

    var fingerprint: UInt64 = 0
    var device: UInt64 = 0
    var inode: UInt64 = 0
    var rows: UInt64 = 0
    var prefixEnd: UInt64 = 0
    var firstBlockHash: [UInt8] = []
    var lastBlockHash: [UInt8] = []
    var linesChecksum: UInt64 = 0
    var sectionCount: UInt64 = 0

    func encoded() -> [UInt8] {
        var bytes = Self.magic
        ClusterCacheWriter.append(Self.version, to: &bytes)
        ClusterCacheWriter.append(UInt32(0), to: &bytes)
        for value in [fingerprint, device, inode, rows, prefixEnd] { ClusterCacheWriter.append(value, to: &bytes) }
        bytes += firstBlockHash + lastBlockHash
        ClusterCacheWriter.append(linesChecksum, to: &bytes)
        ClusterCacheWriter.append(sectionCount, to: &bytes)
        let checksum = bytes.withUnsafeBytes { XXHash64.hash($0) }
        ClusterCacheWriter.append(checksum, to: &bytes)
        return bytes
    }

    /// The header at the start of `bytes`, or why it is not one.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(QueueIndexError) -> ClusterCacheHeader {
        guard bytes.count >= length, bytes.prefix(8).elementsEqual(magic) else {
            throw QueueIndexError("it is not an objection-desk cluster cache")
        }
        func integer(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        let version = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard version == Self.version else {
            throw QueueIndexError("it has format version \(version); this build reads version \(Self.version)")
        }
        guard XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<136])) == integer(136) else {
            throw QueueIndexError("its header is damaged")
        }
        var header = ClusterCacheHeader()
        header.fingerprint = integer(16)
        header.device = integer(24)
        header.inode = integer(32)
        header.rows = integer(40)
        header.prefixEnd = integer(48)
        header.firstBlockHash = Array(bytes[56..<88])
        header.lastBlockHash = Array(bytes[88..<120])
        header.linesChecksum = integer(120)
        header.sectionCount = integer(128)
        return header
    }
}

/// Appends sections of fixed-width values to a byte buffer.
struct ClusterCacheWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var sectionCount = 0

    static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func put<Value: FixedWidthInteger>(_ values: [Value]) {
        #if _endian(big)
        let values = values.map(\.littleEndian)
        #endif
        values.withUnsafeBytes { raw in
            Self.append(UInt64(raw.count), to: &bytes)
            Self.append(XXHash64.hash(raw), to: &bytes)
            bytes.append(contentsOf: raw)
        }
        while bytes.count % 8 != 0 { bytes.append(0) }
        sectionCount += 1
    }
}

/// Reads back the sections `ClusterCacheWriter` wrote, checking each one's length and checksum.
struct ClusterCacheReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, from offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take<Value: FixedWidthInteger>(_: Value.Type = Value.self, count expected: Int? = nil) throws(QueueIndexError) -> [Value] {
        guard offset + 16 <= bytes.count else { throw QueueIndexError("it is truncated") }
        let length = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        let checksum = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        let stride = MemoryLayout<Value>.stride
        guard length >= 0, length % stride == 0, length <= bytes.count - offset - 16 else { throw QueueIndexError("it is truncated") }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[(offset + 16)..<(offset + 16 + length)])
        guard XXHash64.hash(raw) == checksum else { throw QueueIndexError("a section is damaged") }
        let count = length / stride
        if let expected, expected != count { throw QueueIndexError("a section has \(count) entries, not \(expected)") }
        let padded = (length + 7) / 8 * 8
        guard padded <= bytes.count - offset - 16,
              bytes[(offset + 16 + length)..<(offset + 16 + padded)].allSatisfy({ $0 == 0 }) else {
            throw QueueIndexError("a section is damaged")
        }
        offset += 16 + padded
        let values = [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            initialized = count
        }
        #if _endian(big)
        return values.map { Value(littleEndian: $0) }
        #else
        return values
        #endif
    }
}
