#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of a `FileClaimStore`: one `<holder>.claim` per holder, a `lock` file taken while a
/// claim is taken, and `.<holder>.tmp` files that exist only between a write and its rename.
///
/// Reads take no lock: every claim file is replaced whole by `rename`, so a reader sees the old
/// or the new contents, never a mix. What did not change is not read again: a file whose inode,
/// size and mtime are unchanged keeps its parsed entry, and while the directory's own identity
/// (which every create, rename and removal changes) stays the same the listing is reused without
/// a `readdir` or a `stat` per file — an idle screen beside 100,000 claim files does no work.
final class ClaimDirectory {
    let path: String
    private var lockDescriptor: Int32 = -1
    private var memo: [String: Entry] = [:]
    /// The last full listing, reused while the directory is unchanged.
    private var listing: (identity: FileIdentity, entries: [(name: String, entry: Entry)], at: Int64)?
    /// Bumped whenever a scan's result may differ from the previous one.
    private(set) var generation = 0
    /// What scanning cost, for tests: directory listings and claim files read.
    private(set) var listings = 0
    private(set) var filesRead = 0

    /// One claim file as last read.
    struct Entry {
        /// inode, size and modification time when read.
        package var identity: FileIdentity?
        var bytes: [UInt8]
        var claim: Claim?
        /// The claim's ids as a set, for conflict checks against many requested ids.
        var ids: Set<String>
        var problem: String?
    }

    static let suffix = ".claim"
    /// Larger claim files are ignored, with a note, without being read: a screen's claim is its
    /// rows plus its tags (about 3,000 ids fit), and `FileClaimStore` never writes more.
    static let maximumFileSize = 64 << 10
    /// An unchanged directory is still listed and its files checked this often (milliseconds), in
    /// case a file was rewritten in place rather than replaced.
    static let fullScanInterval: Int64 = 10_000

    init(path: String) {
        self.path = path
    }

    deinit {
        if lockDescriptor >= 0 { close(lockDescriptor) }
    }

    // MARK: Setting up

    /// Creates the directory if needed and checks it; returns the mode for new files.
    ///
    /// A new directory is 0700, or 03770 when the log's directory is setgid (a team shares a
    /// group; sticky, so no member can remove another's claim); files are then 0600, or 0660 in a
    /// setgid directory. A world-writable directory or
    /// a symbolic link in its place is refused.
    func prepare() throws -> mode_t {
        var status = stat()
        if lstat(path, &status) != 0 {
            guard errno == ENOENT else { throw ClaimStoreError.io(operation: "stat", path: path, errno: errno) }
            var parent = stat()
            let teamGroup = lstat(Self.parent(of: path), &parent) == 0 && parent.st_mode & S_ISGID != 0
            let mode: mode_t = teamGroup ? 0o3770 : 0o700
            if mkdir(path, mode) == 0 {
                _ = chmod(path, mode)  // the umask must not take the group's bits away
            } else if errno != EEXIST {
                throw ClaimStoreError.io(operation: "create directory", path: path, errno: errno)
            }
            guard lstat(path, &status) == 0 else { throw ClaimStoreError.io(operation: "stat", path: path, errno: errno) }
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw ClaimStoreError.notADirectory(path: path) }
        guard status.st_mode & S_IWOTH == 0 else { throw ClaimStoreError.writableByOthers(path: path, mode: UInt32(status.st_mode)) }
        return status.st_mode & S_ISGID != 0 ? 0o660 : 0o600
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    // MARK: Locking

    /// Runs `body` holding `flock(LOCK_EX)` on the directory's lock file.
    func withLock<Result>(fileMode: mode_t, _ body: () throws -> Result) throws -> Result {
        if lockDescriptor < 0 { lockDescriptor = try openLockFile(fileMode: fileMode) }
        // Non-blocking attempts for a few seconds: a screen must not freeze because another
        // process was stopped (Ctrl-Z, a debugger) in the millisecond it holds the lock.
        var attempts = 0
        while flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw ClaimStoreError.io(operation: "lock", path: path + "/lock", errno: errno)
            }
            attempts += 1
            guard attempts < 3_000 else { throw ClaimStoreError.busy(path: path + "/lock") }
            usleep(1_000)
        }
        defer { _ = flock(lockDescriptor, LOCK_UN) }
        return try body()
    }

    private func openLockFile(fileMode: mode_t) throws -> Int32 {
        let lockPath = path + "/lock"
        let created = open(lockPath, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        if created >= 0 {
            _ = fchmod(created, fileMode)
            return created
        }
        guard errno == EEXIST else { throw ClaimStoreError.io(operation: "create", path: lockPath, errno: errno) }
        let existing = open(lockPath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard existing >= 0 else { throw ClaimStoreError.io(operation: "open", path: lockPath, errno: errno) }
        return existing
    }

    // MARK: Reading

    /// Every claim file in the directory, parsed (or with the reason it could not be).
    /// A missing directory holds no claims; a symbolic link or a world-writable directory in its
    /// place is refused, as when taking a claim: nobody's claims could be written there.
    func scan() throws -> [(name: String, entry: Entry)] {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else { throw ClaimStoreError.io(operation: "stat", path: path, errno: errno) }
            if listing != nil || !memo.isEmpty { generation += 1 }
            listing = nil
            memo = [:]
            return []
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw ClaimStoreError.notADirectory(path: path) }
        guard status.st_mode & S_IWOTH == 0 else { throw ClaimStoreError.writableByOthers(path: path, mode: UInt32(status.st_mode)) }
        let identity = FileIdentity(status)
        let now = Self.nowMillis()
        // Reused only when listed well after the directory's mtime: a change just after its
        // mtime's clock tick could otherwise leave the same mtime behind (timestamps are coarse).
        if let listing, listing.identity == identity, listing.at - identity.modifiedMillis > 100,
           now - listing.at < Self.fullScanInterval {
            return listing.entries
        }
        let entries = try list()
        listing = (identity, entries, now)
        return entries
    }

    static func nowMillis() -> Int64 {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        return Int64(clock.tv_sec) * 1000 + Int64(clock.tv_nsec) / 1_000_000
    }

    /// Lists the directory and reads the claim files whose identity changed.
    private func list() throws -> [(name: String, entry: Entry)] {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return [] }
            throw ClaimStoreError.io(operation: "read directory", path: path, errno: errno)
        }
        defer { closedir(directory) }
        listings += 1
        var names: [String] = []
        while let item = readdir(directory) {
            let name = withUnsafePointer(to: &item.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name.hasSuffix(Self.suffix) && !name.hasPrefix(".") { names.append(name) }
        }
        names.sort()
        var changed = names.count != memo.count
        var result: [(name: String, entry: Entry)] = []
        var seen: [String: Entry] = [:]
        for name in names {
            // Every change is a rename of a new file: an unchanged inode, size and mtime (older
            // than the clock's granularity could hide) is the same file, not worth reading.
            if let known = memo[name], let identity = known.identity, FileIdentity(path + "/" + name) == identity,
               identity.isSettled {
                seen[name] = known
                result.append((name, known))
                continue
            }
            guard let (bytes, identity) = readFile(name) else { continue }  // removed meanwhile
            var entry: Entry
            if let known = memo[name], known.bytes == bytes, bytes.count <= Self.maximumFileSize {
                entry = known
            } else {
                entry = Self.parse(bytes, name: name)
                changed = true
            }
            entry.identity = identity
            seen[name] = entry
            result.append((name, entry))
        }
        if changed || seen.keys.contains(where: { memo[$0] == nil }) { generation += 1 }
        memo = seen
        return result
    }

    private static func parse(_ bytes: [UInt8], name: String) -> Entry {
        if bytes.count > maximumFileSize {
            return Entry(identity: nil, bytes: [], claim: nil, ids: [], problem: "larger than \(maximumFileSize >> 10) KiB; ignored")
        }
        do {
            let claim = try ClaimFileFormat.decode(bytes)
            guard claim.holder + suffix == name else {
                return Entry(identity: nil, bytes: bytes, claim: nil, ids: [], problem: "names holder \"\(claim.holder)\", not its file name; ignored")
            }
            return Entry(identity: nil, bytes: bytes, claim: claim, ids: Set(claim.ids), problem: nil)
        } catch {
            return Entry(identity: nil, bytes: bytes, claim: nil, ids: [], problem: error.message + "; ignored")
        }
    }

    /// The file's bytes and identity, or nil when it vanished or is not a regular file. A file
    /// over the size limit is not read: one byte more than the limit stands for its contents.
    private func readFile(_ name: String) -> (bytes: [UInt8], identity: FileIdentity)? {
        let descriptor = open(path + "/" + name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        guard status.st_size <= Self.maximumFileSize else {
            return ([UInt8](repeating: 0, count: Self.maximumFileSize + 1), FileIdentity(status))
        }
        filesRead += 1
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        if filled < size { bytes.removeLast(size - filled) }
        return (bytes, FileIdentity(status))
    }

    // MARK: Writing (under the lock)

    /// Replaces the holder's file with `claim`: a new temporary file, then `rename` over the old.
    ///
    /// No fsync: claims are coordination, not records. After a crash or power loss a claim file
    /// may be missing, old or empty; a missing or old one expires, an unreadable one is ignored.
    func store(_ claim: Claim, fileMode: mode_t) throws {
        let target = path + "/" + claim.holder + Self.suffix
        let temporary = path + "/." + claim.holder + ".tmp"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        if descriptor < 0 && errno == EEXIST {
            unlink(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        }
        guard descriptor >= 0 else { throw ClaimStoreError.io(operation: "create", path: temporary, errno: errno) }
        _ = fchmod(descriptor, fileMode)
        let bytes = ClaimFileFormat.encode(claim)
        var written = 0
        var failure: Int32?
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                failure = count < 0 ? errno : ENOSPC
                break
            }
            written += count
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw ClaimStoreError.io(operation: "write", path: temporary, errno: failure)
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw ClaimStoreError.io(operation: "rename", path: target, errno: code)
        }
    }

    /// Removes a holder's file; a file already gone is fine.
    func remove(holder: String) throws {
        let target = path + "/" + holder + Self.suffix
        if unlink(target) != 0 && errno != ENOENT { throw ClaimStoreError.io(operation: "remove", path: target, errno: errno) }
        memo[holder + Self.suffix] = nil
    }

    /// Removes temporary files older than `age` seconds (left by a crash between write and rename).
    func removeStaleTemporaries(olderThan age: Int) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        let cutoff = time(nil) - age
        while let item = readdir(directory) {
            let name = withUnsafePointer(to: &item.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            guard name.hasPrefix("."), name.hasSuffix(".tmp") else { continue }
            var status = stat()
            if lstat(path + "/" + name, &status) == 0 && status.st_mtim.tv_sec < cutoff { unlink(path + "/" + name) }
        }
    }
}

/// What tells one version of a claim file from another without reading it.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: timespec
    /// The file's owner: a claim counts only for the account that wrote it.
    var owner: uid_t

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = status.st_mtim
        owner = status.st_uid
    }

    init?(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    var modifiedMillis: Int64 { Int64(modified.tv_sec) * 1000 + Int64(modified.tv_nsec) / 1_000_000 }

    /// Modified more than two seconds ago: a later change would show a later time.
    var isSettled: Bool { time(nil) - modified.tv_sec > 2 }

    static func == (lhs: FileIdentity, rhs: FileIdentity) -> Bool {
        lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size && lhs.owner == rhs.owner
            && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
    }
}
