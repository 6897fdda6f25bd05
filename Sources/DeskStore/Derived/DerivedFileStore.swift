#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import CThreadPriority

/// Reads and writes every kind of derived file (`DerivedFile`) the same way.
///
/// A load trusts nothing: the file must be a regular file of this user's that others cannot
/// write, opened without following a symbolic link, with the kind's magic, version and minimum
/// size; the kind then checks its header, its fingerprint and that the file still describes its
/// subject, in the queue's case down to a digest of the whole prefix it describes
/// (`QueuePrefixStamp`). A write goes to a temporary file beside the target (0600, never through a
/// symbolic link), which is fsynced (unless every block of it is checked at load) and renamed over it; it runs in the background unless asked
/// not to, and `DerivedFiles.waitForPendingWrites` lets a command finish it before exiting.
package enum DerivedFileStore {
    /// The subject's file of kind `File`, if there is a valid one.
    package static func load<File: DerivedFile>(_: File.Type, for subject: File.Subject) -> DerivedFileLoad<File.Value> {
        guard let location = File.location(for: subject) else { return .absent }
        return load(File.self, at: location, for: subject)
    }

    /// The file of kind `File` at `location`, checked against `subject`.
    package static func load<File: DerivedFile>(_: File.Type, at location: DerivedFileLocation, for subject: File.Subject) -> DerivedFileLoad<File.Value> {
        let file = openForReading(location.path)
        guard file >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .absent }
            return .rejected(errno == ELOOP ? "it is a symbolic link" : "it cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(file) }
        do throws(DerivedFileError) {
            let size = try check(File.self, file)
            return .loaded(try File.decode(DerivedFileContents(path: location.path, descriptor: file, size: size), for: subject))
        } catch {
            return .rejected(error.reason)
        }
    }

    /// The checks every kind gets; returns the file's size.
    private static func check<File: DerivedFile>(_: File.Type, _ file: Int32) throws(DerivedFileError) -> Int {
        var own = stat()
        guard fstat(file, &own) == 0, (own.st_mode & S_IFMT) == S_IFREG else { throw DerivedFileError("it is not a regular file") }
        guard own.st_uid == geteuid(), own.st_mode & 0o022 == 0 else {
            throw DerivedFileError("it belongs to another user or others may write it")
        }
        let size = Int(own.st_size)
        var start = [UInt8](repeating: 0, count: 12)
        let got = start.withUnsafeMutableBytes { pread(file, $0.baseAddress, 12, 0) }
        guard got >= 8, start.prefix(8).elementsEqual(File.magic) else { throw DerivedFileError("it is not an objection-desk \(File.name)") }
        guard got == 12 else { throw DerivedFileError("it is truncated") }
        let version = start.withUnsafeBytes { LittleEndian.read(UInt32.self, $0, at: 8) }
        guard version == File.version else {
            throw DerivedFileError("it has format version \(version); this build reads version \(File.version)")
        }
        guard size >= File.minimumSize else { throw DerivedFileError("it is truncated") }
        return size
    }

    /// Saves `value` as the subject's file of kind `File`: encoded and written on a thread of its
    /// own unless `synchronously`. A failure becomes the kind's note (`DerivedFileWrite`), never
    /// an error.
    @discardableResult
    package static func save<File: DerivedFile>(_: File.Type, _ value: sending File.Value, for subject: sending File.Subject,
                                        synchronously: Bool) -> DerivedFileWrite {
        guard let location = File.location(for: subject) else { return .finished(note: nil) }
        return write(to: location, synchronously: synchronously, unsavedNote: { File.unsavedNote(path: location.path, reason: $0) }) { () throws(DerivedFileError) in
            try File.encode(value, for: subject)
        }
    }

    /// The one write path: `image` is made and written where the write runs, into a temporary
    /// file that replaces the one at `location`.
    package static func write(to location: DerivedFileLocation, synchronously: Bool, unsavedNote: @escaping @Sendable (String) -> String,
                      image: sending @escaping () throws(DerivedFileError) -> DerivedFileImage?) -> DerivedFileWrite {
        let job = PendingWrites.shared.begin()
        let work = { () -> String? in
            defer { PendingWrites.shared.end(job) }
            do throws(DerivedFileError) {
                guard let image = try image() else { return nil }
                try location.prepareDirectory()
                try replaceFile(at: location, job: job, with: image)
                location.recordSource()
                return nil
            } catch {
                return unsavedNote(error.reason)
            }
        }
        if synchronously { return .finished(note: work()) }
        return .running(BackgroundTask {
            // Its own thread, ended with the work: a first `stats` saves the queue index while it
            // clusters, and at the same priority the save took turns with the clustering.
            lower_thread_priority(10)
            return work()
        })
    }

    /// Creates a temporary file beside `location` (0600, never through a symbolic link), fills it
    /// with `image`, sets its length, fsyncs it (unless the image says not to) and renames it over
    /// `location`.
    private static func replaceFile(at location: DerivedFileLocation, job: Int, with image: DerivedFileImage) throws(DerivedFileError) {
        let temporary = location.path + ".tmp-\(getpid())-\(job)"
        let file = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw DerivedFileError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        PendingWrites.shared.track(job, temporary: temporary)
        var renamed = false
        defer {
            close(file)
            if !renamed { unlink(temporary) }
            PendingWrites.shared.track(job, temporary: nil)
        }
        _ = fchmod(file, 0o600)
        try image.fill(DerivedFileOutput(descriptor: file))
        guard ftruncate(file, off_t(image.length)) == 0, !image.sync || fsync(file) == 0 else {
            throw DerivedFileError("cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, location.path) == 0 else {
            throw DerivedFileError("cannot rename \(temporary): \(String(cString: strerror(errno)))")
        }
        renamed = true
    }
}

/// `open(2)` for reading a derived file, never through a symbolic link (a free function: inside
/// `DerivedFileStore`, `open` would not name the system call).
private func openForReading(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
}

/// Derived-file writes under way, so a command can let them finish before it exits.
///
/// `@unchecked Sendable`: every field is read and written under `condition`.
package final class PendingWrites: @unchecked Sendable {
    package static let shared = PendingWrites()
    private let condition = NSCondition()
    private var running: [Int: String?] = [:]
    private var next = 0

    package func begin() -> Int {
        condition.withLock {
            next += 1
            running[next] = .some(nil)
            return next
        }
    }

    package func track(_ job: Int, temporary: String?) { condition.withLock { running[job] = .some(temporary) } }

    package func end(_ job: Int) {
        condition.withLock {
            running[job] = nil
            condition.broadcast()
        }
    }

    /// Waits until no write is running or `timeout` seconds passed; then removes the temporary
    /// files of writes still running (the process is about to end them).
    package func wait(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !running.isEmpty {
            if !condition.wait(until: deadline) { break }
        }
        for case let temporary?? in running.values { unlink(temporary) }
        return running.isEmpty
    }
}

/// The derived files, as the rest of the program sees them.
package enum DerivedFiles {
    /// Waits (at most `timeout` seconds) for derived-file writes started in the background; a
    /// command calls this before it exits so that what it derived is not lost. True when none is
    /// left.
    @discardableResult
    package static func waitForPendingWrites(timeout: Double = 10) -> Bool {
        PendingWrites.shared.wait(timeout: timeout)
    }
}
