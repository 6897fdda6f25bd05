import DeskCore

/// The one byte order of the derived files: integers are stored little-endian, appended to a byte
/// array and read back from raw bytes (any alignment).
package enum LittleEndian {
    package static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// The integer at `offset` of `bytes` (which must hold it).
    package static func read<Value: FixedWidthInteger>(_: Value.Type = Value.self, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Value {
        Value(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Value.self))
    }
}

/// Reads little-endian integers and UTF-8 from a byte array, failing instead of trapping.
package struct ByteReader {
    private let bytes: [UInt8]
    private(set) var position = 0

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    package var isAtEnd: Bool { position >= bytes.count }

    package mutating func integer<Value: FixedWidthInteger>(_ type: Value.Type) -> Value? {
        let size = MemoryLayout<Value>.size
        guard position + size <= bytes.count else { return nil }
        let value = bytes.withUnsafeBytes { LittleEndian.read(Value.self, $0, at: position) }
        position += size
        return value
    }

    package mutating func raw(_ count: Int) -> [UInt8]? {
        guard count >= 0, position + count <= bytes.count else { return nil }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    /// Valid UTF-8 only: a corrupt name or message is refused, not repaired.
    package mutating func utf8(_ count: Int) -> String? {
        guard let raw = raw(count) else { return nil }
        return String(validating: raw, as: UTF8.self)
    }
}
