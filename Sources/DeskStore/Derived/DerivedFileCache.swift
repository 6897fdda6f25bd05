#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

// What the derived files take on disk, which file each belongs to, and removing the ones nobody
// needs (DECISIONS.md, "Derived files are pruned"): orphans (their queue or log is gone or was
// replaced), files unused for a number of days, and the least recently used sets of the cache
// directory beyond its budget. Nothing is removed that is not a derived file of this user's: a
// name of ours, a regular file (never a symbolic link) owned by this user that others cannot
// write, and the magic of its kind.

// MARK: - Which file a cache entry belongs to

/// The file a cache entry is derived from, as it was when the entry was written: its real path,
/// device and inode. The entry's name is made of them (`key`), and a small record beside the
/// entry (`KEY.odo`, `SourceRecord`) keeps them, so that the cache can tell whose it is.
package struct DerivedFileSource: Sendable, Equatable {
    var path: String
    var device: UInt64
    var inode: UInt64

    /// The name of the source's files in the cache directory, before the suffix: the first 32 hex
    /// digits of SHA-256 of `device:inode:path`.
    var key: String { String(SHA256Digest.hex("\(device):\(inode):\(path)").prefix(32)) }
}

/// `KEY.odo` in the cache directory: which file the entries named `KEY` are derived from.
///
/// Layout (little-endian): magic "ODSOURCE" (8), version (4), zero (4), device (8), inode (8),
/// path length (4), the path (UTF-8), XXH64 of every byte before it (8). Written when a derived
/// file is written in the cache directory, and by a command that opens a queue whose cache entries
/// have none (entries written before this record existed); replaced by rename, never fsynced (a
/// lost record only makes its entries' queue unknown until the next command on that queue).
enum SourceRecord {
    static let suffix = "odo"
    static let magic = Array("ODSOURCE".utf8)
    static let version: UInt32 = 1
    static let maximumSize = 8192
    private static let temporaries = Atomic<Int>(0)

    static func encode(_ source: DerivedFileSource) -> [UInt8] {
        var bytes = magic
        LittleEndian.append(version, to: &bytes)
        LittleEndian.append(UInt32(0), to: &bytes)
        LittleEndian.append(source.device, to: &bytes)
        LittleEndian.append(source.inode, to: &bytes)
        let path = Array(source.path.utf8)
        LittleEndian.append(UInt32(path.count), to: &bytes)
        bytes += path
        LittleEndian.append(XXHash64.hash(bytes), to: &bytes)
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> DerivedFileSource? {
        guard bytes.count >= 44, bytes.count <= maximumSize, bytes.prefix(8).elementsEqual(magic),
              XXHash64.hash(Array(bytes.dropLast(8))) == bytes.withUnsafeBytes({ LittleEndian.read(UInt64.self, $0, at: bytes.count - 8) }) else {
            return nil
        }
        var reader = ByteReader(Array(bytes.dropLast(8)))
        _ = reader.raw(8)
        guard reader.integer(UInt32.self) == version, reader.integer(UInt32.self) == 0,
              let device = reader.integer(UInt64.self), let inode = reader.integer(UInt64.self),
              let length = reader.integer(UInt32.self), let path = reader.utf8(Int(length)), reader.isAtEnd else { return nil }
        return DerivedFileSource(path: path, device: device, inode: inode)
    }

    /// The record at `path`, if it is a valid one of this user's.
    static func read(_ path: String) -> DerivedFileSource? {
        guard let examined = DerivedFileExamination(path, bytes: maximumSize) else { return nil }
        return decode(examined.head)
    }

    /// Writes `source`'s record at `path` (temporary file, rename); false when it could not.
    @discardableResult
    static func write(_ source: DerivedFileSource, to path: String) -> Bool {
        let temporary = path + ".tmp-\(getpid())-r\(temporaries.add(1, ordering: .relaxed).newValue)"
        let file = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard file >= 0 else { return false }
        let bytes = encode(source)
        let wrote = bytes.withUnsafeBytes { writeBytes(file, $0) }
        close(file)
        guard wrote == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}

extension DerivedFileLocation {
    /// Records which file this cache entry is derived from (`KEY.odo`), unless that record is
    /// already there; nothing for a file beside its source, whose name says it.
    func recordSource() {
        guard let source, let cacheDirectory else { return }
        let path = cacheDirectory + "/" + source.key + "." + SourceRecord.suffix
        if SourceRecord.read(path) != source { SourceRecord.write(source, to: path) }
    }
}

// MARK: - The files found

/// A kind of file of ours found among the derived files.
package enum DerivedFileKind: String, Sendable, CaseIterable {
    case queueIndex = "odx"
    case searchText = "ods"
    case clusters = "odc"
    case ledgerSnapshot = "odl"
    /// Which file a cache directory's entries belong to (`SourceRecord`).
    case sourceRecord = "odo"

    /// "queue index", for people.
    package var name: String {
        switch self {
        case .queueIndex: "queue index"
        case .searchText: "search text"
        case .clusters: "clusters"
        case .ledgerSnapshot: "ledger snapshot"
        case .sourceRecord: "source record"
        }
    }

    /// "queue_index", for scripts.
    package var identifier: String { name.replacingSpaces() }

    /// What it is derived from: "queue" or "decision log".
    package var sourceKind: String { self == .ledgerSnapshot ? "decision log" : "queue" }

    /// The eight bytes each kind's files start with (the clusters' and the ledger snapshot's
    /// kinds, in DeskEngine, take theirs from here).
    package var magic: [UInt8] {
        switch self {
        case .queueIndex: QueueIndexFormat.magic
        case .searchText: SearchTextFile.magic
        case .clusters: Array("ODCLUSTR".utf8)
        case .ledgerSnapshot: Array("ODLEDGER".utf8)
        case .sourceRecord: SourceRecord.magic
        }
    }

    /// Where the header holds the source's device and inode (8 bytes each), if it does.
    var identityOffset: Int? {
        switch self {
        case .queueIndex: 40
        case .searchText, .clusters, .ledgerSnapshot: FixedHeader.fieldsOffset
        case .sourceRecord: nil
        }
    }
}

private extension String {
    func replacingSpaces() -> String { String(map { $0 == " " ? "_" : $0 }) }
}

/// One derived file of this user's, found in the cache directory or beside a queue or log.
package struct DerivedFileEntry: Sendable, Equatable {
    package enum Place: String, Sendable {
        /// `$XDG_CACHE_HOME/objection-desk/KEY.SUFFIX`.
        case cache
        /// `.NAME.SUFFIX` beside the file it is derived from.
        case beside
    }

    package enum State: Sendable, Equatable {
        /// The file it is derived from is there, and is the same file.
        case current
        /// Which file it belongs to is not known (a cache entry without a source record, or a
        /// source that cannot be examined): never removed as an orphan.
        case unknown
        /// Its file is gone or was replaced, or it is a temporary file an interrupted write left.
        case orphan(Orphan)

        package var isOrphan: Bool {
            if case .orphan = self { return true }
            return false
        }
    }

    /// Why a file is an orphan.
    package enum Orphan: String, Sendable, Equatable {
        /// Its queue or log no longer exists.
        case gone
        /// Another file is at its queue's or log's path (another inode): the one it describes is gone.
        case replaced
        /// A temporary file not written to for an hour: a write that was interrupted.
        case interruptedWrite = "interrupted write"

        /// "its queue is gone".
        package func reason(_ sourceKind: String) -> String {
            switch self {
            case .gone: "its \(sourceKind) is gone"
            case .replaced: "its \(sourceKind) was replaced by another file"
            case .interruptedWrite: "left by an interrupted write"
            }
        }
    }

    package let path: String
    package let kind: DerivedFileKind
    /// What it is derived from: "queue" or "decision log".
    package var sourceKind: String
    /// `NAME.tmp-PID-N`: a write under way, or left by one that was interrupted.
    package let isTemporary: Bool
    package let bytes: Int64
    /// The later of its access and modification times, epoch milliseconds.
    package let lastUsed: Int64
    package let place: Place
    /// The entries that belong together: the key in the cache directory, the source's path beside it.
    package let group: String
    /// The file it is derived from, when known.
    package var source: String?
    package var state: State
    /// It belongs to the queue or log the current command uses (or is a write under way): never
    /// removed, except as a temporary file left by an interrupted write.
    package var inUse: Bool
    let device: UInt64
    let inode: UInt64
    /// When it was last written, epoch milliseconds.
    var modified: Int64 = 0
    /// The source's device and inode as its header records them.
    var recordedIdentity: Identity?

    struct Identity: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
    }
}

/// A file examined before it is listed or removed: `lstat` says a regular file of this user's that
/// others cannot write (never a symbolic link), opened without following one and without changing
/// its access time, the same file as `lstat` saw; the first bytes read.
struct DerivedFileExamination {
    let status: stat
    let head: [UInt8]

    init?(_ path: String, bytes: Int) {
        var before = stat()
        guard lstat(path, &before) == 0, Self.isOurs(before) else { return nil }
        var file = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | Self.noAccessTime)
        if file < 0 && errno == EPERM { file = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard file >= 0 else { return nil }
        defer { close(file) }
        var after = stat()
        guard fstat(file, &after) == 0, after.st_dev == before.st_dev, after.st_ino == before.st_ino else { return nil }
        var head = [UInt8](repeating: 0, count: min(bytes, max(0, Int(after.st_size))))
        let got = head.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, 0) }
        guard got >= 0 else { return nil }
        head.removeLast(head.count - got)
        status = after
        self.head = head
    }

    static func isOurs(_ status: stat) -> Bool {
        (status.st_mode & S_IFMT) == S_IFREG && status.st_uid == geteuid() && status.st_mode & 0o022 == 0
    }

    /// Listing the files must not make them look used (`relatime` would update the access time).
    #if os(Linux)
    static let noAccessTime: Int32 = 0o1000000  // O_NOATIME
    #else
    static let noAccessTime: Int32 = 0
    #endif
}

// MARK: - An inventory

/// The derived files of this user's in the cache directory and beside some queues and logs, with
/// which file each belongs to and whether it is an orphan.
package struct DerivedFileInventory: Sendable {
    /// `$XDG_CACHE_HOME/objection-desk`, when known.
    package let cacheDirectory: String?
    package private(set) var entries: [DerivedFileEntry]
    /// Below this age a temporary file is a write under way.
    static let temporaryGrace: Int64 = 3_600_000

    /// Looks at the cache directory and at the directories of `besideFilesOf` (the queue and log a
    /// command names). `inUse`: the queue and log the current command uses.
    package init(cacheDirectory: String?, besideFilesOf sources: [String] = [], inUse: [String] = [], now: Int64) {
        self.cacheDirectory = cacheDirectory
        let protected = InUse(inUse)
        var found: [DerivedFileEntry] = []
        if let cacheDirectory { found += Self.cacheEntries(cacheDirectory, protected: protected, now: now) }
        var directories: [String] = []
        for source in sources {
            let directory = Self.realDirectory(of: source)
            if !directories.contains(directory) && directory != cacheDirectory { directories.append(directory) }
        }
        for directory in directories { found += Self.besideEntries(directory, protected: protected, now: now) }
        entries = found.sorted { ($0.place.rawValue, $0.source ?? "\u{10FFFF}", $0.group, $0.kind.order, $0.path) < ($1.place.rawValue, $1.source ?? "\u{10FFFF}", $1.group, $1.kind.order, $1.path) }
    }

    /// Bytes in the cache directory.
    package var cacheBytes: Int64 { entries.filter { $0.place == .cache }.reduce(0) { $0 + $1.bytes } }

    /// The queue and log a command uses: their identities and their cache keys.
    struct InUse {
        var identities: [(UInt64, UInt64)] = []
        var keys: Set<String> = []

        init(_ paths: [String]) {
            for path in paths {
                var status = stat()
                guard stat(path, &status) == 0 else { continue }
                let identity = (UInt64(status.st_dev), UInt64(status.st_ino))
                identities.append(identity)
                if let real = realpath(path, nil) {
                    keys.insert(DerivedFileSource(path: String(cString: real), device: identity.0, inode: identity.1).key)
                    free(real)
                }
            }
        }

        func contains(_ identity: (UInt64, UInt64)) -> Bool { identities.contains { $0 == identity } }
    }

    private static func realDirectory(of path: String) -> String {
        let directory = PathParts.directory(of: path)
        guard let real = realpath(directory, nil) else { return directory }
        defer { free(real) }
        return String(cString: real)
    }

    /// `NAME.SUFFIX` or `NAME.SUFFIX.tmp-PID-N` with one of our suffixes: the name before the
    /// suffix, the kind, and whether it is a temporary file.
    static func parse(_ fileName: String) -> (stem: String, kind: DerivedFileKind, temporary: Bool)? {
        var name = Substring(fileName)
        var temporary = false
        if let range = name.range(of: ".tmp-", options: .backwards) {
            let tail = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
            guard tail.count == 2, !tail[0].isEmpty, tail[0].allSatisfy(\.isASCIIDigit),
                  !tail[1].isEmpty, tail[1].drop(while: { $0 == "r" }).allSatisfy(\.isASCIIDigit) else { return nil }
            name = name[..<range.lowerBound]
            temporary = true
        }
        guard let dot = name.lastIndex(of: "."), let kind = DerivedFileKind(rawValue: String(name[name.index(after: dot)...])) else { return nil }
        return (String(name[..<dot]), kind, temporary)
    }

    private static func cacheEntries(_ directory: String, protected: InUse, now: Int64) -> [DerivedFileEntry] {
        var entries: [DerivedFileEntry] = []
        for name in names(in: directory) {
            guard let (key, kind, temporary) = parse(name), key.count == 32, key.allSatisfy(\.isLowercaseHexDigit),
                  let entry = examine(directory + "/" + name, kind: kind, temporary: temporary, place: .cache, group: key, now: now) else { continue }
            entries.append(entry)
        }
        // A group's owner: its source record, checked against the name it explains.
        var owners: [String: DerivedFileSource] = [:]
        for entry in entries where entry.kind == .sourceRecord && !entry.isTemporary {
            if let source = SourceRecord.read(entry.path), source.key == entry.group { owners[entry.group] = source }
        }
        var states: [String: (String?, DerivedFileEntry.State)] = [:]
        for index in entries.indices {
            let group = entries[index].group
            if states[group] == nil {
                states[group] = owners[group].map { source in (source.path, check(source.path, identity: (source.device, source.inode))) } ?? (nil, .unknown)
            }
            let (source, state) = states[group]!
            entries[index].source = source
            entries[index].state = state
            entries[index].sourceKind = groupKind(group, entries).sourceKind
            entries[index].inUse = protected.keys.contains(group)
            settleTemporary(&entries[index], now: now)
        }
        return entries
    }

    /// What a cache group is derived from, for its orphan reason: a log when it holds a ledger snapshot.
    private static func groupKind(_ group: String, _ entries: [DerivedFileEntry]) -> DerivedFileKind {
        entries.first { $0.group == group && $0.kind != .sourceRecord }?.kind ?? .queueIndex
    }

    private static func besideEntries(_ directory: String, protected: InUse, now: Int64) -> [DerivedFileEntry] {
        var entries: [DerivedFileEntry] = []
        for name in names(in: directory) where name.hasPrefix(".") {
            guard let (stem, kind, temporary) = parse(String(name.dropFirst())), !stem.isEmpty, kind != .sourceRecord else { continue }
            let sourcePath = (directory == "/" ? "" : directory) + "/" + stem
            guard var entry = examine(directory + "/" + name, kind: kind, temporary: temporary, place: .beside, group: sourcePath, now: now) else { continue }
            entry.source = sourcePath
            if let identity = entry.recordedIdentity {
                entry.state = check(sourcePath, identity: (identity.device, identity.inode))
                entry.inUse = entry.state == .current && protected.contains((identity.device, identity.inode))
            }
            settleTemporary(&entry, now: now)
            entries.append(entry)
        }
        return entries
    }

    /// A temporary file is a write under way for an hour after its last change, then an orphan.
    private static func settleTemporary(_ entry: inout DerivedFileEntry, now: Int64) {
        guard entry.isTemporary else { return }
        if now - entry.modified < temporaryGrace {
            entry.inUse = true
        } else {
            entry.state = .orphan(.interruptedWrite)
            entry.inUse = false
        }
    }

    /// Whether the file at `path` is still the one with `identity`.
    private static func check(_ path: String, identity: (UInt64, UInt64)) -> DerivedFileEntry.State {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .orphan(.gone) : .unknown
        }
        guard (UInt64(status.st_dev), UInt64(status.st_ino)) == identity else { return .orphan(.replaced) }
        return .current
    }

    private static func examine(_ path: String, kind: DerivedFileKind, temporary: Bool, place: DerivedFileEntry.Place,
                                group: String, now: Int64) -> DerivedFileEntry? {
        guard let examined = DerivedFileExamination(path, bytes: 64) else { return nil }
        let head = examined.head
        // A temporary file may be empty or cut short; anything else starts with its kind's magic.
        if head.count >= 8 || !temporary {
            guard head.count >= 8, head.prefix(8).elementsEqual(kind.magic) else { return nil }
        }
        let status = examined.status
        let accessed = Int64(status.st_atim.tv_sec) * 1000 + Int64(status.st_atim.tv_nsec) / 1_000_000
        let modified = Int64(status.st_mtim.tv_sec) * 1000 + Int64(status.st_mtim.tv_nsec) / 1_000_000
        var entry = DerivedFileEntry(path: path, kind: kind, sourceKind: kind.sourceKind, isTemporary: temporary, bytes: Int64(status.st_size),
                                     lastUsed: max(accessed, modified), place: place, group: group, source: nil, state: .unknown,
                                     inUse: false, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        entry.modified = modified
        if let offset = kind.identityOffset, head.count >= offset + 16, !temporary {
            entry.recordedIdentity = head.withUnsafeBytes {
                DerivedFileEntry.Identity(device: LittleEndian.read(UInt64.self, $0, at: offset), inode: LittleEndian.read(UInt64.self, $0, at: offset + 8))
            }
        }
        return entry
    }

    private static func names(in directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let item = readdir(stream) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

private extension DerivedFileKind {
    var order: Int { Self.allCases.firstIndex(of: self)! }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isLowercaseHexDigit: Bool { ("0"..."9").contains(self) || ("a"..."f").contains(self) }
}

// MARK: - Pruning

/// What a prune removes.
package struct DerivedFilePrunePolicy: Sendable {
    /// Files whose queue or log is gone or replaced, and temporary files left by interrupted writes.
    package var orphans = true
    /// Files (in the cache directory, whole sets) not used for this many days.
    package var unusedForDays: Int?
    /// The most the cache directory may hold; beyond it the least recently used sets go.
    package var cacheBudget: Int64?

    package init(orphans: Bool = true, unusedForDays: Int? = nil, cacheBudget: Int64? = nil) {
        self.orphans = orphans
        self.unusedForDays = unusedForDays
        self.cacheBudget = cacheBudget
    }
}

/// What a prune did.
package struct DerivedFilePruneReport: Sendable {
    package struct Removal: Sendable {
        package var entry: DerivedFileEntry
        /// "its queue is gone", "unused for 41 days", "over the cache budget".
        package var why: String
    }

    package var removed: [Removal] = []
    /// Files that could not be removed, with why.
    package var failures: [String] = []
    package var freedBytes: Int64 { removed.reduce(0) { $0 + $1.entry.bytes } }
    /// What the cache directory holds afterwards.
    package var cacheBytes: Int64 = 0
    /// Of it, what the files in use hold (never evicted), when that alone is over the budget.
    package var inUseOverBudget: Int64?
}

extension DerivedFileInventory {
    /// Removes what `policy` says, never a file in use; the entries left stay in the inventory.
    package mutating func prune(_ policy: DerivedFilePrunePolicy, now: Int64) -> DerivedFilePruneReport {
        var report = DerivedFilePruneReport()
        var gone = Set<String>()
        func remove(_ entry: DerivedFileEntry, _ why: String) {
            guard !gone.contains(entry.path) else { return }
            if let failure = Self.unlink(entry) {
                report.failures.append(failure)
            } else {
                report.removed.append(.init(entry: entry, why: why))
            }
            gone.insert(entry.path)
        }
        if policy.orphans {
            for entry in entries where !entry.inUse {
                if case .orphan(let orphan) = entry.state { remove(entry, orphan.reason(entry.sourceKind)) }
            }
        }
        if let days = policy.unusedForDays {
            let cutoff = now - Int64(days) * 86_400_000
            for set in sets(entries.filter { !gone.contains($0.path) }) where !set.inUse && set.lastUsed < cutoff {
                let unused = (now - set.lastUsed) / 86_400_000
                for entry in set.entries { remove(entry, "unused for \(unused) day\(unused == 1 ? "" : "s")") }
            }
        }
        if let budget = policy.cacheBudget {
            let cache = entries.filter { $0.place == .cache && !gone.contains($0.path) }
            var total = cache.reduce(0) { $0 + $1.bytes }
            for set in sets(cache).sorted(by: { ($0.lastUsed, $0.group) < ($1.lastUsed, $1.group) }) where total > budget && !set.inUse {
                for entry in set.entries { remove(entry, "least recently used, over the cache budget of \(DerivedFileCache.formatSize(budget))") }
                total -= set.bytes
            }
            if total > budget { report.inUseOverBudget = total }
        }
        let removed = Set(report.removed.map(\.entry.path))
        entries.removeAll { removed.contains($0.path) }
        report.cacheBytes = cacheBytes
        return report
    }

    /// Entries that go together: a cache key's files, or a file beside its source on its own.
    struct FileSet {
        var group: String
        var entries: [DerivedFileEntry]
        /// When one of its derived files was last used (the source record is written once and
        /// says nothing about use, unless it is all there is).
        var lastUsed: Int64 {
            let files = entries.filter { $0.kind != .sourceRecord }
            return (files.isEmpty ? entries : files).map(\.lastUsed).max() ?? 0
        }
        var bytes: Int64 { entries.reduce(0) { $0 + $1.bytes } }
        var inUse: Bool { entries.contains(where: \.inUse) }
    }

    func sets(_ entries: [DerivedFileEntry]) -> [FileSet] {
        var sets: [FileSet] = []
        var index: [String: Int] = [:]
        for entry in entries {
            let group = entry.place == .cache ? entry.group : entry.path
            if let at = index[group] {
                sets[at].entries.append(entry)
            } else {
                index[group] = sets.count
                sets.append(FileSet(group: group, entries: [entry]))
            }
        }
        return sets
    }

    /// Removes `entry` if it is still the file that was examined; why not otherwise.
    private static func unlink(_ entry: DerivedFileEntry) -> String? {
        var status = stat()
        guard lstat(entry.path, &status) == 0 else { return errno == ENOENT ? nil : "\(entry.path): \(String(cString: strerror(errno)))" }
        guard DerivedFileExamination.isOurs(status), UInt64(status.st_dev) == entry.device, UInt64(status.st_ino) == entry.inode else {
            return "\(entry.path): changed since it was examined; left alone"
        }
        guard removeFile(entry.path) == 0 || errno == ENOENT else { return "\(entry.path): \(String(cString: strerror(errno)))" }
        return nil
    }
}

// MARK: - The cache directory, the budget, the daily prune

package enum DerivedFileCache {
    /// The budget when `OBJECTION_DESK_CACHE_MAX` does not set one: 2 GiB, above the ~1 GB two
    /// million-row queues take (480 MB each: index, search text, clusters, ledger snapshot).
    package static let defaultBudget: Int64 = 2 << 30
    package static let budgetVariable = "OBJECTION_DESK_CACHE_MAX"
    /// The stamp in the cache directory whose modification time is the last automatic prune.
    package static let stampName = "last-prune"
    /// How often the commands prune the cache directory by themselves.
    package static let autoPruneInterval: Int64 = 86_400_000

    /// `$XDG_CACHE_HOME/objection-desk` (default `~/.cache/objection-desk`), where derived files go
    /// when they cannot go beside their source; nil when no home is known.
    package static func directory(options: DerivedFileOptions = .automatic) -> String? {
        DerivedFileLocation.cacheHome(options).map { $0 + "/objection-desk" }
    }

    /// The budget `OBJECTION_DESK_CACHE_MAX` sets (nil when it is not a size), else the default.
    package static func budget(environment: [String: String]) -> Int64? {
        guard let text = environment[budgetVariable], !text.isEmpty else { return defaultBudget }
        return parseSize(text)
    }

    /// "2G", "500M", "1.5GB", "750 MiB", "1048576": units of 1024, as `du -h` shows them.
    package static func parseSize(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        var unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        if unit.hasSuffix("ib") { unit.removeLast(2) } else if unit.hasSuffix("b") { unit.removeLast() }
        let powers = ["": 0, "k": 1, "m": 2, "g": 3, "t": 4]
        guard let value = Double(number), value >= 0, value.isFinite, let power = powers[unit] else { return nil }
        let bytes = value * pow(1024, Double(power))
        guard bytes < 9e18 else { return nil }
        return Int64(bytes.rounded())
    }

    /// "97 MB", "1.8 GB", "512 KB", "40 B": units of 1024, as `du -h` counts.
    package static func formatSize(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        return (value < 10 ? String(Double((value * 10).rounded()) / 10) : String(Int(value.rounded()))) + " " + units[unit]
    }

    /// What a command does on start once it knows its queue and log (nil for the bundled sample):
    /// marks their derived files used (access time, and a source record for cache entries that
    /// have none), and, at most once a day (`stampName`), removes the cache directory's orphans
    /// and keeps it within `budget`, never touching the files of `queue` and `log`. Nil when
    /// nothing was due; cheap when nothing is: a `stat` of the stamp.
    package static func commandStarted(queue: String?, log: String?, options: DerivedFileOptions = .automatic, budget: Int64,
                                      now: Int64) -> DerivedFilePruneReport? {
        guard options.isEnabled else { return nil }
        markUsed(queue: queue, log: log, options: options)
        guard let directory = directory(options: options), claimDailyPrune(directory, now: now) else { return nil }
        var inventory = DerivedFileInventory(cacheDirectory: directory, inUse: [queue, log].compactMap { $0 }, now: now)
        return inventory.prune(DerivedFilePrunePolicy(orphans: true, cacheBudget: budget), now: now)
    }

    /// Sets the access time of `queue`'s and `log`'s derived files to now (so "last used" holds
    /// on file systems mounted `noatime`, and to the minute elsewhere), and records the source of
    /// cache entries that lack a record.
    static func markUsed(queue: String?, log: String?, options: DerivedFileOptions) {
        let kinds: [(String?, [DerivedFileKind])] = [(queue, [.queueIndex, .searchText, .clusters]), (log, [.ledgerSnapshot])]
        for case let (path?, suffixes) in kinds {
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            for kind in suffixes {
                guard let location = DerivedFileLocation.resolve(sourcePath: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino),
                                                                  options: options, suffix: kind.rawValue) else { continue }
                var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 1), timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2)]  // UTIME_NOW, UTIME_OMIT
                if utimensat(AT_FDCWD, location.path, &times, AT_SYMLINK_NOFOLLOW) == 0 { location.recordSource() }
            }
        }
    }

    /// True when the last automatic prune of `directory` (a directory of this user's) is a day old
    /// or more, or its stamp is missing or in the future; the stamp then says now.
    static func claimDailyPrune(_ directory: String, now: Int64) -> Bool {
        var status = stat()
        guard lstat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid() else { return false }
        let stamp = directory + "/" + stampName
        if lstat(stamp, &status) == 0 {
            let age = now - (Int64(status.st_mtim.tv_sec) * 1000 + Int64(status.st_mtim.tv_nsec) / 1_000_000)
            if (status.st_mode & S_IFMT) == S_IFREG && age >= -3_600_000 && age < autoPruneInterval { return false }
        }
        return touchStamp(directory)
    }

    /// Sets the stamp of `directory`'s last prune to now (creating it, 0600, never through a link).
    @discardableResult
    package static func touchStamp(_ directory: String) -> Bool {
        let file = open(directory + "/" + stampName, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        guard file >= 0 else { return false }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return false }
        return futimens(file, nil) == 0
    }
}

/// `write(2)` and `unlink(2)` as free functions: inside the types above, `write` and `unlink` name
/// their own methods.
private func writeBytes(_ file: Int32, _ bytes: UnsafeRawBufferPointer) -> Int { write(file, bytes.baseAddress, bytes.count) }

private func removeFile(_ path: String) -> Int32 { unlink(path) }
