import DeskCore
import Foundation

/// What this OS account last saw of the queue and the decision log in a shared directory: each
/// file's device, inode and owner, kept in the account's state directory (`known-files`, 0600).
///
/// In a directory the team's group can write, another member could replace a file by `rename`
/// (without the sticky bit) and make the desk act on their data: replies sent to addresses they
/// chose, a log restarted under their name. A file that now has another inode or owner than at
/// the last run is refused until the user acknowledges it (`--accept-replaced-files`).
package struct KnownFiles {
    /// The state file.
    package let path: String

    package struct Identity: Equatable, Sendable {
        package var device: UInt64
        package var inode: UInt64
        package var owner: UInt32
    }

    /// A file whose identity differs from the one recorded.
    package struct Change: Equatable, Sendable, CustomStringConvertible {
        package var file: String
        package var was: Identity
        package var now: Identity

        package var description: String {
            let shown = TerminalSafety.sanitize(file).text
            let what = was.owner != now.owner ? "now owned by \(ClaimTrust.name(of: now.owner)), was \(ClaimTrust.name(of: was.owner))"
                : "now inode \(now.inode), was \(was.inode)"
            return "\(shown) was replaced since your last run (\(what))"
        }
    }

    package init(stateDirectory: String) {
        path = stateDirectory + "/known-files"
    }

    /// The identity of `file` (not following a symbolic link), or nil when it does not exist.
    package static func identity(of file: String) -> Identity? {
        var status = stat()
        guard lstat(file, &status) == 0 else { return nil }
        return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), owner: status.st_uid)
    }

    /// Whether `file` lies in a directory that other accounts may write (group or others).
    package static func isShared(_ file: String) -> Bool {
        var status = stat()
        guard stat(PathParts.directory(of: file), &status) == 0 else { return false }
        return status.st_mode & (S_IWGRP | S_IWOTH) != 0
    }

    /// Compares `files` (absolute paths) with the record; unrecorded or missing files are no change.
    package func changes(_ files: [String]) -> [Change] {
        let known = load()
        return files.compactMap { file in
            guard let was = known[file], let now = Self.identity(of: file), was != now else { return nil }
            return Change(file: file, was: was, now: now)
        }
    }

    /// Records the current identity of `files` (existing ones), keeping other entries.
    package func record(_ files: [String]) throws {
        var known = load()
        for file in files { known[file] = Self.identity(of: file) ?? known[file] }
        let text = known.keys.sorted().map { file in
            let identity = known[file]!
            return "\(identity.device)\t\(identity.inode)\t\(identity.owner)\t\(file)"
        }.joined(separator: "\n") + "\n"
        try FileManager.default.createDirectory(atPath: PathParts.directory(of: path), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
              rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StoreError.cannotOpen(path: path, errno: errno == 0 ? EIO : errno)
        }
    }

    private func load() -> [String: Identity] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var known: [String: Identity] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
                  let owner = UInt32(fields[2]) else { continue }
            known[String(fields[3])] = Identity(device: device, inode: inode, owner: owner)
        }
        return known
    }
}

/// A directory other accounts can write without the sticky bit: any of them may delete or
/// rename anyone's files in it (claims, the queue, the log).
package enum SharedDirectoryCheck {
    /// One warning per such directory among the directories of `files`.
    package static func warnings(for directories: [String]) -> [String] {
        var seen = Set<String>()
        return directories.compactMap { directory in
            guard seen.insert(directory).inserted else { return nil }
            var status = stat()
            guard stat(directory, &status) == 0, status.st_mode & (S_IWGRP | S_IWOTH) != 0, status.st_mode & S_ISVTX == 0 else { return nil }
            let shown = TerminalSafety.sanitize(directory).text
            return "\(shown) is writable by its group without the sticky bit (mode \(TeamSetup.octal(status.st_mode & 0o7777))): "
                + "any member can delete or replace another's files; run `chmod +t \(shown)` (objection-desk init sets 3770)"
        }
    }
}
