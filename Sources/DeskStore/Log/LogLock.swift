#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a writer waits for the decision log's exclusive lock: it says so early and gives up after
/// a bounded time, so a process stopped while holding the lock (Ctrl-Z, a debugger, a hung NFS
/// client) never freezes a reviewer without a word.
package struct LockWait {
    /// Seconds to wait before giving up with `StoreError.lockTimedOut`.
    package var timeout: Double
    /// Seconds of waiting before `onWaiting` is told (well within the second a person notices).
    package var noticeAfter: Double
    /// Told once per wait, with a sentence naming the lock and who holds it when known.
    package var onWaiting: ((String) -> Void)?

    package init(timeout: Double = LockWait.defaultTimeout, noticeAfter: Double = 0.3, onWaiting: ((String) -> Void)? = nil) {
        self.timeout = timeout
        self.noticeAfter = noticeAfter
        self.onWaiting = onWaiting
    }

    package static let defaultTimeout = 30.0
    package static let environmentVariable = "OBJECTION_DESK_LOCK_TIMEOUT"

    /// The timeout from `OBJECTION_DESK_LOCK_TIMEOUT` (seconds), else 30 s; nil for a bad value.
    package static func timeout(environment: [String: String]) -> Double? {
        guard let text = environment[environmentVariable] else { return defaultTimeout }
        guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else { return nil }
        return seconds
    }
}

enum LogLock {
    /// Takes `LOCK_EX` on `descriptor`, polling without blocking so the wait can be reported and
    /// bounded; throws `lockTimedOut` after `wait.timeout`.
    static func exclusive(_ descriptor: Int32, path: String, wait: LockWait) throws {
        let start = monotonicSeconds()
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw StoreError.io(operation: "lock \(path)", errno: errno) }
            let waited = monotonicSeconds() - start
            if waited >= wait.timeout {
                throw StoreError.lockTimedOut(path: path, seconds: wait.timeout, holder: holder(of: descriptor))
            }
            if !told && waited >= wait.noticeAfter {
                told = true
                let who = holder(of: descriptor).map { " (held by \($0))" } ?? ""
                wait.onWaiting?("waiting for the lock on \(TerminalSafety.sanitize(path).text)\(who); giving up after \(seconds(wait.timeout))")
            }
            usleep(10_000)
        }
    }

    /// Tries `LOCK_SH` without waiting: true when no writer is inside its write (the caller then
    /// unlocks). Readers never wait: what they cannot settle now they read on the next pass.
    static func tryShared(_ descriptor: Int32) -> Bool {
        flock(descriptor, LOCK_SH | LOCK_NB) == 0
    }

    /// "pid 4711 (ana)" for the process holding a `flock` on the file, from /proc/locks; nil
    /// where that is not available.
    static func holder(of descriptor: Int32) -> String? {
        var status = stat()
        guard fstat(descriptor, &status) == 0,
              let text = try? readSmallFile("/proc/locks") else { return nil }
        let device = UInt64(status.st_dev)
        // /proc/locks names the file as major:minor:inode, the numbers of the device in hex.
        let major = (device & 0x0000_0000_000F_FF00) >> 8 | (device & 0xFFFF_F000_0000_0000) >> 32
        let minor = device & 0xFF | (device & 0x0000_0FFF_FFF0_0000) >> 12
        for line in text.split(separator: "\n") where line.contains("FLOCK") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let index = fields.firstIndex(where: { $0.filter { $0 == ":" }.count == 2 }), index >= 1 else { continue }
            let parts = fields[index].split(separator: ":")
            guard parts.count == 3, let fileMajor = UInt64(parts[0], radix: 16), let fileMinor = UInt64(parts[1], radix: 16),
                  fileMajor == major, fileMinor == minor,
                  UInt64(parts[2]) == UInt64(status.st_ino), let pid = Int32(fields[index - 1]) else { continue }
            return "pid \(pid)" + (owner(of: pid).map { " (\($0))" } ?? "")
        }
        return nil
    }

    private static func owner(of pid: Int32) -> String? {
        var status = stat()
        guard stat("/proc/\(pid)", &status) == 0, let entry = getpwuid(status.st_uid), let name = entry.pointee.pw_name else { return nil }
        return TerminalSafety.sanitize(String(cString: name)).text
    }

    private static func readSmallFile(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.cannotOpen(path: path, errno: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while bytes.count < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
