import Foundation
import Testing

/// Real OS accounts for multi-user tests: `odk-ana`, `odk-mallory`… in group `odk-team`, created
/// with useradd when missing. Only root can do that; suites that need them are skipped otherwise,
/// with a note saying why (`OSAccounts.note`).
enum OSAccounts {
    static let isAvailable = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")
        && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")
    static let note: Comment = "needs root to create OS accounts (useradd) and to run the binary as them (runuser); skipped"
    static let group = "odk-team"

    /// Makes sure `users` exist, each with `group` as its primary group.
    static func ensure(_ users: [String]) throws {
        if getgrnam(group) == nil { try run("/usr/sbin/groupadd", [group]) }
        for user in users where getpwnam(user) == nil {
            try run("/usr/sbin/useradd", ["-M", "-N", "-g", group, "-s", "/usr/sbin/nologin", user])
        }
    }

    /// A `CLIRunner` prefix that runs the binary as `user`.
    static func asUser(_ user: String) -> [String] { ["/usr/sbin/runuser", "-u", user, "--"] }

    /// Runs `/bin/sh -c script` as `user` in `directory`.
    static func shell(as user: String, in directory: String, _ script: String) throws {
        try run("/usr/sbin/runuser", ["-u", user, "--", "/bin/sh", "-c", script], in: directory)
    }

    /// A directory the team shares, as `objection-desk init --group` leaves it: setgid, 2770.
    static func shareWithTeam(_ path: String) throws {
        try run("/bin/chown", ["root:" + group, path])
        guard chmod(path, 0o2770) == 0 else { throw Failure(message: "chmod \(path) failed") }
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}
