import DeskCore

/// Sections of fixed-width values (and of strings), each with its length and XXH64, as the
/// cluster cache, the search text and the ledger snapshot store them.
///
/// A section is its byte length (8), the XXH64 of its bytes (8), the bytes, and zero padding to a
/// multiple of 8. Integers are little-endian.
package struct SectionWriter {
    /// Each section's values as they were handed over, not copied: a million-row cluster cache
    /// is ~40 MB, and appending it to one growing array (then prepending the header) copied it
    /// three times on the writing thread while the command waited for it (`write(to:at:)`).
    private var sections: [Section] = []
    package private(set) var sectionCount = 0
    /// The bytes the sections take, padding included.
    package private(set) var byteCount = 0

    private struct Section {
        /// Byte length (8) and XXH64 (8).
        let prefix: [UInt8]
        let length: Int
        let access: ((UnsafeRawBufferPointer) -> Void) -> Void

        var padding: Int { (8 - length % 8) % 8 }
    }

    package init() {}

    package mutating func put<Value: FixedWidthInteger>(_ values: [Value]) {
        #if _endian(big)
        let values = values.map(\.littleEndian)
        #endif
        var prefix: [UInt8] = []
        var length = 0
        values.withUnsafeBytes { raw in
            length = raw.count
            LittleEndian.append(UInt64(raw.count), to: &prefix)
            LittleEndian.append(XXHash64.hash(raw), to: &prefix)
        }
        let section = Section(prefix: prefix, length: length, access: { body in values.withUnsafeBytes(body) })
        sections.append(section)
        byteCount += 16 + length + section.padding
        sectionCount += 1
    }

    /// Strings as two sections: their UTF-8 bytes back to back, and where each one ends.
    package mutating func put(strings: [String]) {
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

    /// Every section, one after the other.
    package var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(byteCount)
        for section in sections {
            result += section.prefix
            section.access { result.append(contentsOf: $0) }
            result += repeatElement(0, count: section.padding)
        }
        return result
    }

    /// Writes `bytes` at `offset` straight from the sections' own storage.
    package func write(to output: DerivedFileOutput, at offset: Int64) throws(DerivedFileError) {
        var at = offset
        for section in sections {
            try output.write(section.prefix, at: at)
            var failure: DerivedFileError?
            section.access { raw in
                do throws(DerivedFileError) { try output.write(raw, at: at + 16) } catch { failure = error }
            }
            if let failure { throw failure }
            if section.padding > 0 { try output.write([UInt8](repeating: 0, count: section.padding), at: at + 16 + Int64(section.length)) }
            at += 16 + Int64(section.length + section.padding)
        }
    }
}

/// Reads back the sections `SectionWriter` wrote, checking each one's length and checksum.
package struct SectionReader {
    package mutating func takeStrings(count expected: Int? = nil) throws(DerivedFileError) -> [String] {
        let bytes: [UInt8] = try take()
        let ends: [UInt32] = try take(count: expected)
        var strings: [String] = []
        strings.reserveCapacity(ends.count)
        var start = 0
        for end in ends {
            guard Int(end) >= start, Int(end) <= bytes.count else { throw DerivedFileError("a section is damaged") }
            strings.append(String(decoding: bytes[start..<Int(end)], as: UTF8.self))
            start = Int(end)
        }
        return strings
    }

    private let bytes: UnsafeRawBufferPointer
    package private(set) var offset: Int

    package init(_ bytes: UnsafeRawBufferPointer, from offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    package var isAtEnd: Bool { offset == bytes.count }

    /// Steps over a section without reading it (its checksum is checked when it is read).
    package mutating func skip() throws(DerivedFileError) {
        guard offset + 16 <= bytes.count else { throw DerivedFileError("it is truncated") }
        let length = Int(LittleEndian.read(UInt64.self, bytes, at: offset))
        guard length >= 0, length <= bytes.count - offset - 16, (length + 7) / 8 * 8 <= bytes.count - offset - 16 else {
            throw DerivedFileError("it is truncated")
        }
        offset += 16 + (length + 7) / 8 * 8
    }

    /// Where the next section's bytes are, checked like `take` but not copied: for a large section
    /// read straight from the mapped file.
    package mutating func takeBytes() throws(DerivedFileError) -> Range<Int> {
        let start = offset + 16
        let length = try checkSection(stride: 1, count: nil)
        return start..<(start + length)
    }

    package mutating func take<Value: FixedWidthInteger>(_: Value.Type = Value.self, count expected: Int? = nil) throws(DerivedFileError) -> [Value] {
        let start = offset + 16
        let length = try checkSection(stride: MemoryLayout<Value>.stride, count: expected)
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
        let count = length / MemoryLayout<Value>.stride
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

    /// Checks the section at `offset` (length, checksum, padding), steps over it, and returns its length.
    private mutating func checkSection(stride: Int, count expected: Int?) throws(DerivedFileError) -> Int {
        guard offset + 16 <= bytes.count else { throw DerivedFileError("it is truncated") }
        let length = Int(LittleEndian.read(UInt64.self, bytes, at: offset))
        let checksum = LittleEndian.read(UInt64.self, bytes, at: offset + 8)
        guard length >= 0, length % stride == 0, length <= bytes.count - offset - 16 else { throw DerivedFileError("it is truncated") }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[(offset + 16)..<(offset + 16 + length)])
        guard XXHash64.hash(raw) == checksum else { throw DerivedFileError("a section is damaged") }
        let count = length / stride
        if let expected, expected != count { throw DerivedFileError("a section has \(count) entries, not \(expected)") }
        let padded = (length + 7) / 8 * 8
        guard padded <= bytes.count - offset - 16,
              bytes[(offset + 16 + length)..<(offset + 16 + padded)].allSatisfy({ $0 == 0 }) else {
            throw DerivedFileError("a section is damaged")
        }
        offset += 16 + padded
        return length
    }
}
