#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of the files themselves (as opposed to problems in their contents).
package enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case io(operation: String, errno: Int32)
    case cannotOpen(path: String, errno: Int32)
    case symlinkRefused(path: String)
    case notRegularFile(path: String, kind: String)
    case writableByOthers(path: String, mode: UInt32)
    /// Another account owns the log and does not share it with us through a group we are in.
    case ownedByAnotherUser(path: String, owner: String, group: String, mode: UInt32)
    case syncFailed(path: String, errno: Int32)
    /// A write or fsync failed and the log was truncated back to its length before it: nothing of
    /// that write is in the log, and later appends may be tried again.
    case appendRolledBack(path: String, operation: String, errno: Int32)
    /// A write or fsync failed and truncating the log back failed too: the log may hold part of
    /// the write, so no further decisions are accepted.
    case rollbackFailed(path: String, operation: String, errno: Int32, rollbackErrno: Int32)
    /// A previous write or fsync failed: no further decisions are accepted until restart.
    case refusingAfterFailure(path: String)
    /// The log was replaced or shrank under an open screen: nothing was written.
    case replacedWhileOpen(path: String)
    /// Another process held the log's lock for the whole wait: nothing was written.
    case lockTimedOut(path: String, seconds: Double, holder: String?)

    /// The message, with the path (which may hold any byte an operator or a script put in a file
    /// name) escaped like untrusted text, so printing it cannot drive the terminal.
    package var description: String {
        switch self {
        case .io(let operation, let code): "\(Self.shown(operation)) failed: \(String(cString: strerror(code)))"
        case .cannotOpen(let path, let code): "\(Self.shown(path)): cannot open: \(String(cString: strerror(code)))"
        case .symlinkRefused(let path): "\(Self.shown(path)): is a symbolic link; refusing to use it as the decision log (open the target path directly)"
        case .notRegularFile(let path, let kind): "\(Self.shown(path)): is \(kind), not a regular file; refusing to read or write it"
        case .writableByOthers(let path, let mode):
            "\(Self.shown(path)): writable by other users (mode \(String(mode & 0o777, radix: 8))); refusing to use it as the decision log (chmod o-w \(Self.shown(path)))"
        case .ownedByAnotherUser(let path, let owner, let group, let mode):
            "\(Self.shown(path)): owned by \(Self.shown(owner)) (group \(Self.shown(group)), mode \(String(mode & 0o777, radix: 8))), "
                + "not by you and not writable through a group you are in; refusing to read or write it as the decision log "
                + "(a shared log is made by `objection-desk init --group GROUP`)"
        case .syncFailed(let path, let code):
            "\(Self.shown(path)): fsync failed (\(String(cString: strerror(code)))); the last decision may not be on disk, so no further decisions are accepted"
        case .appendRolledBack(let path, let operation, let code):
            "\(Self.shown(path)): \(operation) failed (\(String(cString: strerror(code)))); nothing was recorded (the log is back as it was before)"
        case .rollbackFailed(let path, let operation, let code, let rollbackCode):
            "\(Self.shown(path)): \(operation) failed (\(String(cString: strerror(code)))) and putting the log back failed too (\(String(cString: strerror(rollbackCode)))); nothing was recorded, no further decisions are accepted: run `objection-desk check`"
        case .replacedWhileOpen(let path):
            "\(Self.shown(path)): the decision log was replaced or shortened by something else while open; nothing was recorded (reload and decide again)"
        case .lockTimedOut(let path, let seconds, let holder):
            "\(Self.shown(path)): another process\(holder.map { " (\($0))" } ?? "") held the decision log's lock for \(LogLock.seconds(seconds)); nothing was recorded (try again; \(LockWait.environmentVariable) sets the wait in seconds)"
        case .refusingAfterFailure(let path):
            "\(Self.shown(path)): an earlier write failed; no further decisions are accepted until the problem is fixed and the program restarted"
        }
    }

    private static func shown(_ text: String) -> String { TerminalSafety.sanitize(text).text }
}
