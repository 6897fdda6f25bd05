#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the desk's data files so that a FIFO, socket, device or directory in their place is
/// refused with a clear error instead of blocking forever in `open` or `read`.
enum RegularFile {
    /// `open(2)` with `O_NONBLOCK` (a FIFO without a writer would otherwise block in `open`), then
    /// `fstat`: anything but a regular file is closed and refused. Blocking mode is restored, which
    /// changes nothing for a regular file but keeps the descriptor's flags unsurprising.
    ///
    /// Returns -1 with `errno` set when `open` itself fails for a reason other than the file's type.
    static func openChecked(_ path: String, flags: Int32, mode: mode_t = 0) throws -> (descriptor: Int32, status: stat) {
        let descriptor = flags & O_CREAT != 0
            ? open(path, flags | O_NONBLOCK, mode)
            : open(path, flags | O_NONBLOCK)
        if descriptor < 0 {
            let code = errno
            // O_RDWR on a directory gives EISDIR, on a socket ENXIO: name what is there instead.
            if code == EISDIR || code == ENXIO || code == ENODEV, let kind = kindOfNonRegular(at: path) {
                throw StoreError.notRegularFile(path: path, kind: kind)
            }
            errno = code
            return (-1, stat())
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw StoreError.io(operation: "stat \(path)", errno: code)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw StoreError.notRegularFile(path: path, kind: kindName(status.st_mode))
        }
        let current = fcntl(descriptor, F_GETFL)
        if current >= 0 { _ = fcntl(descriptor, F_SETFL, current & ~O_NONBLOCK) }
        return (descriptor, status)
    }

    private static func kindOfNonRegular(at path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG else { return nil }
        return kindName(status.st_mode)
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a directory"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }
}
