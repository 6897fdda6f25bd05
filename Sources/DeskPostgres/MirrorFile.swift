#if canImport(Glibc)
import Glibc
#endif

/// One file of a database desk's local copy (`DatabaseMirror`), grown by appends.
///
/// Opened to keep its first `keeping` bytes (what the copy's state vouches for: bytes after them
/// are a sync cut short, and go), or written afresh under a new inode when `replace` is set, so
/// that a reader that had the old file open sees a replaced file and reads it again. Not fsynced:
/// it is a cache the database can always rebuild.
final class MirrorFile {
    let path: String
    private let descriptor: Int32
    private let replacing: Bool
    private var buffer: [UInt8] = []
    private(set) var size: Int64

    init(_ path: String, keeping: Int64, replace: Bool) throws {
        self.path = path
        replacing = replace
        let target = replace ? path + ".new" : path
        descriptor = open(target, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (replace ? O_TRUNC : 0), 0o600)
        guard descriptor >= 0 else {
            throw PostgresError(kind: .usage, message: "cannot open \(target): \(String(cString: strerror(errno)))")
        }
        size = replace ? 0 : keeping
        if !replace && (Self.size(path) != keeping) && ftruncate(descriptor, off_t(keeping)) != 0 {
            close(descriptor)
            throw PostgresError(kind: .usage, message: "cannot truncate \(path): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    func append(_ bytes: [UInt8], newline: Bool) throws {
        buffer += bytes
        if newline { buffer.append(0x0A) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + offset, $0.count - offset, off_t(size) + off_t(offset)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw PostgresError(kind: .usage, message: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        size += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered; a replacement takes the file's name.
    func finish() throws {
        try flush()
        if replacing && rename(path + ".new", path) != 0 {
            throw PostgresError(kind: .usage, message: "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func size(_ path: String) -> Int64 {
        var status = stat()
        return stat(path, &status) == 0 ? Int64(status.st_size) : -1
    }
}
