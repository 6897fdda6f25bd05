#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a generated file could not be written.
package struct OutputFileError: Error, CustomStringConvertible, Sendable {
    /// The file concerned.
    package let path: String
    /// The failing operation, such as "open" or "write".
    package let operation: String
    /// The `errno` value reported by the system.
    package let code: Int32

    package var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
}

/// A file created with mode 0600 (generated queues hold personal data), written with plain
/// `write(2)` calls; callers collect large chunks before each call.
///
/// An existing file is truncated and its mode reset to 0600; a symbolic link is refused
/// (`O_NOFOLLOW`). Call `close()` when done so that a failing close is reported, not ignored.
package final class OutputFile {
    private let path: String
    private var descriptor: Int32
    private let ownsDescriptor: Bool

    /// Creates or truncates `path` for writing, with mode 0600.
    package init(path: String) throws(OutputFileError) {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW
        let descriptor = open(path, flags, mode_t(0o600))
        guard descriptor >= 0 else { throw OutputFileError(path: path, operation: "open", code: errno) }
        guard fchmod(descriptor, mode_t(0o600)) == 0 else {
            let code = errno
            _ = closeDescriptor(descriptor)
            throw OutputFileError(path: path, operation: "set mode 0600 on", code: code)
        }
        self.path = path
        self.descriptor = descriptor
        self.ownsDescriptor = true
    }

    private init(borrowing descriptor: Int32, name: String) {
        path = name
        self.descriptor = descriptor
        ownsDescriptor = false
    }

    /// Standard output, which stays open when this is closed.
    package static func standardOutput() -> OutputFile {
        OutputFile(borrowing: STDOUT_FILENO, name: "standard output")
    }

    /// Writes all of `bytes`, retrying after partial writes and interruptions.
    package func write(_ bytes: [UInt8]) throws(OutputFileError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                writeDescriptor(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw OutputFileError(path: path, operation: "write", code: errno)
            }
            offset += result
        }
    }

    /// Closes the file (standard output stays open).
    package func close() throws(OutputFileError) {
        guard ownsDescriptor, descriptor >= 0 else { return }
        let result = closeDescriptor(descriptor)
        descriptor = -1
        if result != 0 { throw OutputFileError(path: path, operation: "close", code: errno) }
    }

    deinit {
        if ownsDescriptor && descriptor >= 0 { _ = closeDescriptor(descriptor) }
    }
}

/// The C library's `close`, which `OutputFile.close()` would otherwise shadow.
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// The C library's `write`, which `OutputFile.write(_:)` would otherwise shadow.
private func writeDescriptor(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
