#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes the review screen when the queue, the decision log or the claims change on disk.
///
/// Linux: one inotify instance watching the files' directories (so a file created later, or
/// replaced by a rename, is still seen), filtered by name. `descriptor` goes into the screen's
/// poll(2) next to the terminal, so others' work appears at once and an idle screen costs no CPU.
/// Elsewhere `descriptor` is nil and the screen falls back to its periodic refresh.
package final class ChangeWatcher {
    /// Readable when something watched changed; nil when inotify is not available.
    package private(set) var descriptor: Int32?
    /// Watched directory → names of interest in it (an empty set: every name).
    private var interests: [Int32: Set<String>] = [:]

    package init() {
        #if os(Linux)
        let instance = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        descriptor = instance >= 0 ? instance : nil
        #endif
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// Watches `path` (a file: through its directory; a directory: everything in it).
    package func watch(_ path: String, isDirectory: Bool = false) {
        #if os(Linux)
        guard let descriptor else { return }
        let directory = isDirectory ? path : PathParts.directory(of: path)
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)
        let handle = inotify_add_watch(descriptor, directory, mask)
        guard handle >= 0 else { return }
        if isDirectory {
            interests[handle] = []
        } else {
            interests[handle, default: [PathParts.name(of: path)]].insert(PathParts.name(of: path))
        }
        #endif
    }

    /// Reads every pending event; true when one concerns a watched name.
    package func drain() -> Bool {
        #if os(Linux)
        guard let descriptor else { return false }
        var relevant = false
        let capacity = 16 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, capacity)
            guard count > 0 else { return relevant }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                let name = event.len > 0 ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                if let names = interests[event.wd], names.isEmpty || names.contains(name) || event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    relevant = true
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
        #else
        return false
        #endif
    }
}
