import DeskCore
import DeskStore

/// The clusters of a queue, saved beside its index (`.NAME.odc`, or in the cache directory, like
/// the index) so that opening an unchanged or grown queue does not cluster it again.
///
/// A cache describes the first `rows` rows and everything needed to extend them
/// (`Clusters.rowsAppended`): the exact-text table, the union of texts and the band keys kept for
/// refreshes. It is checked like every derived file (`DerivedFileStore`), written by code that
/// clusters the same way with the same parameters (`ClusterCacheFingerprint`), and describing a
/// prefix of the same queue file (`QueuePrefixStamp`).
///
/// Layout (little-endian; DECISIONS.md, "Clusters are saved beside the queue index"): the shared header (`FixedHeader`:
/// magic "ODCLUSTR", version, fingerprint) with the queue stamp (48) and the section count (8);
/// then the sections of `Clusters.encode(into:)`.
enum ClusterFile: DerivedFile {
    /// A queue and the parameters its clusters are found with.
    struct Subject: Sendable {
        let queue: QueueSource
        let parameters: ClusterParameters
    }

    static let magic = DerivedFileKind.clusters.magic
    /// 2: the stamp hashes the whole prefix of the queue (version 1: its first and last 64 KiB).
    /// 3: the representatives' openings follow the assembled clusters.
    static let version: UInt32 = 3
    static let minimumSize = FixedHeader.fieldsOffset + QueuePrefixStamp.length + 16
    static let suffix = "odc"
    static let name = "cluster cache"

    /// Rows appended since the cache was written before it is written again.
    static func rewriteThreshold(cachedRows: Int) -> Int { max(2_000, cachedRows / 64) }

    static func fingerprint(for subject: Subject) -> UInt64 { ClusterCacheFingerprint.value(subject.parameters) }

    static func location(for subject: Subject) -> DerivedFileLocation? { subject.queue.derivedFile(suffix: suffix) }

    static func ignoredNote(path: String, reason: String) -> String { "ignoring the saved clusters \(path): \(reason); they are built again" }

    static func unsavedNote(path: String, reason: String) -> String {
        "could not save the clusters to \(path): \(reason); they are built again next time"
    }

    /// The cached clusters of `queue`'s first rows, if a valid cache describes them.
    static func load(for queue: QueueSource, parameters: ClusterParameters) -> DerivedFileLoad<Clusters> {
        DerivedFileStore.load(Self.self, for: Subject(queue: queue, parameters: parameters))
    }

    static func decode(_ contents: DerivedFileContents, for subject: Subject) throws(DerivedFileError) -> Clusters {
        let (mapped, rows, reader) = try sections(of: contents, for: subject)
        var sections = reader
        return try Clusters(restoring: &sections, from: mapped, rows: rows, parameters: subject.parameters)
    }

    /// The mapped file once its header, fingerprint and queue stamp are checked, the number of
    /// rows it describes, and a reader at its first section.
    static func sections(of contents: DerivedFileContents, for subject: Subject) throws(DerivedFileError)
        -> (file: MappedDerivedFile, rows: Int, reader: SectionReader) {
        let mapped = try contents.mapped()
        let bytes = mapped.bytes
        try FixedHeader.check(bytes, length: minimumSize, fingerprint: fingerprint(for: subject),
                              stale: "clusters differently, or with other settings")
        let stamp = QueuePrefixStamp(decoding: bytes, at: FixedHeader.fieldsOffset)
        try stamp.check(subject.queue)
        return (mapped, Int(stamp.rows), SectionReader(bytes, from: minimumSize))
    }

    /// Saves `clusters` for `queue` (in the background unless `synchronously`).
    static func save(_ clusters: Clusters, queue: QueueSource, synchronously: Bool = false) -> DerivedFileWrite {
        DerivedFileStore.save(Self.self, clusters, for: Subject(queue: queue, parameters: clusters.parameters), synchronously: synchronously)
    }

    static func encode(_ clusters: Clusters, for subject: Subject) throws(DerivedFileError) -> DerivedFileImage? {
        guard clusters.rowCount > 0, let stamp = QueuePrefixStamp(subject.queue, rows: clusters.rowCount) else { return nil }
        var writer = SectionWriter()
        try clusters.encode(into: &writer)
        var fields = stamp.encoded()
        LittleEndian.append(UInt64(writer.sectionCount), to: &fields)
        let header = FixedHeader.encode(Self.self, fingerprint: fingerprint(for: subject), fields: fields)
        let sections = writer
        // No fsync, as for the queue index: the header and every section are checked when read.
        return DerivedFileImage(length: Int64(header.count + sections.byteCount), sync: false) { output throws(DerivedFileError) in
            try output.write(header, at: 0)
            try sections.write(to: output, at: Int64(header.count))
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
        func add<Value: FixedWidthInteger>(_ value: Value) { LittleEndian.append(value, to: &bytes) }
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
        func add<Value: FixedWidthInteger>(_ value: Value) { LittleEndian.append(value, to: &bytes) }
        add(probes)
        for value in [parameters.minimumTokens, parameters.bands, parameters.rowsPerBand, parameters.viralSize] { add(UInt64(value)) }
        for value in [parameters.similarity, parameters.containment, parameters.containmentSizeRatio, parameters.frameRemainder,
                      parameters.frameRemainderSimilarity, parameters.maximumAddition, parameters.narrowJaccard,
                      parameters.narrowContainment] { add(value.bitPattern) }
        add(NearDuplicateGrouping.version)
        return XXHash64.hash(bytes)
    }
}
