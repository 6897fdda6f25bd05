import DeskCore

/// One section's bytes, ready to checksum and write.
struct EncodedSection: Sendable {
    let kind: QueueIndexFormat.Section
    let length: Int
    private let access: @Sendable ((UnsafeRawBufferPointer) -> Void) -> Void

    /// A column or table in memory, written as it is (little-endian machines only, checked).
    init<Element: Sendable>(_ kind: QueueIndexFormat.Section, _ array: [Element]) {
        precondition(_isPOD(Element.self) && MemoryLayout<Element>.stride == kind.elementSize)
        self.kind = kind
        length = array.count * kind.elementSize
        access = { body in array.withUnsafeBytes(body) }
    }

    init(_ kind: QueueIndexFormat.Section, _ buffer: ByteBuffer) {
        self.kind = kind
        length = buffer.count
        access = { body in buffer.withUnsafeBytes(body) }
    }

    func withBytes(_ body: (UnsafeRawBufferPointer) throws(DerivedFileError) -> Void) throws(DerivedFileError) {
        var failure: DerivedFileError?
        access { bytes in
            do throws(DerivedFileError) { try body(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    func checksum() -> UInt64 {
        var value: UInt64 = 0
        access { value = XXHash64.hash($0) }
        return value
    }
}

/// Turns a snapshot into sections and back.
enum QueueIndexSections {
    static func encode(_ snapshot: QueueSnapshot) -> [EncodedSection] {
        let table = snapshot.table
        let columns = table.columns
        return [
            EncodedSection(.offsets, columns.lineOffsets),
            EncodedSection(.lengths, columns.lineLengths),
            EncodedSection(.lineNumbers, columns.lineNumbers),
            EncodedSection(.submittedAt, columns.submittedAt),
            EncodedSection(.countries, columns.countries),
            EncodedSection(.attributes, columns.attributes),
            EncodedSection(.platforms, columns.platforms),
            EncodedSection(.locales, columns.locales),
            EncodedSection(.requesters, columns.requesters),
            EncodedSection(.idBytes, table.idBytes),
            EncodedSection(.idEnds, table.idEnds),
            EncodedSection(.idSlots, table.index.slots),
            EncodedSection(.requesterKeys, table.requesterIndex.keys),
            EncodedSection(.requesterCounts, table.requesterIndex.counts),
            EncodedSection(.platformNames, encodeNames(table.platforms.values)),
            EncodedSection(.localeNames, encodeNames(table.locales.values)),
            EncodedSection(.problems, encodeProblems(snapshot.problems)),
        ]
    }

    /// Each name as a 4-byte length and its UTF-8.
    static func encodeNames(_ names: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for name in names {
            LittleEndian.append(UInt32(name.utf8.count), to: &bytes)
            bytes += name.utf8
        }
        return bytes
    }

    static func decodeNames(_ bytes: [UInt8]) -> [String]? {
        var reader = ByteReader(bytes)
        var names: [String] = []
        while !reader.isAtEnd {
            guard let length = reader.integer(UInt32.self), let text = reader.utf8(Int(length)) else { return nil }
            names.append(text)
        }
        return names
    }

    /// Each problem as line (8), byte offset (8, Int64.min: none), message length (4), message.
    /// The file name is not stored: problems name the path the queue is opened by.
    static func encodeProblems(_ problems: [DataProblem]) -> [UInt8] {
        var bytes: [UInt8] = []
        for problem in problems {
            LittleEndian.append(Int64(problem.line), to: &bytes)
            LittleEndian.append(problem.byteOffset ?? Int64.min, to: &bytes)
            LittleEndian.append(UInt32(problem.message.utf8.count), to: &bytes)
            bytes += problem.message.utf8
        }
        return bytes
    }

    static func decodeProblems(_ bytes: [UInt8], file: String) -> [DataProblem]? {
        var reader = ByteReader(bytes)
        var problems: [DataProblem] = []
        while !reader.isAtEnd {
            guard let line = reader.integer(Int64.self), line > 0, let offset = reader.integer(Int64.self),
                  let length = reader.integer(UInt32.self), let message = reader.utf8(Int(length)) else { return nil }
            problems.append(DataProblem(file: file, line: Int(line), byteOffset: offset == Int64.min ? nil : offset, message: message))
        }
        return problems
    }
}

/// The header's bytes.
enum QueueIndexHeaderCodec {
    static func encode(_ header: QueueIndexFormat.Header) -> [UInt8] {
        var bytes = QueueIndexFormat.magic
        func put<Value: FixedWidthInteger>(_ value: Value) { LittleEndian.append(value, to: &bytes) }
        put(QueueIndexFormat.version)
        put(UInt32(header.sections.count))
        put(UInt64(header.length))
        put(header.fingerprint)
        put(header.reserved)
        put(header.device)
        put(header.inode)
        put(header.queueSize)
        put(header.queueModified)
        put(header.indexedEnd)
        put(header.prefixHash)
        bytes += [UInt8](repeating: 0, count: 56)
        put(header.rows)
        put(header.nextLineNumber)
        put(header.inFlightOffset)
        put(header.inFlightLine)
        put(UInt64(header.tookUnterminatedTail ? 1 : 0))
        bytes += [UInt8](repeating: 0, count: QueueIndexFormat.fixedHeaderLength - bytes.count)
        for section in header.sections {
            var name = Array(section.name.utf8.prefix(16))
            name += [UInt8](repeating: 0, count: 16 - name.count)
            bytes += name
            put(section.version)
            put(section.elementSize)
            put(section.offset)
            put(section.length)
            put(section.checksum)
        }
        put(bytes.withUnsafeBytes { XXHash64.hash($0) })
        return bytes
    }

    /// The version field, readable before anything else is trusted.
    static func version(of bytes: [UInt8]) -> UInt32? {
        var reader = ByteReader(bytes)
        guard reader.raw(8) == QueueIndexFormat.magic else { return nil }
        return reader.integer(UInt32.self)
    }

    /// Decodes a whole header whose magic and version were checked; nil when its length or
    /// checksum is wrong.
    static func decode(_ bytes: [UInt8]) -> QueueIndexFormat.Header? {
        var reader = ByteReader(bytes)
        _ = reader.raw(12)
        guard let count = reader.integer(UInt32.self), let length = reader.integer(UInt64.self),
              length == UInt64(QueueIndexFormat.fixedHeaderLength + Int(count) * QueueIndexFormat.sectionEntryLength + 8),
              Int(length) == bytes.count else { return nil }
        let stored = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) }
        guard UInt64(littleEndian: stored) == bytes.withUnsafeBytes({ XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }) else { return nil }
        var header = QueueIndexFormat.Header()
        guard let fingerprint = reader.integer(UInt64.self), let reserved = reader.integer(Int64.self),
              let device = reader.integer(UInt64.self), let inode = reader.integer(UInt64.self),
              let queueSize = reader.integer(UInt64.self), let queueModified = reader.integer(Int64.self),
              let indexedEnd = reader.integer(UInt64.self), let prefixHash = reader.integer(UInt64.self), reader.raw(56) != nil,
              let rows = reader.integer(UInt64.self), let nextLine = reader.integer(UInt64.self),
              let inFlightOffset = reader.integer(Int64.self), let inFlightLine = reader.integer(Int64.self),
              let flags = reader.integer(UInt64.self) else { return nil }
        (header.fingerprint, header.reserved, header.device, header.inode) = (fingerprint, reserved, device, inode)
        (header.queueSize, header.queueModified, header.indexedEnd) = (queueSize, queueModified, indexedEnd)
        (header.prefixHash, header.rows, header.nextLineNumber) = (prefixHash, rows, nextLine)
        (header.inFlightOffset, header.inFlightLine, header.tookUnterminatedTail) = (inFlightOffset, inFlightLine, flags & 1 != 0)
        _ = reader.raw(QueueIndexFormat.fixedHeaderLength - reader.position)
        for _ in 0..<count {
            guard let rawName = reader.raw(16), let version = reader.integer(UInt32.self), let size = reader.integer(UInt32.self),
                  let offset = reader.integer(UInt64.self), let sectionLength = reader.integer(UInt64.self),
                  let checksum = reader.integer(UInt64.self) else { return nil }
            let name = String(decoding: rawName.prefix { $0 != 0 }, as: UTF8.self)
            header.sections.append(.init(name: name, version: version, elementSize: size, offset: offset, length: sectionLength, checksum: checksum))
        }
        return header
    }
}
