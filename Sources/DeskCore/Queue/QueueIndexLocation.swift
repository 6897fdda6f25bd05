#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `QueueFile` uses the queue index.
public struct QueueIndexOptions: Sendable {
    public enum Mode: Sendable {
        /// Use it unless `OBJECTION_DESK_NO_INDEX` is set (to anything but "0" or "").
        case automatic
        case disabled
        /// Ignore an existing index, parse every line, and write a fresh index (`check`), unless
        /// `OBJECTION_DESK_NO_INDEX` is set.
        case rebuild
    }

    public var mode: Mode
    /// Stands in for `$XDG_CACHE_HOME` (tests).
    public var cacheHome: String?
    /// Write the index before the initializer returns instead of in the background (tests).
    public var writesSynchronously = false
    /// Whether the queue's directory takes the index (default: `access(W_OK)`); tests that run
    /// as root, where every directory is writable, pass their own.
    var directoryIsWritable: (@Sendable (String) -> Bool)?

    public init(mode: Mode = .automatic, cacheHome: String? = nil, writesSynchronously: Bool = false) {
        self.mode = mode
        self.cacheHome = cacheHome
        self.writesSynchronously = writesSynchronously
    }

    public static let automatic = QueueIndexOptions()
    public static let disabled = QueueIndexOptions(mode: .disabled)

    var isEnabled: Bool {
        guard mode != .disabled else { return false }
        guard let value = getenv("OBJECTION_DESK_NO_INDEX") else { return true }
        let text = String(cString: value)
        return text.isEmpty || text == "0"
    }
}

/// Where a queue's index lives: `.NAME.odx` beside the queue when its directory is writable (and
/// that file, if any, is ours), else `$XDG_CACHE_HOME/objection-desk/` (default
/// `~/.cache/objection-desk/`) under a name derived from the queue's device, inode and path, so
/// agents sharing a team directory each keep their own instead of rewriting each other's.
struct QueueIndexLocation: Sendable, Equatable {
    var path: String
    /// A directory to create (mode 0700, with its parent) before writing: the cache.
    var cacheDirectory: String?

    static func resolve(queuePath: String, device: UInt64, inode: UInt64, options: QueueIndexOptions,
                        suffix: String = "odx") -> QueueIndexLocation? {
        let slash = queuePath.lastIndex(of: "/")
        let directory = slash.map { $0 == queuePath.startIndex ? "/" : String(queuePath[..<$0]) } ?? "."
        let name = slash.map { String(queuePath[queuePath.index(after: $0)...]) } ?? queuePath
        let beside = (directory == "/" ? "" : directory) + "/." + name + "." + suffix
        let writable = options.directoryIsWritable?(directory) ?? (access(directory, W_OK) == 0)
        if writable && isAbsentOrOurs(beside) { return QueueIndexLocation(path: beside) }
        guard let home = cacheHome(options) else { return nil }
        let cache = home + "/objection-desk"
        var absolute = queuePath
        if let resolved = realpath(queuePath, nil) {
            absolute = String(cString: resolved)
            free(resolved)
        }
        let key = SHA256Digest.hex("\(device):\(inode):\(absolute)").prefix(32)
        return QueueIndexLocation(path: cache + "/" + key + "." + suffix, cacheDirectory: cache)
    }

    private static func isAbsentOrOurs(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else { return errno == ENOENT }
        return (status.st_mode & S_IFMT) == S_IFREG && status.st_uid == geteuid()
    }

    private static func cacheHome(_ options: QueueIndexOptions) -> String? {
        if let explicit = options.cacheHome { return explicit }
        if let value = getenv("XDG_CACHE_HOME"), value.pointee == UInt8(ascii: "/") { return String(cString: value) }
        if let value = getenv("HOME"), value.pointee == UInt8(ascii: "/") { return String(cString: value) + "/.cache" }
        if let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) + "/.cache" }
        return nil
    }

    /// Creates the cache directory if needed; throws unless it is then a directory of ours that
    /// is no symbolic link.
    func prepareDirectory() throws(QueueIndexError) {
        guard let cacheDirectory else { return }
        let parent = String(cacheDirectory[..<cacheDirectory.lastIndex(of: "/")!])
        for directory in [parent, cacheDirectory] where !directory.isEmpty {
            if mkdir(directory, 0o700) != 0 && errno != EEXIST {
                throw QueueIndexError("cannot create \(directory): \(String(cString: strerror(errno)))")
            }
        }
        var status = stat()
        guard lstat(cacheDirectory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid() else {
            throw QueueIndexError("\(cacheDirectory) is not a directory of this user's")
        }
    }
}

/// Why an index was not read or not written: told once as a note, never thrown to the caller.
struct QueueIndexError: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
