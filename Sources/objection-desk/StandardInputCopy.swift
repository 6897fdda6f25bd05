import DeskCore
import DeskStore
import Foundation

/// Standard input copied to a private temporary file, for the readers that need a regular file
/// (`verify --decisions -` after `db export-log`): owner-only, removed when `body` returns.
enum StandardInputCopy {
    static func withCopy<T>(_ body: (String) throws -> T) throws -> T {
        var template = Array((NSTemporaryDirectory() + "/objection-desk-stdin.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.io(operation: "create a temporary directory", errno: errno) }
        let directory = String(cString: made)
        let path = directory + "/standard-input.jsonl"
        defer {
            unlink(path)
            rmdir(directory)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
        do {
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw StoreError.io(operation: "read standard input", errno: errno) }
                if count == 0 { break }
                var offset = 0
                while offset < count {
                    let written = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, count - offset) }
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { throw StoreError.io(operation: "write \(path)", errno: errno) }
                    offset += written
                }
            }
        }
        return try body(path)
    }
}

extension ChainReport {
    /// The report with its problems naming `file` instead of the file that was read.
    func relabelled(_ file: String) -> ChainReport {
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
