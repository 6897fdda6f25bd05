#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why claims could not be read or taken. Claims are coordination: the review screen carries on
/// without them (and says so); `decide` refuses unless `--force`.
package enum ClaimStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case io(operation: String, path: String, errno: Int32)
    case notADirectory(path: String)
    case writableByOthers(path: String, mode: UInt32)
    /// Another process held the claims lock for longer than a taker waits.
    case busy(path: String)

    package var description: String {
        switch self {
        case .io(let operation, let path, let code):
            "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case .notADirectory(let path):
            "\(path): the claims directory is not a directory (or is a symbolic link)"
        case .writableByOthers(let path, let mode):
            "\(path): the claims directory is writable by every user (mode \(String(mode & 0o7777, radix: 8))); refusing it (chmod o-w \(path))"
        case .busy(let path):
            "\(path): the claims lock stayed taken for seconds; is a process stopped while holding it?"
        }
    }
}
