/// Sections of fixed-width values (and of strings), each with its length and XXH64, as the
/// cluster cache and the ledger snapshot store them.
///
/// A section is its byte length (8), the XXH64 of its bytes (8), the bytes, and zero padding to a
/// multiple of 8. Integers are little-endian.
struct SectionWriter {
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

    /// Strings as two sections: their UTF-8 bytes back to back, and where each one ends.
    mutating func put(strings: [String]) {
        var bytes: [UInt8] = []
        var ends: [UInt32] = []
        ends.reserveCapacity(strings.count)
        for string in strings {
            bytes += string.utf8
            ends.append(UInt32(bytes.count))
        }
        put(bytes)
        put(ends)
    }
}

/// Reads back the sections `SectionWriter` wrote, checking each one's length and checksum.
struct SectionReader {
    mutating func takeStrings(count expected: Int? = nil) throws(QueueIndexError) -> [String] {
        let bytes: [UInt8] = try take()
        let ends: [UInt32] = try take(count: expected)
        var strings: [String] = []
        strings.reserveCapacity(ends.count)
        var start = 0
        for end in ends {
            guard Int(end) >= start, Int(end) <= bytes.count else { throw QueueIndexError("a section is damaged") }
            strings.append(String(decoding: bytes[start..<Int(end)], as: UTF8.self))
            start = Int(end)
        }
        return strings
    }

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

/// The start every saved derived file shares: magic (8), format version (4), zero (4), fingerprint
/// of the code that derived it (8), and the XXH64 of the header in its last 8 bytes.
enum DerivedFileHeader {
    /// Throws unless `bytes` starts with such a header of `length` bytes; `kind` and `stale` word
    /// the reasons ("it is not an objection-desk …", "it was written by a version of objection-desk
    /// that …").
    static func check(_ bytes: UnsafeRawBufferPointer, magic: [UInt8], version: UInt32, length: Int, fingerprint: UInt64,
                      kind: String, stale: String) throws(QueueIndexError) {
        guard bytes.count >= length, bytes.prefix(8).elementsEqual(magic) else { throw QueueIndexError("it is not an objection-desk \(kind)") }
        let found = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard found == version else { throw QueueIndexError("it has format version \(found); this build reads version \(version)") }
        guard XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<(length - 8)])) == integer(bytes, at: length - 8) else {
            throw QueueIndexError("its header is damaged")
        }
        guard integer(bytes, at: 16) == fingerprint else { throw QueueIndexError("it was written by a version of objection-desk that \(stale)") }
    }

    static func integer(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
