#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Reads a queue index and checks it against the queue, trusting nothing: the index file must be
/// a regular file of ours that others cannot write; its header and every section must match their
/// XXH64; it must come from this build; and the queue must still be the same file (device,
/// inode), at least as long as the indexed prefix, not rewritten in place (same size, other
/// mtime), and that whole prefix byte-identical (`QueuePrefixHash`): an append and a rewrite that
/// also grew the file look alike by size and mtime, so only the bytes can tell them apart.
enum QueueIndexReader {
    enum Outcome {
        case absent
        case rejected(String)
        case loaded(QueueSnapshot)
    }

    static func load(_ location: QueueIndexLocation, queuePath: String, queue: Int32, status: stat, searchText: LazySearchText) -> Outcome {
        let file = open(location.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .absent }
            return .rejected(errno == ELOOP ? "it is a symbolic link" : "it cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(file) }
        do throws(QueueIndexError) {
            return .loaded(try read(file, queuePath: queuePath, queue: queue, status: status, searchText: searchText))
        } catch {
            return .rejected(error.reason)
        }
    }

    private static func read(_ file: Int32, queuePath: String, queue: Int32, status: stat, searchText: LazySearchText) throws(QueueIndexError) -> QueueSnapshot {
        var own = stat()
        guard fstat(file, &own) == 0, (own.st_mode & S_IFMT) == S_IFREG else { throw QueueIndexError("it is not a regular file") }
        guard own.st_uid == geteuid(), own.st_mode & 0o022 == 0 else { throw QueueIndexError("it belongs to another user or others may write it") }
        let fileSize = UInt64(own.st_size)
        let start = try readBytes(file, at: 0, count: min(Int(fileSize), 4096))
        guard let version = QueueIndexHeaderCodec.version(of: start) else { throw QueueIndexError("it is not an objection-desk queue index") }
        guard version == QueueIndexFormat.version else {
            throw QueueIndexError("it has format version \(version); this build reads version \(QueueIndexFormat.version)")
        }
        guard start.count >= 24 else { throw QueueIndexError("it is truncated") }
        let length = start.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) }
        guard length <= fileSize, length <= 1 << 20 else { throw QueueIndexError("it is truncated") }
        let headerBytes = length <= UInt64(start.count) ? Array(start[0..<Int(length)]) : try readBytes(file, at: 0, count: Int(length))
        guard let header = QueueIndexHeaderCodec.decode(headerBytes) else { throw QueueIndexError("its header is damaged") }
        guard header.fingerprint == QueueIndexFingerprint.value else {
            throw QueueIndexError("it was written by a version of objection-desk that reads lines differently")
        }
        try checkQueue(header, queue: queue, status: status)
        let sections = try locateSections(header, fileSize: fileSize)
        let loaded = LoadedSections()
        let kinds = QueueIndexFormat.Section.allCases.sorted { sections[$0]!.length > sections[$1]!.length }
        let rows = Int(header.rows)
        DispatchQueue.concurrentPerform(iterations: kinds.count) { index in
            loaded.load(kinds[index], entry: sections[kinds[index]]!, from: file, rows: rows, path: queuePath)
        }
        if let failure = loaded.failure { throw failure }
        return try loaded.snapshot(header, searchText: searchText)
    }

    /// The queue must be the indexed file, and its indexed prefix unchanged.
    private static func checkQueue(_ header: QueueIndexFormat.Header, queue: Int32, status: stat) throws(QueueIndexError) {
        guard header.device == UInt64(status.st_dev) && header.inode == UInt64(status.st_ino) else {
            throw QueueIndexError("the queue file was replaced since it was written")
        }
        guard header.indexedEnd <= header.queueSize, header.indexedEnd <= UInt64(status.st_size) else {
            throw QueueIndexError("the queue file is shorter than when it was written")
        }
        if header.queueSize == UInt64(status.st_size) && header.queueModified != QueueIndexFormat.nanoseconds(status.st_mtim) {
            throw QueueIndexError("the queue file was modified in place (same size, other modification time)")
        }
        guard let prefixHash = QueuePrefixHash.of(queue, end: Int64(header.indexedEnd)) else {
            throw QueueIndexError("the queue file could not be read")
        }
        guard prefixHash == header.prefixHash else {
            throw QueueIndexError("the queue file's content changed since it was written")
        }
    }

    private static func locateSections(_ header: QueueIndexFormat.Header, fileSize: UInt64) throws(QueueIndexError) -> [QueueIndexFormat.Section: QueueIndexFormat.SectionEntry] {
        var found: [QueueIndexFormat.Section: QueueIndexFormat.SectionEntry] = [:]
        for entry in header.sections {
            guard let kind = QueueIndexFormat.Section(rawValue: entry.name), entry.version == kind.version else { continue }
            let (end, overflow) = entry.offset.addingReportingOverflow(entry.length)
            guard !overflow, end <= fileSize, entry.offset >= UInt64(header.length) else { throw QueueIndexError("it is truncated") }
            guard entry.elementSize == UInt32(kind.elementSize), entry.length % UInt64(kind.elementSize) == 0,
                  !kind.isPerRow || entry.length == header.rows &* UInt64(kind.elementSize) else {
                throw QueueIndexError("its section \(kind.rawValue) has the wrong size")
            }
            found[kind] = entry
        }
        for kind in QueueIndexFormat.Section.allCases where found[kind] == nil {
            throw QueueIndexError("it lacks the section \(kind.rawValue) (version \(kind.version))")
        }
        return found
    }

    static func readBytes(_ file: Int32, at offset: UInt64, count: Int) throws(QueueIndexError) -> [UInt8] {
        try readArray(file, at: offset, count: count, as: UInt8.self)
    }

    /// `count` elements read straight into a new array's storage.
    static func readArray<Element>(_ file: Int32, at offset: UInt64, count: Int, as type: Element.Type) throws(QueueIndexError) -> [Element] {
        precondition(_isPOD(Element.self))
        var complete = true
        let array = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            adviseHugePages(raw)
            complete = readFully(file, raw, at: offset)
            if !complete, let base = raw.baseAddress { base.initializeMemory(as: UInt8.self, repeating: 0, count: raw.count) }
            initialized = count
        }
        guard complete else { throw QueueIndexError("it is truncated") }
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
