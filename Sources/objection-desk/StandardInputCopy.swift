import DeskCore
import DeskStore
import Foundation

/// Standard input copied to a private temporary file, for the readers that need a regular file
/// (`verify --decisions -` after `db export-log`): owner-only, removed when `body` returns.
enum StandardInputCopy {
    static func withCopy<T>(_ body: (String) throws -> T) throws -> T {
        try PrivateTemporaryFile.with(named: "standard-input.jsonl", fill: { write in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw StoreError.io(operation: "read standard input", errno: errno) }
                if count == 0 { break }
                try write(Array(buffer[..<count]))
            }
        }, read: body)
    }
}
