import Glibc
import Testing
@testable import DeskTerminal

/// A signal that arrives after the loop's last look at the flags, just before it goes to sleep,
/// ends the wait at once instead of after the timeout.
@Suite("Signal-safe wait", .serialized)
struct SignalWaitTests {
    private static func milliseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000 + time.tv_nsec / 1_000_000
    }

    @Test(arguments: [SIGCONT, SIGINT, SIGTERM])
    func aSignalJustBeforeTheWaitEndsItAtOnce(signal: Int32) {
        let flags = SignalFlags.install()
        var ends: [Int32] = [0, 0]
        pipe(&ends)
        defer { close(ends[0]); close(ends[1]) }
        var descriptors = [pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)]
        let start = Self.milliseconds()
        // Raised in this thread after the caller's checks: blocked until the wait unblocks it.
        let result = SignalFlags.wait(&descriptors, count: 1, timeoutMilliseconds: 3_000, mask: flags.waitMask,
                                      beforeWait: { raise(signal) })
        let waitedErrno = errno
        let elapsed = Self.milliseconds() - start
        if signal == SIGCONT { #expect(SignalFlags.takeContinue()) }
        if signal == SIGINT { #expect(SignalFlags.takeInterrupt()) }
        if signal == SIGTERM { #expect(SignalFlags.quitSignal == SIGTERM) }
        flags.restore(ignoringHangUp: false)
        #expect(result == -1 && waitedErrno == EINTR)
        #expect(elapsed < 1_000)
    }

    @Test func inputStillEndsTheWaitAndTheTimeoutStillExpires() {
        let flags = SignalFlags.install()
        var ends: [Int32] = [0, 0]
        pipe(&ends)
        defer { close(ends[0]); close(ends[1]) }
        var descriptors = [pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)]
        #expect(SignalFlags.wait(&descriptors, count: 1, timeoutMilliseconds: 20, mask: flags.waitMask) == 0)
        _ = write(ends[1], "x", 1)
        #expect(SignalFlags.wait(&descriptors, count: 1, timeoutMilliseconds: 3_000, mask: flags.waitMask) == 1)
        flags.restore(ignoringHangUp: false)
    }
}
