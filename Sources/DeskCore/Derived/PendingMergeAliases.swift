#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Names the files being changed on main meanwhile still use (QueueFile, the clustering and its
// cache, the benchmark); they go once those are merged and moved to the derived-file store.

typealias QueueIndexError = DerivedFileError
typealias QueueIndexLocation = DerivedFileLocation
public typealias QueueIndexOptions = DerivedFileOptions

extension SectionWriter {
    static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) { LittleEndian.append(value, to: &bytes) }
}

extension DerivedFileLocation {
    static func resolve(queuePath: String, device: UInt64, inode: UInt64, options: DerivedFileOptions,
                        suffix: String = "odx") -> DerivedFileLocation? {
        resolve(sourcePath: queuePath, device: device, inode: inode, options: options, suffix: suffix)
    }
}

/// `QueueFile`'s calls, until it names the store itself.
enum QueueIndexReader {
    static func load(_ location: DerivedFileLocation, queuePath: String, queue: Int32, status: stat,
                     searchText: LazySearchText) -> DerivedFileLoad<QueueSnapshot> {
        guard let owned = OwnedDescriptor(duplicating: queue) else { return .rejected("the queue file could not be read") }
        let subject = QueueIndexSubject(queuePath: queuePath, queue: owned, status: status, location: location, searchText: searchText)
        return DerivedFileStore.load(QueueIndexFile.self, at: location, for: subject)
    }
}

enum QueueIndexWriter {
    static func start(_ snapshot: QueueSnapshot, queue descriptor: Int32, status: stat, to location: DerivedFileLocation, wait: Bool) {
        guard let owned = OwnedDescriptor(duplicating: descriptor) else { return }
        let subject = QueueIndexSubject(queuePath: "", queue: owned, status: status, location: location, searchText: LazySearchText())
        DerivedFileStore.save(QueueIndexFile.self, snapshot, for: subject, synchronously: wait)
    }

    /// The cluster cache's call.
    static func startDerivedFile(at location: DerivedFileLocation, synchronously: Bool,
                                 failure: @escaping @Sendable (String) -> String,
                                 contents: @escaping @Sendable () throws(DerivedFileError) -> [UInt8]) {
        DerivedFileStore.write(to: location, synchronously: synchronously, unsavedNote: failure) { () throws(DerivedFileError) in
            DerivedFileImage(try contents())
        }
    }
}

public enum QueueIndex {
    @discardableResult
    public static func waitForPendingWrites(timeout: Double = 10) -> Bool { DerivedFiles.waitForPendingWrites(timeout: timeout) }
}
