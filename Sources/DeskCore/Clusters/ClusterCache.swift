#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The clusters of a queue, saved beside its index (`.NAME.odc`, or in the cache directory, like
/// the index) so that opening an unchanged or grown queue does not cluster it again.
///
/// A cache describes the first `rows` rows and everything needed to extend them
/// (`Clusters.rowsAppended`): the exact-text table, the union of texts and the band keys kept for
/// refreshes. It is trusted as little as the index: a regular file of ours that others cannot
/// write, header and every section matching their XXH64, written by code that clusters the same
/// way with the same parameters, and describing a prefix of the same queue file (device, inode,
/// the line offsets of its rows, the digest of that whole prefix: `QueuePrefixStamp`).
enum ClusterCache {
    enum Outcome {
        case absent
        case rejected(String)
        case loaded(Clusters)
    }

    static let suffix = "odc"
    /// Rows appended since the cache was written before it is written again.
    static func rewriteThreshold(cachedRows: Int) -> Int { max(2_000, cachedRows / 64) }

    static func location(of queue: QueueSource) -> QueueIndexLocation? { queue.derivedFile(suffix: suffix) }

    /// The cached clusters of `queue`'s first rows, if a valid cache describes them.
    static func load(for queue: QueueSource, parameters: ClusterParameters) -> Outcome {
        guard let location = location(of: queue) else { return .absent }
        do throws(QueueIndexError) {
            guard let mapped = try MappedCacheFile.open(location.path, minimumSize: ClusterCacheHeader.length) else { return .absent }
            return .loaded(try decode(mapped, queue: queue, parameters: parameters))
        } catch {
            return .rejected(error.reason)
        }
    }

    private static func decode(_ mapped: MappedCacheFile, queue: QueueSource, parameters: ClusterParameters) throws(QueueIndexError) -> Clusters {
        let header = try ClusterCacheHeader.decode(mapped.bytes)
        guard header.fingerprint == ClusterCacheFingerprint.value(parameters) else {
            throw QueueIndexError("it was written by a version of objection-desk that clusters differently, or with other settings")
        }
        try header.stamp.check(queue)
        let rows = Int(header.stamp.rows)
        var reader = SectionReader(mapped.bytes, from: ClusterCacheHeader.length)
        return try Clusters(restoring: &reader, from: mapped, rows: rows, parameters: parameters)
    }

    /// Writes `clusters` for `queue` in the background (temporary file, fsync, rename); a failure
    /// becomes a note. `QueueIndex.waitForPendingWrites` waits for it.
    static func startWrite(_ clusters: Clusters, queue: QueueSource, synchronously: Bool = false) {
        guard let location = location(of: queue), clusters.rowCount > 0 else { return }
        guard let stamp = QueuePrefixStamp(queue, rows: clusters.rowCount) else { return }
        var header = ClusterCacheHeader()
        header.fingerprint = ClusterCacheFingerprint.value(clusters.parameters)
        header.stamp = stamp
        let prepared = header
        QueueIndexWriter.startDerivedFile(at: location, synchronously: synchronously, failure: {
            "could not save the clusters to \(location.path): \($0); they are built again next time"
        }) { () throws(QueueIndexError) in
            var header = prepared
            var writer = SectionWriter()
            try clusters.encode(into: &writer)
            header.sectionCount = UInt64(writer.sectionCount)
            return header.encoded() + writer.bytes
        }
    }
}

/// What the clustering code does to a few probe texts, with the parameters, hashed: a cache
/// written by code that tokenizes, folds or sketches differently is stale. `derivationVersion`
/// covers what the probes miss (bump it when grouping or the cache's meaning changes).
enum ClusterCacheFingerprint {
    static let derivationVersion: UInt64 = 1

    private static let probes: UInt64 = {
        var bytes: [UInt8] = []
        func add<Value: FixedWidthInteger>(_ value: Value) { SectionWriter.append(value, to: &bytes) }
        add(derivationVersion)
        add(UInt64(NearDuplicateGrouping.persistedBands))
        var tokenizer = ClusterTokenizer()
        var sketcher = MinHashSketcher(bands: 4, rowsPerBand: 2)
        var keys = [UInt32](repeating: 0, count: 5)
        let texts = ["Je m'oppose à l'utilisation de mes DONNÉES, @ana https://x.example/y", "Ich möchte nicht, dass meine Inhalte für KI-Training",
                     "我反对 使用我的数据 🤖 www.example.org", "Ｆｕｌｌｗｉｄｔｈ e\u{301} straße ΣΊΣΥΦΟΣ", "a b"]
        for text in texts {
            let folded = Array(SearchFolder.fold(text).utf8)
            let kind = folded.withUnsafeBytes { tokenizer.tokenize($0, minimumTokens: 3) }
            add(kind.rawValue)
            tokenizer.withTokens { tokens in
                tokens.forEach { add($0) }
                if tokens.count >= 2 { keys.withUnsafeMutableBufferPointer { sketcher.bandKeys(of: tokens, into: $0.baseAddress!) } }
            }
            keys.forEach { add($0) }
        }
        return XXHash64.hash(bytes)
    }()

    static func value(_ parameters: ClusterParameters) -> UInt64 {
        var bytes: [UInt8] = []
        func add<Value: FixedWidthInteger>(_ value: Value) { SectionWriter.append(value, to: &bytes) }
        add(probes)
        for value in [parameters.minimumTokens, parameters.bands, parameters.rowsPerBand, parameters.viralSize] { add(UInt64(value)) }
        for value in [parameters.similarity, parameters.containment, parameters.containmentSizeRatio, parameters.frameRemainder,
                      parameters.frameRemainderSimilarity, parameters.maximumAddition] { add(value.bitPattern) }
        add(NearDuplicateGrouping.version)
        return XXHash64.hash(bytes)
    }
}

/// What clustering reads of the queue, taken on the thread that owns the `QueueFile` so a build can
/// run on another: the table as it is now, and the file (its own descriptor, closed with this).
public final class QueueSource: @unchecked Sendable {
    let path: String
    let descriptor: Int32
    let identity: (device: UInt64, inode: UInt64)
    let indexOptions: QueueIndexOptions
    let table: SubmissionTable

    init(_ queue: QueueFile) {
        path = queue.path
        descriptor = dup(queue.descriptor)
        identity = queue.identity
        indexOptions = queue.indexOptions
        table = queue.table
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Where a file derived from this queue goes (`.NAME.SUFFIX` beside it, or the cache
    /// directory, as for the index); nil when derived files are turned off.
    func derivedFile(suffix: String) -> QueueIndexLocation? {
        guard indexOptions.isEnabled else { return nil }
        return QueueIndexLocation.resolve(queuePath: path, device: identity.device, inode: identity.inode,
                                          options: indexOptions, suffix: suffix)
    }
}

/// A cluster cache mapped into memory, unmapped when the last user lets go. The grouping state in
/// it is read only when rows are appended (`Clusters.restoreGrouping`). Safe to keep: a cache is
/// only ever replaced by rename, never changed in place, so the mapped inode stays as validated.
final class MappedCacheFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    /// Maps the derived file at `path` after the checks every one of them gets: a regular file (no
    /// symbolic link), of this user's, that others cannot write, at least `minimumSize` bytes.
    /// Nil when there is none.
    static func open(_ path: String, minimumSize: Int) throws(QueueIndexError) -> MappedCacheFile? {
        let file = openDerivedFile(path)
        guard file >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw QueueIndexError(errno == ELOOP ? "it is a symbolic link" : "it cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(file) }
        var own = stat()
        guard fstat(file, &own) == 0, (own.st_mode & S_IFMT) == S_IFREG else { throw QueueIndexError("it is not a regular file") }
        guard own.st_uid == geteuid(), own.st_mode & 0o022 == 0 else {
            throw QueueIndexError("it belongs to another user or others may write it")
        }
        guard Int(own.st_size) >= minimumSize else { throw QueueIndexError("it is truncated") }
        return try MappedCacheFile(file, size: Int(own.st_size))
    }

    init(_ file: Int32, size: Int) throws(QueueIndexError) {
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, file, 0), address != MAP_FAILED else {
            throw QueueIndexError("it cannot be read: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// `open(2)` for reading a derived file, never through a symbolic link (a free function: inside
/// `MappedCacheFile`, `open` names its own method).
private func openDerivedFile(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
}
