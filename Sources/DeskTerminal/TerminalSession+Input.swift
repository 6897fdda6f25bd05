import CNcursesW
import DeskApp
import DeskUI
import Glibc

extension TerminalSession {
    /// Most raw inputs taken in one drain; the rest waits for the next call.
    private static let maximumDrain = 65_536
    /// How long an unfinished escape sequence may wait for its end (ncurses already waited
    /// ESCDELAY for it) before its characters are reported as typed.
    private static let sequenceGraceMilliseconds = 50
    /// How long an open bracketed paste may pause before what arrived is reported; generous,
    /// because a large paste over a slow SSH link arrives in bursts.
    private static let pasteGraceMilliseconds = 1_000
    /// Readable-but-empty wakeups in a row taken as a dead terminal: a descriptor that polls
    /// readable yet yields nothing would otherwise spin the loop at full CPU.
    private static let maximumEmptyWakeups = 100

    /// Waits up to `timeoutMilliseconds` (negative: no limit) for input, then returns all of it.
    ///
    /// The wait is a `poll(2)` on stdin, so a hang-up shows as POLLHUP/POLLERR and our signal
    /// handlers (installed without SA_RESTART) interrupt it. Input is then drained with
    /// `wget_wch` in no-delay mode and decoded. Checks for quit signals and SIGCONT come first.
    ///
    /// `watching` is another descriptor to wait on (an inotify instance): when it becomes
    /// readable the wait ends with `.watchedReadable`, so others' changes show at once.
    package func readInput(timeoutMilliseconds: Int, watching watched: Int32? = nil) -> ScreenInput {
        guard !isStopped, !isHungUp else { return .hangUp }
        let deadline = timeoutMilliseconds < 0 ? nil : Self.now() + timeoutMilliseconds
        var hasPolled = false
        var pollSaidReadable = false
        while true {
            if SignalFlags.quitSignal != nil {
                acknowledgeQuit()
                return .quitRequested
            }
            // Ctrl-C is a key for the app: it cancels a prompt, and quits otherwise.
            if SignalFlags.takeInterrupt() { return .events([.key(.control("c"))]) }
            if SignalFlags.takeSuspend() { suspend() }
            if SignalFlags.takeContinue() { resumeAfterStop() }

            // Drain before waiting: a SIGWINCH leaves KEY_RESIZE in curses without making stdin
            // readable, and curses may hold keys it pushed back while matching a sequence.
            switch drain(afterReadablePoll: pollSaidReadable) {
            case .hangUp: return .hangUp
            case .events(let events) where !events.isEmpty: return .events(events)
            default: break
            }

            let remaining = deadline.map { max(0, $0 - Self.now()) }
            // Input that decodes to nothing (unknown sequences) must not starve the caller's timer.
            if remaining == 0 && hasPolled { return .timeout }
            var wait = remaining ?? -1
            var isGraceWait = false
            if let grace = graceMilliseconds, wait < 0 || grace <= wait {
                wait = grace
                isGraceWait = true
            }
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: watched ?? -1, events: Int16(POLLIN), revents: 0)]
            let ready = SignalFlags.wait(&descriptors, count: watched == nil ? 1 : 2, timeoutMilliseconds: wait, mask: waitMask)
            let descriptor = descriptors[0]
            hasPolled = true
            pollSaidReadable = false
            if ready < 0 {
                if errno == EINTR { continue }  // a signal: flags and resize are checked above
                return hangUp()
            }
            if ready == 0 {
                if isGraceWait {
                    let events = decoder.flush()
                    if !events.isEmpty { return .events(events) }
                }
                if remaining == 0 { return .timeout }
                continue
            }
            if Int32(descriptor.revents) & (POLLHUP | POLLERR | POLLNVAL) != 0 { return hangUp() }
            if descriptor.revents == 0 && descriptors[1].revents != 0 { return .watchedReadable }
            pollSaidReadable = descriptor.revents != 0
        }
    }

    /// The grace period for what the decoder holds, or nil when it holds nothing.
    private var graceMilliseconds: Int? {
        switch decoder.pending {
        case .none: nil
        case .escapeSequence: Self.sequenceGraceMilliseconds
        case .paste: Self.pasteGraceMilliseconds
        }
    }

    /// Takes everything curses can return without waiting and decodes it.
    /// `afterReadablePoll` says poll(2) reported input, so finding none counts as a bad wakeup.
    private func drain(afterReadablePoll: Bool) -> ScreenInput {
        var inputs: [RawInput] = []
        var value: wint_t = 0
        while inputs.count < Self.maximumDrain {
            errno = 0
            let status = wget_wch(window, &value)
            if status == OK {
                inputs.append(.character(value))
            } else if status == KEY_CODE_YES {
                inputs.append(.keyCode(Int32(bitPattern: value)))
            } else {
                // A closed pty fails every read with EIO; a read of 0 bytes is end of file.
                if errno == EIO { return hangUp() }
                break
            }
        }
        if inputs.isEmpty {
            guard afterReadablePoll else { return .events([]) }
            emptyWakeups += 1
            if emptyWakeups > Self.maximumEmptyWakeups { return hangUp() }
        } else {
            emptyWakeups = 0
        }
        let events = decoder.decode(inputs, width: width, height: height)
        if events.contains(where: { if case .resize = $0 { true } else { false } }) {
            invalidate()
        }
        return .events(events)
    }

    private func hangUp() -> ScreenInput {
        isHungUp = true
        return .hangUp
    }

    /// Milliseconds on the monotonic clock.
    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000 + time.tv_nsec / 1_000_000
    }
}
