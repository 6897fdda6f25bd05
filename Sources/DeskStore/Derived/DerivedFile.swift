#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One kind of file derived from a source file (the queue, the decision log) and saved, so that
/// the next start reads it instead of deriving it again: the queue index (`.odx`), the folded
/// search text (`.ods`), the clusters (`.odc`) and the ledger snapshot (`.odl`).
///
/// `DerivedFileStore` finds, checks, reads and writes every kind the same way (DECISIONS.md,
/// "Derived files: one store"); a kind says only what is its own: its name and header, what it
/// is checked against, and how its value becomes bytes and back.
package protocol DerivedFile: SendableMetatype {
    /// What the file holds.
    associatedtype Value
    /// What it is derived from and checked against (a queue's first rows, the decision log).
    associatedtype Subject

    /// `.NAME.SUFFIX` beside the source, or `KEY.SUFFIX` in the cache directory.
    static var suffix: String { get }
    /// Eight bytes at offset 0.
    static var magic: [UInt8] { get }
    /// Four bytes at offset 8, little-endian: a file of another version is ignored.
    static var version: UInt32 { get }
    /// The size below which a file cannot be one (its fixed header).
    static var minimumSize: Int { get }
    /// "queue index", as in "it is not an objection-desk queue index".
    static var name: String { get }

    /// What the code that derives the value does, hashed (with the subject's settings): a file
    /// written by code that derives differently is stale.
    static func fingerprint(for subject: Subject) -> UInt64
    /// Where the subject's file is; nil when derived files are off for it.
    static func location(for subject: Subject) -> DerivedFileLocation?
    /// Reads the value back from a file the store has checked, checking the rest: its header, its
    /// fingerprint, and that it still describes the subject.
    static func decode(_ file: DerivedFileContents, for subject: Subject) throws(DerivedFileError) -> Value
    /// The file for `value`, or nil when there is nothing worth saving. Runs where the write runs
    /// (a background thread unless the options ask for synchronous writes).
    static func encode(_ value: Value, for subject: Subject) throws(DerivedFileError) -> DerivedFileImage?

    /// The note when a file is there but not used: "ignoring the saved clusters PATH: REASON;
    /// they are built again".
    static func ignoredNote(path: String, reason: String) -> String
    /// The note when a file could not be written.
    static func unsavedNote(path: String, reason: String) -> String
}

/// What loading a derived file gave.
package enum DerivedFileLoad<Value> {
    /// There is none (or derived files are off).
    case absent
    /// There is one, but it cannot be used; the reason is for a note.
    case rejected(String)
    case loaded(Value)
}

/// A derived file opened for reading once the store's checks passed: a regular file of this
/// user's that others cannot write, no symbolic link, with the kind's magic and version, at least
/// the kind's minimum size. Valid while `decode` runs.
package struct DerivedFileContents {
    package let path: String
    /// Open for reading until `decode` returns.
    package let descriptor: Int32
    package let size: Int

    /// The whole file, mapped; it stays mapped while the value holds the mapping. Safe to keep:
    /// a derived file is only ever replaced by rename, never changed in place, so the mapped inode
    /// stays as it was checked.
    package func mapped() throws(DerivedFileError) -> MappedDerivedFile { try MappedDerivedFile(descriptor, size: size) }
}

/// A derived file mapped into memory, unmapped when the last user lets go.
///
/// `@unchecked Sendable`: the mapping is read-only and never changes (see `DerivedFileContents`).
package final class MappedDerivedFile: @unchecked Sendable {
    package let bytes: UnsafeRawBufferPointer

    package init(_ file: Int32, size: Int) throws(DerivedFileError) {
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, file, 0), address != MAP_FAILED else {
            throw DerivedFileError("it cannot be read: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// The contents of a derived file to write: its length, and what writes its bytes at their
/// offsets into the temporary file that then replaces it.
package struct DerivedFileImage {
    package var length: Int64
    /// fsync before the rename. Without it a torn copy is possible after a crash: only for a kind
    /// whose every block is checked at load (the search text, the queue index, the clusters), so
    /// quitting does not wait for hundreds of megabytes to reach the disk.
    package var sync = true
    package var fill: (DerivedFileOutput) throws(DerivedFileError) -> Void

    package init(length: Int64, sync: Bool = true, fill: @escaping (DerivedFileOutput) throws(DerivedFileError) -> Void) {
        self.length = length
        self.sync = sync
        self.fill = fill
    }

    /// A file of these bytes.
    package init(_ bytes: [UInt8]) {
        length = Int64(bytes.count)
        fill = { output throws(DerivedFileError) in try output.write(bytes, at: 0) }
    }
}

/// The temporary file a `DerivedFileImage` is written into.
package struct DerivedFileOutput {
    package let descriptor: Int32

    package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(DerivedFileError) {
        var done = 0
        while done < bytes.count {
            let wrote = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + Int64(done)))
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw DerivedFileError("write failed: \(String(cString: strerror(wrote < 0 ? errno : EIO)))") }
            done += wrote
        }
    }

    package func write(_ bytes: [UInt8], at offset: Int64) throws(DerivedFileError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(DerivedFileError) in try write(raw, at: offset) } }.get()
    }
}

/// The header the search text, the clusters and the ledger snapshot share: magic (8), version (4),
/// zero (4), fingerprint (8), the kind's own fields, and the XXH64 of every byte before it (8).
/// (The queue index, the oldest kind, has a header of its own after the same magic and version.)
package enum FixedHeader {
    /// The header of `File` with `fields` after the fingerprint.
    package static func encode<File: DerivedFile>(_: File.Type, fingerprint: UInt64, fields: [UInt8]) -> [UInt8] {
        var bytes = File.magic
        LittleEndian.append(File.version, to: &bytes)
        LittleEndian.append(UInt32(0), to: &bytes)
        LittleEndian.append(fingerprint, to: &bytes)
        bytes += fields
        LittleEndian.append(bytes.withUnsafeBytes { XXHash64.hash($0) }, to: &bytes)
        return bytes
    }

    /// Throws unless the header of `length` bytes (its magic, version and size already checked)
    /// matches its checksum and `fingerprint`; `stale` says what other code did ("it was written
    /// by a version of objection-desk that folds differently").
    package static func check(_ bytes: UnsafeRawBufferPointer, length: Int, fingerprint: UInt64, stale: String) throws(DerivedFileError) {
        guard XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<(length - 8)])) == LittleEndian.read(UInt64.self, bytes, at: length - 8) else {
            throw DerivedFileError("its header is damaged")
        }
        guard LittleEndian.read(UInt64.self, bytes, at: 16) == fingerprint else {
            throw DerivedFileError("it was written by a version of objection-desk that \(stale)")
        }
    }

    /// The first field after the fingerprint.
    package static let fieldsOffset = 24
}
