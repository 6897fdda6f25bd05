import Foundation
import Testing

/// Real OS accounts for multi-user tests (the only such helper): `ana` and `ben`, members of the group `odteam`.
///
/// Created with groupadd/useradd when the tests run as root (and reused when they exist, since
/// other test runs on the machine may have made them); elsewhere the tests that need them are
/// skipped with a visible note (`.enabled(if: TeamAccounts.available, TeamAccounts.skipNote)`).
enum TeamAccounts {
    static let group = "odteam"
    static let ana = "ana"
    static let ben = "ben"

    static let skipNote: Comment = "needs root to create the OS accounts ana and ben (group odteam); skipped"

    /// Whether the accounts exist (made now if needed and possible).
    static var available: Bool { prepared }

    private static let prepared: Bool = {
        guard geteuid() == 0 else { return false }
        guard run(["groupadd", "-f", group]) else { return false }
        for name in [ana, ben] {
            if getpwnam(name) == nil {
                // No home, no login shell: the tests only run the binary as these accounts.
                _ = run(["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", "-G", group, name])
            }
            guard getpwnam(name) != nil, run(["usermod", "-a", "-G", group, name]) else { return false }
        }
        return true
    }()

    /// The arguments that run a command as `name` (for `CLIRunner.run(prefix:)`).
    static func runAs(_ name: String) -> [String] { ["runuser", "-u", name, "--"] }

    /// Runs a shell command as `name`; true on exit status 0.
    @discardableResult
    static func shell(as name: String, _ command: String, in directory: String) -> Bool {
        run(runAs(name) + ["sh", "-c", "cd '\(directory)' && umask 007 && " + command])
    }

    /// Runs a system tool, retrying while another process holds the account database's lock.
    @discardableResult
    static func run(_ arguments: [String]) -> Bool {
        for _ in 0..<20 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            guard (try? process.run()) != nil else { return false }
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus == 0 { return true }
            guard message.contains("lock") else { return false }
            usleep(200_000)
        }
        return false
    }
}
