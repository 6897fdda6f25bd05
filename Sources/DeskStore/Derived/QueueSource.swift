import DeskCore

/// What a file derived from the queue is checked against and written for, taken on the thread
/// that owns the `QueueFile` so that the work can run on another: the table as it is now, and the
/// file (a descriptor of its own, closed with the last copy of this).
package final class QueueSource: Sendable {
    package let path: String
    package let file: OwnedDescriptor?
    package let identity: (device: UInt64, inode: UInt64)
    package let options: DerivedFileOptions
    package let table: SubmissionTable

    package init(_ queue: QueueFile) {
        path = queue.path
        file = OwnedDescriptor(duplicating: queue.descriptor)
        identity = queue.identity
        options = queue.indexOptions
        table = queue.table
    }

    /// The queue's descriptor (-1 when it could not be duplicated: nothing then matches it).
    package var descriptor: Int32 { file?.value ?? -1 }

    /// Where the file derived from this queue with `suffix` goes (`.NAME.SUFFIX` beside it, or the
    /// cache directory); nil when derived files are turned off.
    package func derivedFile(suffix: String) -> DerivedFileLocation? {
        DerivedFileLocation.resolve(sourcePath: path, device: identity.device, inode: identity.inode, options: options, suffix: suffix)
    }
}
