#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// QueueFile's state after reading the prefix `[0, consumedEnd)`: what the index stores.
struct QueueSnapshot: Sendable {
    package var table: SubmissionTable
    var problems: [DataProblem]
    var consumedEnd: Int64
    var nextLineNumber: Int
    var inFlightTail: (offset: Int64, line: Int)?
    var tookUnterminatedTail: Bool
}

/// What a queue index is read for and checked against: the queue file as it was opened.
struct QueueIndexSubject: Sendable {
    let queuePath: String
    /// The queue, open (a descriptor of the index's own, closed with the last copy of this).
    let queue: OwnedDescriptor
    /// The queue's `fstat` when it was opened.
    let status: stat
    let location: DerivedFileLocation
    /// The search text the restored table shares.
    package let searchText: LazySearchText
}

/// The queue index (`.NAME.odx`): the columns of every row, so a start does not parse the queue
/// again (layout: `QueueIndexFormat`).
///
/// Besides the store's checks: its header and every section must match their XXH64; it must come
/// from code that derives the same facts (`QueueIndexFingerprint`); and the queue must still be
/// the same file (device, inode), at least as long as the indexed prefix, not rewritten in place
/// (same size, other mtime), and that whole prefix byte-identical (`QueuePrefixHash`): an append
/// and a rewrite that also grew the file look alike by size and mtime, so only the bytes can tell
/// them apart. Sections are read with `pread` into the columns' own arrays, on every core.
enum QueueIndexFile: DerivedFile {
    static let suffix = "odx"
    static var magic: [UInt8] { QueueIndexFormat.magic }
    static var version: UInt32 { QueueIndexFormat.version }
    static let minimumSize = QueueIndexFormat.fixedHeaderLength + 8
    static let name = "queue index"

    static func fingerprint(for subject: QueueIndexSubject) -> UInt64 { QueueIndexFingerprint.value }

    static func location(for subject: QueueIndexSubject) -> DerivedFileLocation? { subject.location }

    static func ignoredNote(path: String, reason: String) -> String { "ignoring the queue index \(path): \(reason); it is rebuilt" }

    static func unsavedNote(path: String, reason: String) -> String {
        "could not write the queue index \(path): \(reason); the queue is read in full until it can be"
    }

    static func decode(_ contents: DerivedFileContents, for subject: QueueIndexSubject) throws(DerivedFileError) -> QueueSnapshot {
        let file = contents.descriptor
        let fileSize = UInt64(contents.size)
        let start = try readBytes(file, at: 0, count: min(Int(fileSize), 4096))
        let length = start.withUnsafeBytes { LittleEndian.read(UInt64.self, $0, at: 16) }
        guard length <= fileSize, length <= 1 << 20 else { throw DerivedFileError("it is truncated") }
        let headerBytes = length <= UInt64(start.count) ? Array(start[0..<Int(length)]) : try readBytes(file, at: 0, count: Int(length))
        guard let header = QueueIndexHeaderCodec.decode(headerBytes) else { throw DerivedFileError("its header is damaged") }
        guard header.fingerprint == QueueIndexFingerprint.value else {
            throw DerivedFileError("it was written by a version of objection-desk that reads lines differently")
        }
        try checkQueue(header, queue: subject.queue.value, status: subject.status)
        let sections = try locateSections(header, fileSize: fileSize)
        let loaded = LoadedSections()
        let kinds = QueueIndexFormat.Section.allCases.sorted { sections[$0]!.length > sections[$1]!.length }
        let rows = Int(header.rows)
        let path = subject.queuePath
        DispatchQueue.concurrentPerform(iterations: kinds.count) { index in
            loaded.load(kinds[index], entry: sections[kinds[index]]!, from: file, rows: rows, path: path)
        }
        if let failure = loaded.failure { throw failure }
        return try loaded.snapshot(header, searchText: subject.searchText)
    }

    /// The queue must be the indexed file, and its indexed prefix unchanged.
    private static func checkQueue(_ header: QueueIndexFormat.Header, queue: Int32, status: stat) throws(DerivedFileError) {
        guard header.device == UInt64(status.st_dev) && header.inode == UInt64(status.st_ino) else {
            throw DerivedFileError("the queue file was replaced since it was written")
        }
        guard header.indexedEnd <= header.queueSize, header.indexedEnd <= UInt64(status.st_size) else {
            throw DerivedFileError("the queue file is shorter than when it was written")
        }
        if header.queueSize == UInt64(status.st_size) && header.queueModified != QueueIndexFormat.nanoseconds(status.st_mtim) {
            throw DerivedFileError("the queue file was modified in place (same size, other modification time)")
        }
        guard let prefixHash = QueuePrefixHash.of(queue, end: Int64(header.indexedEnd)) else {
            throw DerivedFileError("the queue file could not be read")
        }
        guard prefixHash == header.prefixHash else {
            throw DerivedFileError("the queue file's content changed since it was written")
        }
    }

    private static func locateSections(_ header: QueueIndexFormat.Header, fileSize: UInt64) throws(DerivedFileError) -> [QueueIndexFormat.Section: QueueIndexFormat.SectionEntry] {
        var found: [QueueIndexFormat.Section: QueueIndexFormat.SectionEntry] = [:]
        for entry in header.sections {
            guard let kind = QueueIndexFormat.Section(rawValue: entry.name), entry.version == kind.version else { continue }
            let (end, overflow) = entry.offset.addingReportingOverflow(entry.length)
            guard !overflow, end <= fileSize, entry.offset >= UInt64(header.length) else { throw DerivedFileError("it is truncated") }
            guard entry.elementSize == UInt32(kind.elementSize), entry.length % UInt64(kind.elementSize) == 0,
                  !kind.isPerRow || entry.length == header.rows &* UInt64(kind.elementSize) else {
                throw DerivedFileError("its section \(kind.rawValue) has the wrong size")
            }
            found[kind] = entry
        }
        for kind in QueueIndexFormat.Section.allCases where found[kind] == nil {
            throw DerivedFileError("it lacks the section \(kind.rawValue) (version \(kind.version))")
        }
        return found
    }

    static func encode(_ snapshot: QueueSnapshot, for subject: QueueIndexSubject) throws(DerivedFileError) -> DerivedFileImage? {
        let (queue, status) = (subject.queue.value, subject.status)
        // Saved in the background: hashed on the saving thread alone (see `ThreadPriority`).
        guard let prefixHash = QueuePrefixHash.of(queue, end: snapshot.consumedEnd, parallel: false) else {
            throw DerivedFileError("the queue could not be read back")
        }
        var header = QueueIndexFormat.Header()
        header.fingerprint = QueueIndexFingerprint.value
        header.device = UInt64(status.st_dev)
        header.inode = UInt64(status.st_ino)
        header.queueSize = UInt64(status.st_size)
        header.queueModified = QueueIndexFormat.nanoseconds(status.st_mtim)
        header.indexedEnd = UInt64(snapshot.consumedEnd)
        header.prefixHash = prefixHash
        header.rows = UInt64(snapshot.table.count)
        header.nextLineNumber = UInt64(snapshot.nextLineNumber)
        header.inFlightOffset = snapshot.inFlightTail?.offset ?? -1
        header.inFlightLine = Int64(snapshot.inFlightTail?.line ?? 0)
        header.tookUnterminatedTail = snapshot.tookUnterminatedTail
        let sections = QueueIndexSections.encode(snapshot)
        var offset = UInt64(0)
        header.sections = sections.map { section in
            QueueIndexFormat.SectionEntry(name: section.kind.rawValue, version: section.kind.version,
                                          elementSize: UInt32(section.kind.elementSize), offset: 0,
                                          length: UInt64(section.length), checksum: section.checksum())
        }
        offset = UInt64(header.length)
        for index in header.sections.indices {
            offset = (offset + UInt64(QueueIndexFormat.sectionAlignment - 1)) & ~UInt64(QueueIndexFormat.sectionAlignment - 1)
            header.sections[index].offset = offset
            offset += header.sections[index].length
        }
        let encodedHeader = QueueIndexHeaderCodec.encode(header)
        let offsets = header.sections.map { Int64($0.offset) }
        // No fsync: the header and every section are checked (XXH64) when read, so a copy torn by
        // a crash is refused and rebuilt; waiting for 100 MB to reach the disk was up to a tenth
        // of a first `stats` at a million rows.
        return DerivedFileImage(length: Int64(offset), sync: false) { output throws(DerivedFileError) in
            try output.write(encodedHeader, at: 0)
            for (index, section) in sections.enumerated() {
                try section.withBytes { bytes throws(DerivedFileError) in try output.write(bytes, at: offsets[index]) }
            }
        }
    }


    static func readBytes(_ file: Int32, at offset: UInt64, count: Int) throws(DerivedFileError) -> [UInt8] {
        try readArray(file, at: offset, count: count, as: UInt8.self)
    }

    /// `count` elements read straight into a new array's storage.
    static func readArray<Element>(_ file: Int32, at offset: UInt64, count: Int, as type: Element.Type) throws(DerivedFileError) -> [Element] {
        precondition(_isPOD(Element.self))
        var complete = true
        let array = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            adviseHugePages(raw)
            complete = readFully(file, raw, at: offset)
            if !complete, let base = raw.baseAddress { base.initializeMemory(as: UInt8.self, repeating: 0, count: raw.count) }
            initialized = count
        }
        guard complete else { throw DerivedFileError("it is truncated") }
        return array
    }

    /// Asks for transparent huge pages on a large buffer about to be filled: one fault per 2 MiB
    /// instead of per 4 KiB (the faults cost more than the copy when a column is read).
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= 4 << 20, let base = buffer.baseAddress else { return }
        let page = 4096
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(page - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }

    static func readFully(_ file: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var done = 0
        while done < buffer.count {
            let got = pread(file, base + done, buffer.count - done, off_t(offset + UInt64(done)))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }
}
