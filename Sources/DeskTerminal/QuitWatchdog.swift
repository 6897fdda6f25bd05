import CNcursesW
import DeskCore
import Foundation
import Glibc
import Synchronization

/// Ends the process when a quit signal (SIGTERM, SIGHUP, SIGQUIT) is not taken up by the run loop
/// within `patience`: the loop may be busy (a paint, a slow disk) and the handled signals are
/// blocked outside the wait, so without this a stuck paint kept the process alive until SIGKILL.
///
/// A thread looks at the pending signals and the recorded one every 50 ms. When one has waited
/// longer than `patience`, it restores the terminal from bytes prepared at start (leave the
/// alternate screen, show the cursor, keypad and bracketed paste off, the original termios) and
/// calls `_exit(128 + signal)`. Decisions are safe: each is one `write` under the log's lock.
final class QuitWatchdog: Sendable {
    /// How long the loop has to notice a quit signal itself.
    static let patience: Double = 0.3
    private static let watched: [Int32] = [SIGTERM, SIGHUP, SIGQUIT]

    private let restoreBytes: [UInt8]
    private let originalTerminal: termios?
    /// Set once the loop has taken up the quit signal, or the session stopped.
    private let standDown = Atomic<Bool>(false)

    /// Call after curses has started (its terminfo strings are read here); `original` is the
    /// terminal's mode before curses changed it.
    init(original: termios?) {
        var bytes: [UInt8] = []
        for capability in ["rmkx", "sgr0", "cnorm", "rmcup"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        bytes += Array("\u{1B}[?2004l\r\n".utf8)  // bracketed paste off, a fresh line for the shell
        restoreBytes = bytes
        originalTerminal = original
        BackgroundTask.detached(stackSize: 256 << 10) { [self] in watch() }
    }

    /// The terminal's mode now, to be restored on the way out.
    static func currentTerminalMode() -> termios? {
        var mode = termios()
        return tcgetattr(STDIN_FILENO, &mode) == 0 ? mode : nil
    }

    /// The loop saw the signal (or the session ended): the normal path restores and exits.
    func acknowledge() { standDown.store(true, ordering: .sequentiallyConsistent) }

    private func watch() {
        var since: Double?
        while !standDown.load(ordering: .sequentiallyConsistent) {
            if let signal = waitingSignal() {
                let now = Self.seconds()
                if let start = since, now - start >= Self.patience {
                    guard !standDown.load(ordering: .sequentiallyConsistent) else { return }
                    exitNow(signal)
                }
                since = since ?? now
            } else {
                since = nil
            }
            usleep(50_000)
        }
    }

    /// A watched signal that is pending (blocked while the loop works) or recorded but not acted on.
    private func waitingSignal() -> Int32? {
        if let recorded = SignalFlags.quitSignal { return recorded }
        var pending = sigset_t()
        guard sigpending(&pending) == 0 else { return nil }
        return Self.watched.first { sigismember(&pending, $0) == 1 }
    }

    private func exitNow(_ signal: Int32) -> Never {
        restoreBytes.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if var mode = originalTerminal { _ = tcsetattr(STDIN_FILENO, TCSANOW, &mode) }
        _exit(128 + signal)
    }

    private static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
