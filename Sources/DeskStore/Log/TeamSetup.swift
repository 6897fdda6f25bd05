#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sets up a directory that a team's OS accounts share for the decision log: owned by the team's
/// group, setgid (so files created in it belong to that group), group-writable, sticky (so only a
/// file's owner may delete or rename it: no member can remove another's claim or replace the
/// queue), and closed to everyone else. New logs in such a directory are created 0660; elsewhere 0600.
package enum TeamSetup {
    package struct Report: Sendable {
        package var lines: [String] = []
        package var warnings: [String] = []
    }

    package enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownGroup(String)
        case cannot(String, path: String, errno: Int32)
        case openToOthers(path: String)

        package var description: String {
            switch self {
            case .unknownGroup(let name): "no group named \(TerminalSafety.sanitize(name).text) (create it with groupadd and add the agents to it)"
            case .cannot(let what, let path, let code): "\(TerminalSafety.sanitize(path).text): cannot \(what): \(String(cString: strerror(code)))"
            case .openToOthers(let path): "\(TerminalSafety.sanitize(path).text): its parent lets other users replace it (world-writable); choose a directory of your own"
            }
        }
    }

    /// Mode of the shared directory: setgid, sticky, rwx for owner and group, nothing for others.
    package static let directoryMode: mode_t = 0o3770
    package static let fileMode: mode_t = 0o660

    /// Creates or fixes `directory` and the files in `files` (created empty when missing).
    package static func prepare(directory: String, group name: String, files: [String], subdirectories: [String] = []) throws -> Report {
        guard let entry = getgrnam(name) else { throw Failure.unknownGroup(name) }
        let gid = entry.pointee.gr_gid
        var report = Report()
        try prepareDirectory(directory, gid: gid)
        report.lines.append("\(directory): group \(name), mode \(octal(directoryMode)) (setgid: new files belong to \(name); sticky: only a file's owner may delete or rename it)")
        for subdirectory in subdirectories {
            try prepareDirectory(subdirectory, gid: gid)
            report.lines.append("\(subdirectory): group \(name), mode \(octal(directoryMode))")
        }
        for file in files {
            let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, fileMode)
            guard descriptor >= 0 else { throw Failure.cannot("create or open", path: file, errno: errno) }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                throw Failure.cannot("use as a file", path: file, errno: EINVAL)
            }
            guard fchown(descriptor, uid_t.max, gid) == 0 else { throw Failure.cannot("change the group of", path: file, errno: errno) }
            guard fchmod(descriptor, fileMode) == 0 else { throw Failure.cannot("change the mode of", path: file, errno: errno) }
            report.lines.append("\(file): group \(name), mode \(octal(fileMode))")
        }
        if !isMember(gid: gid) {
            report.warnings.append("you (\(OSUser.current)) are not in group \(name): add yourself (usermod -aG \(name) \(OSUser.current)) and log in again")
        }
        return report
    }

    private static func prepareDirectory(_ path: String, gid: gid_t) throws {
        if mkdir(path, directoryMode) != 0 && errno != EEXIST { throw Failure.cannot("create the directory", path: path, errno: errno) }
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw Failure.cannot("use as a directory", path: path, errno: ENOTDIR)
        }
        var parent = stat()
        let parentPath = PathParts.directory(of: path)
        if stat(parentPath, &parent) == 0, parent.st_mode & S_IWOTH != 0, parent.st_mode & S_ISVTX == 0 {
            throw Failure.openToOthers(path: path)
        }
        guard chown(path, uid_t.max, gid) == 0 else { throw Failure.cannot("change the group of", path: path, errno: errno) }
        guard chmod(path, directoryMode) == 0 else { throw Failure.cannot("change the mode of", path: path, errno: errno) }
    }

    /// The mode for a new log or claim file in `directory`: 0660 in a setgid (team) directory.
    package static func creationMode(forFileIn directory: String) -> mode_t {
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_ISGID != 0 else { return 0o600 }
        return fileMode
    }

    static func isMember(gid: gid_t) -> Bool {
        if getegid() == gid { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let filled = getgroups(count, &groups)
        return groups.prefix(Int(max(0, filled))).contains(gid)
    }

    static func octal(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }
}
