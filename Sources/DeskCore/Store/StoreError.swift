#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures of the files themselves (as opposed to problems in their contents).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case io(operation: String, errno: Int32)
    case cannotOpen(path: String, errno: Int32)
    case symlinkRefused(path: String)
    case notRegularFile(path: String)
    case writableByOthers(path: String, mode: UInt32)
    case syncFailed(path: String, errno: Int32)
    /// A previous write or fsync failed: no further decisions are accepted until restart.
    case refusingAfterFailure(path: String)

    public var description: String {
        switch self {
        case .io(let operation, let code): "\(operation) failed: \(String(cString: strerror(code)))"
        case .cannotOpen(let path, let code): "\(path): cannot open: \(String(cString: strerror(code)))"
        case .symlinkRefused(let path): "\(path): is a symbolic link; refusing to use it as the decision log (open the target path directly)"
        case .notRegularFile(let path): "\(path): not a regular file"
        case .writableByOthers(let path, let mode):
            "\(path): writable by other users (mode \(String(mode & 0o777, radix: 8))); refusing to use it as the decision log (chmod o-w \(path))"
        case .syncFailed(let path, let code):
            "\(path): fsync failed (\(String(cString: strerror(code)))); the last decision may not be on disk, so no further decisions are accepted"
        case .refusingAfterFailure(let path):
            "\(path): an earlier write failed; no further decisions are accepted until the problem is fixed and the program restarted"
        }
    }
}
