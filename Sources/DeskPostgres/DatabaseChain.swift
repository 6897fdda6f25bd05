#if canImport(Glibc)
import Glibc
#endif
import DeskCore
import DeskStore
import Foundation

/// `verify` on a database desk: the file log's chain rule over the records as the database holds
/// them. Every record line is exported in `seq` order (one consistent snapshot) to a private
/// temporary file and walked by `ChainVerifier`, so the two stores are judged by one rule; the
/// problems then name the database and the record's position (line n = the n-th record), which
/// is the line of the same record in `db export-log`'s output.
package enum DatabaseChain {
    package static func verify(_ connection: PostgresConnection, findingHead head: String?, label: String,
                               progress: LoadProgress? = nil) throws -> ChainReport {
        var template = Array((NSTemporaryDirectory() + "/objection-desk-verify.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.io(operation: "create a temporary directory", errno: errno) }
        let directory = String(cString: made)
        let path = directory + "/decisions.jsonl"
        defer {
            unlink(path)
            rmdir(directory)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
        do {
            defer { close(descriptor) }
            try DecisionLogTransfer.export(connection) { block in
                var offset = 0
                while offset < block.count {
                    let written = block.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                    guard written > 0 else { throw StoreError.io(operation: "write \(path)", errno: errno) }
                    offset += written
                }
            }
        }
        var report = try ChainVerifier.verify(path: path, findingHead: head, progress: progress)
        let relabel = { (problem: DataProblem) -> DataProblem in
            var named = problem
            named.file = label + ", record"
            return named
        }
        report.firstBreak = report.firstBreak.map(relabel)
        report.notRecords = report.notRecords.map(relabel)
        report.alteredTerminators = report.alteredTerminators.map(relabel)
        return report
    }
}
