#if canImport(Glibc)
import Glibc
#endif
import DeskCore
import Foundation

/// A file of this user's alone (0600, in a new 0700 directory), for readers that need a regular
/// file (the chain walk over standard input or a database's export); removed when done.
package enum PrivateTemporaryFile {
    /// Creates the file, lets `fill` write into it through `write`, then hands its path to `read`.
    package static func with<T>(named name: String, fill: (_ write: ([UInt8]) throws -> Void) throws -> Void,
                                read: (String) throws -> T) throws -> T {
        var template = Array((NSTemporaryDirectory() + "/objection-desk.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.io(operation: "create a temporary directory", errno: errno) }
        let directory = String(cString: made)
        let path = directory + "/" + name
        defer {
            unlink(path)
            rmdir(directory)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
        do {
            defer { close(descriptor) }
            try fill { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { throw StoreError.io(operation: "write \(path)", errno: errno) }
                    offset += written
                }
            }
        }
        return try read(path)
    }
}

extension ChainReport {
    /// The report with its problems naming `file` instead of the file that was read.
    package func relabelled(_ file: String) -> ChainReport {
        var report = self
        let rename = { (problem: DataProblem) -> DataProblem in
            var named = problem
            named.file = file
            return named
        }
        report.firstBreak = report.firstBreak.map(rename)
        report.notRecords = report.notRecords.map(rename)
        report.alteredTerminators = report.alteredTerminators.map(rename)
        return report
    }
}
