#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whose decision log this is. A log is ours, or a team's: group-writable and owned by a group we
/// are in (`objection-desk init --group` sets that up). Anything else was made by another account
/// that can write it and we cannot: in a shared directory someone could create the log before the
/// first decision, plant records in it ("rejected … by ana"), and every append would then fail
/// with "Permission denied". Such a log is refused before anything is read or shown.
package enum LogOwnership {
    /// Checks the log at `path` when it exists (the review screen, before the terminal starts).
    package static func check(path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return }
        try check(status, path: path)
    }

    static func check(_ status: stat, path: String) throws {
        guard status.st_uid != geteuid() else { return }
        let sharedWithUs = status.st_mode & S_IWGRP != 0 && TeamSetup.isMember(gid: status.st_gid)
        guard !sharedWithUs else { return }
        throw StoreError.ownedByAnotherUser(path: path, owner: userName(status.st_uid), group: groupName(status.st_gid),
                                            mode: UInt32(status.st_mode))
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let entry = getgrgid(gid), let name = entry.pointee.gr_name else { return "gid \(gid)" }
        return String(cString: name)
    }
}
