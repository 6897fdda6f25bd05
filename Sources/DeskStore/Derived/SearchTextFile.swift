#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization

/// The folded search text of a queue's first rows, saved (`.NAME.ods`, beside the index or in the
/// cache directory) by the review screen once it has folded it, and mapped at the next start, so a
/// free-text filter typed at once does not wait for 1–2 s of folding at a million rows.
///
/// Layout (little-endian): the shared header (`FixedHeader`: magic "ODSEARCH", version,
/// fingerprint) with the queue stamp (48), rows (8), text length (8) and text offset (8); then the rows' text ends (a `SectionWriter` section of UInt32), the XXH64 of each 4 MiB
/// block of the text (a section of UInt64), and the text from `text offset` (page-aligned).
/// Checked like the other derived files (`DerivedFileStore`); every block is verified when the copy is first used
/// (tens of milliseconds, in the background). The text is mapped, never copied: its pages are the
/// page cache's.
package enum SearchTextFile: DerivedFile {
    package static let magic = Array("ODSEARCH".utf8)
    /// 2: the stamp hashes the whole prefix of the queue.
    package static let version: UInt32 = 2
    package static let suffix = "ods"
    package static let name = "search text"
    package static let minimumSize = FixedHeader.fieldsOffset + QueuePrefixStamp.length + 24 + 8
    package static let blockLength = 4 << 20

    /// What folding does to a few probes (cases, accents, scripts, controls, escapes).
    package static let fingerprint: UInt64 = {
        var bytes: [UInt8] = Array("search-text-1".utf8)
        for probe in ["Élodie@Exemple.FR", "Straße ÆØÅ ǅ ﬁ", "ΣΊΣΥΦΟΣ Ærø", "e\u{301} n\u{303}", "tab\there\u{1B}[31m\u{202E}x", "日本語 🤖"] {
            bytes += Array(SearchFolder.fold(probe).utf8) + [0]
        }
        return XXHash64.hash(bytes)
    }()

    package static func fingerprint(for queue: QueueSource) -> UInt64 { fingerprint }

    package static func location(for queue: QueueSource) -> DerivedFileLocation? { queue.derivedFile(suffix: suffix) }

    package static func ignoredNote(path: String, reason: String) -> String { "ignoring the saved search text \(path): \(reason); it is folded again" }

    package static func unsavedNote(path: String, reason: String) -> String { "could not save the search text to \(path): \(reason)" }

    /// The saved text of `queue`'s first rows, checked; nil otherwise, with a note when one was
    /// there but did not fit (it should then be replaced).
    package static func load(_ queue: QueueSource) -> SavedSearchText {
        switch DerivedFileStore.load(Self.self, for: queue) {
        case .absent:
            return SavedSearchText()
        case .rejected(let reason):
            let note = location(for: queue).map { ignoredNote(path: $0.path, reason: reason) }
            return SavedSearchText(text: nil, stale: true, note: note)
        case .loaded(let segments):
            return SavedSearchText(text: segments.first)
        }
    }

    /// Saves the text of `segments` (every row from 0, in order) in the background, streaming it
    /// through one block-sized buffer.
    package static func save(_ segments: [SearchText], queue: QueueSource) -> DerivedFileWrite {
        DerivedFileStore.save(Self.self, segments, for: queue, synchronously: false)
    }

    package static func decode(_ contents: DerivedFileContents, for queue: QueueSource) throws(DerivedFileError) -> [SearchText] {
        let mapped = try contents.mapped()
        let bytes = mapped.bytes
        let size = bytes.count
        let headerLength = minimumSize
        try FixedHeader.check(bytes, length: headerLength, fingerprint: fingerprint, stale: "folds differently")
        func integer(_ offset: Int) -> UInt64 { LittleEndian.read(UInt64.self, bytes, at: offset) }
        let stamp = QueuePrefixStamp(decoding: bytes, at: FixedHeader.fieldsOffset)
        try stamp.check(queue)
        let at = FixedHeader.fieldsOffset + QueuePrefixStamp.length
        let (rows, textLength, textOffset) = (Int(integer(at)), Int(integer(at + 8)), Int(integer(at + 16)))
        guard rows == Int(stamp.rows), textOffset >= headerLength, textLength >= 0, textOffset <= size, textLength <= size - textOffset else {
            throw DerivedFileError("it is truncated")
        }
        var reader = SectionReader(UnsafeRawBufferPointer(rebasing: bytes[0..<textOffset]), from: headerLength)
        let ends: [UInt32] = try reader.take(count: rows)
        let blockHashes: [UInt64] = try reader.take(count: (textLength + blockLength - 1) / blockLength)
        guard ends.last.map({ Int($0) == textLength }) ?? (textLength == 0), zip(ends, ends.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw DerivedFileError("its parts do not fit together")
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[textOffset..<(textOffset + textLength)])
        try verifyBlocks(text, hashes: blockHashes)
        return [SearchText(firstRow: 0, text: ByteBuffer(borrowing: bytes.baseAddress! + textOffset, count: textLength, owner: mapped), rowEnds: ends)]
    }

    /// Every block against its XXH64, on every core (the pages come from the page cache).
    private static func verifyBlocks(_ text: UnsafeRawBufferPointer, hashes: [UInt64]) throws(DerivedFileError) {
        let damaged = Atomic<Bool>(false)
        let base = UnsafeSendableBox(text)
        DispatchQueue.concurrentPerform(iterations: hashes.count) { block in
            let start = block * blockLength
            let end = min(base.value.count, start + blockLength)
            if XXHash64.hash(UnsafeRawBufferPointer(rebasing: base.value[start..<end])) != hashes[block] {
                damaged.store(true, ordering: .relaxed)
            }
        }
        if damaged.load(ordering: .relaxed) { throw DerivedFileError("a block of its text is damaged") }
    }

    package static func encode(_ segments: [SearchText], for queue: QueueSource) throws(DerivedFileError) -> DerivedFileImage? {
        let rows = segments.reduce(0) { $0 + $1.rowCount }
        guard rows > 0, let stamp = QueuePrefixStamp(queue, rows: rows) else { return nil }
        let textLength = segments.reduce(0) { $0 + $1.text.count }
        guard textLength < Int(UInt32.max) else { return nil }
        var ends: [UInt32] = []
        ends.reserveCapacity(rows)
        var base: UInt32 = 0
        for segment in segments {
            for end in segment.rowEnds { ends.append(base + end) }
            base += UInt32(segment.text.count)
        }
        let hashes = blockHashes(segments, length: textLength)
        var sections = SectionWriter()
        sections.put(ends)
        sections.put(hashes)
        let textOffset = (minimumSize + sections.bytes.count + 4095) / 4096 * 4096
        var fields = stamp.encoded()
        for value in [rows, textLength, textOffset] { LittleEndian.append(UInt64(value), to: &fields) }
        let head = FixedHeader.encode(Self.self, fingerprint: fingerprint, fields: fields) + sections.bytes
        return DerivedFileImage(length: Int64(textOffset + textLength), sync: false) { output throws(DerivedFileError) in
            try output.write(head, at: 0)
            var at = Int64(textOffset)
            for segment in segments {
                try segment.text.withUnsafeBytes { raw in Result { () throws(DerivedFileError) in try output.write(raw, at: at) } }.get()
                at += Int64(segment.text.count)
            }
        }
    }

    /// The XXH64 of each block of the segments' text taken back to back.
    private static func blockHashes(_ segments: [SearchText], length: Int) -> [UInt64] {
        var hashes: [UInt64] = []
        var staging = [UInt8]()
        staging.reserveCapacity(blockLength)
        for segment in segments {
            segment.text.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let take = min(blockLength - staging.count, raw.count - offset)
                    staging.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + take)]))
                    offset += take
                    if staging.count == blockLength {
                        hashes.append(staging.withUnsafeBytes { XXHash64.hash($0) })
                        staging.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        if !staging.isEmpty { hashes.append(staging.withUnsafeBytes { XXHash64.hash($0) }) }
        return hashes
    }
}

/// What loading a saved search text gave: the text of the first rows, or whether one was there
/// but did not fit, and the note saying so.
package struct SavedSearchText: Sendable {
    package var text: SearchText?
    package var stale = false
    package var note: String?
}
