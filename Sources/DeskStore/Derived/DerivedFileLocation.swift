#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether and where files derived from the queue and the decision log (the queue index, the
/// search text, the clusters, the ledger snapshot) are read and written.
package struct DerivedFileOptions: Sendable {
    package enum Mode: Sendable {
        /// Use it unless `OBJECTION_DESK_NO_INDEX` is set (to anything but "0" or "").
        case automatic
        case disabled
        /// Ignore an existing queue index, parse every line, and write a fresh one (`check`), unless
        /// `OBJECTION_DESK_NO_INDEX` is set.
        case rebuild
    }

    package var mode: Mode
    /// Stands in for `$XDG_CACHE_HOME` (tests).
    package var cacheHome: String?
    /// Write derived files before the call that derived them returns instead of in the
    /// background (tests).
    package var writesSynchronously = false
    /// Whether the source's directory takes derived files (default: `access(W_OK)`); tests that run
    /// as root, where every directory is writable, pass their own.
    package var directoryIsWritable: (@Sendable (String) -> Bool)?

    package init(mode: Mode = .automatic, cacheHome: String? = nil, writesSynchronously: Bool = false) {
        self.mode = mode
        self.cacheHome = cacheHome
        self.writesSynchronously = writesSynchronously
    }

    package static let automatic = DerivedFileOptions()
    package static let disabled = DerivedFileOptions(mode: .disabled)

    package var isEnabled: Bool {
        guard mode != .disabled else { return false }
        guard let value = getenv("OBJECTION_DESK_NO_INDEX") else { return true }
        let text = String(cString: value)
        return text.isEmpty || text == "0"
    }
}

/// Where a file derived from a source file lives: `.NAME.SUFFIX` beside the source when its
/// directory is writable (and that file, if any, is ours), else `$XDG_CACHE_HOME/objection-desk/`
/// (default `~/.cache/objection-desk/`) under a name derived from the source's device, inode and
/// path, so agents sharing a team directory each keep their own instead of rewriting each other's.
package struct DerivedFileLocation: Sendable, Equatable {
    package var path: String
    /// A directory to create (mode 0700, with its parent) before writing: the cache.
    package var cacheDirectory: String?
    /// In the cache: the file it is derived from, recorded beside it (`SourceRecord`).
    package var source: DerivedFileSource?

    /// The location of the `suffix` file derived from the source at `sourcePath` (the file
    /// identified by `device` and `inode`); nil when derived files are turned off or no cache
    /// directory is known.
    package static func resolve(sourcePath: String, device: UInt64, inode: UInt64, options: DerivedFileOptions,
                        suffix: String) -> DerivedFileLocation? {
        guard options.isEnabled else { return nil }
        let slash = sourcePath.lastIndex(of: "/")
        let directory = slash.map { $0 == sourcePath.startIndex ? "/" : String(sourcePath[..<$0]) } ?? "."
        let name = slash.map { String(sourcePath[sourcePath.index(after: $0)...]) } ?? sourcePath
        let beside = (directory == "/" ? "" : directory) + "/." + name + "." + suffix
        let writable = options.directoryIsWritable?(directory) ?? (access(directory, W_OK) == 0)
        if writable && isAbsentOrOurs(beside) { return DerivedFileLocation(path: beside) }
        guard let home = cacheHome(options) else { return nil }
        let cache = home + "/objection-desk"
        var absolute = sourcePath
        if let resolved = realpath(sourcePath, nil) {
            absolute = String(cString: resolved)
            free(resolved)
        }
        let source = DerivedFileSource(path: absolute, device: device, inode: inode)
        return DerivedFileLocation(path: cache + "/" + source.key + "." + suffix, cacheDirectory: cache, source: source)
    }

    private static func isAbsentOrOurs(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else { return errno == ENOENT }
        return (status.st_mode & S_IFMT) == S_IFREG && status.st_uid == geteuid()
    }

    static func cacheHome(_ options: DerivedFileOptions) -> String? {
        if let explicit = options.cacheHome { return explicit }
        if let value = getenv("XDG_CACHE_HOME"), value.pointee == UInt8(ascii: "/") { return String(cString: value) }
        if let value = getenv("HOME"), value.pointee == UInt8(ascii: "/") { return String(cString: value) + "/.cache" }
        if let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) + "/.cache" }
        return nil
    }

    /// Creates the cache directory if needed; throws unless it is then a directory of ours that
    /// is no symbolic link.
    package func prepareDirectory() throws(DerivedFileError) {
        guard let cacheDirectory else { return }
        let parent = String(cacheDirectory[..<cacheDirectory.lastIndex(of: "/")!])
        for directory in [parent, cacheDirectory] where !directory.isEmpty {
            if mkdir(directory, 0o700) != 0 && errno != EEXIST {
                throw DerivedFileError("cannot create \(directory): \(String(cString: strerror(errno)))")
            }
        }
        var status = stat()
        guard lstat(cacheDirectory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid() else {
            throw DerivedFileError("\(cacheDirectory) is not a directory of this user's")
        }
    }
}

/// Why a derived file was not read or not written: told once as a note, never thrown to the
/// caller of a load or a save.
package struct DerivedFileError: Error, Equatable {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
}
