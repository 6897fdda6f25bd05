/// The cluster cache's byte layout (DECISIONS.md, "The cluster cache"). Integers little-endian.
///
///     0    8  magic "ODCLUSTR"       8  4  format version   12  4  reserved, zero
///     16   8  fingerprint of the clustering code and parameters (`ClusterCacheFingerprint`)
///     24  48  the queue rows described (`QueuePrefixStamp`)
///     72   8  section count
///     80   8  XXH64 of the header bytes before it
///     88      sections, one after another: byte length (8), XXH64 of the bytes (8), the bytes,
///             zero padding to a multiple of 8
struct ClusterCacheHeader: Equatable {
    static let magic = Array("ODCLUSTR".utf8)
    /// 2: the stamp hashes the whole prefix of the queue (version 1: its first and last 64 KiB).
    static let version: UInt32 = 2
    static let length = 24 + QueuePrefixStamp.length + 16

    var fingerprint: UInt64 = 0
    var stamp = QueuePrefixStamp()
    var sectionCount: UInt64 = 0

    func encoded() -> [UInt8] {
        var bytes = Self.magic
        SectionWriter.append(Self.version, to: &bytes)
        SectionWriter.append(UInt32(0), to: &bytes)
        SectionWriter.append(fingerprint, to: &bytes)
        bytes += stamp.encoded()
        SectionWriter.append(sectionCount, to: &bytes)
        let checksum = bytes.withUnsafeBytes { XXHash64.hash($0) }
        SectionWriter.append(checksum, to: &bytes)
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
        guard XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<(length - 8)])) == integer(length - 8) else {
            throw QueueIndexError("its header is damaged")
        }
        var header = ClusterCacheHeader()
        header.fingerprint = integer(16)
        header.stamp = QueuePrefixStamp(decoding: bytes, at: 24)
        header.sectionCount = integer(length - 16)
        return header
    }
}

