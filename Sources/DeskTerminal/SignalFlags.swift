import CNcursesW
import Glibc
import Synchronization

/// The quit signal that arrived last (SIGTERM, SIGHUP or SIGQUIT), or 0. SIGINT is a key (see below).
///
/// Globals, because a C signal handler cannot capture context. `Atomic` is lock-free, so storing
/// into it is safe inside a handler, and a `let` of a Sendable type needs no unsafe annotation.
private let receivedQuitSignal = Atomic<Int32>(0)
/// Set by SIGCONT, after the process was stopped (Ctrl-Z) and resumed (`fg`).
private let receivedContinue = Atomic<Bool>(false)
/// Set by SIGINT (Ctrl-C): delivered to the app as a key, which cancels a prompt or quits.
private let receivedInterrupt = Atomic<Bool>(false)
/// Set by SIGTSTP (Ctrl-Z): the session restores the terminal, then stops the process.
private let receivedSuspend = Atomic<Bool>(false)

/// Records a signal and returns; everything else happens in the run loop, outside the handler.
private let recordSignal: @convention(c) (Int32) -> Void = { signal in
    if signal == SIGCONT {
        receivedContinue.store(true, ordering: .relaxed)
    } else if signal == SIGINT {
        receivedInterrupt.store(true, ordering: .relaxed)
    } else if signal == SIGTSTP {
        receivedSuspend.store(true, ordering: .relaxed)
    } else {
        receivedQuitSignal.store(signal, ordering: .relaxed)
    }
}

/// Our handlers for the signals that must end, suspend or refresh the session cleanly.
///
/// ncurses answers SIGINT and SIGTERM with `endwin` and `exit`, which skips the app's own
/// cleanup, and it ignores SIGHUP and SIGQUIT (Ctrl-\\ would otherwise reach the Swift runtime's
/// crash backtracer, which prints over the screen and leaves the terminal in the alternate screen); its SIGTSTP handler leaves bracketed paste on while the shell
/// has the terminal. These handlers only record the signal. SIGWINCH stays with ncurses.
///
/// The handled signals and SIGWINCH are blocked, except while `wait` sleeps in ppoll(2) with
/// `waitMask`: a signal that arrives between checking the flags and going to sleep stays pending
/// and ends the wait at once, instead of waiting out the poll timeout.
struct SignalFlags: ~Copyable {
    static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    private static let handledSignals = quitSignals + [SIGCONT, SIGTSTP]

    /// The dispositions found at installation, restored by `restore(ignoringHangUp:)`.
    private var previous: [(signal: Int32, action: sigaction)] = []
    /// The thread's signal mask found at installation, restored by `restore`.
    private var previousMask = sigset_t()
    /// The mask for the wait: the one found, with the handled signals and SIGWINCH unblocked.
    private(set) var waitMask = sigset_t()

    /// Clears the flags and installs the handlers. Installed before `newterm`, so ncurses,
    /// which only takes over signals that still have their default action, leaves them alone.
    /// Call from the thread that waits for input, before starting other threads (they inherit
    /// the blocked mask, so the signals reach the waiting thread).
    static func install() -> SignalFlags {
        receivedQuitSignal.store(0, ordering: .relaxed)
        receivedContinue.store(false, ordering: .relaxed)
        receivedInterrupt.store(false, ordering: .relaxed)
        receivedSuspend.store(false, ordering: .relaxed)
        var flags = SignalFlags()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = recordSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: interrupt poll and read
        var waited = sigset_t()
        sigemptyset(&waited)
        for signal in handledSignals {
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { flags.previous.append((signal, old)) }
            sigaddset(&waited, signal)
        }
        sigaddset(&waited, SIGWINCH)
        pthread_sigmask(SIG_BLOCK, &waited, &flags.previousMask)
        // A blocked mask is inherited across exec: started by a parent that blocks these signals
        // (a test runner, some supervisors), Ctrl-C, Ctrl-\\, SIGTERM and SIGHUP would never arrive. The
        // wait unblocks them whatever the parent did.
        flags.waitMask = flags.previousMask
        for signal in handledSignals + [SIGWINCH] { sigdelset(&flags.waitMask, signal) }
        return flags
    }

    /// Waits like poll(2), with the handled signals deliverable only during the wait, so one
    /// that arrived just before is not delayed by the timeout. Returns -1 with EINTR when a
    /// signal ended the wait. `beforeWait` is for tests: it runs after the caller's last check.
    static func wait(_ descriptors: inout [pollfd], count: Int, timeoutMilliseconds: Int, mask: sigset_t,
                     beforeWait: () -> Void = {}) -> Int32 {
        var mask = mask
        beforeWait()
        if timeoutMilliseconds < 0 {
            return desk_ppoll(&descriptors, nfds_t(count), nil, &mask)
        }
        var timeout = timespec(tv_sec: timeoutMilliseconds / 1000, tv_nsec: (timeoutMilliseconds % 1000) * 1_000_000)
        return desk_ppoll(&descriptors, nfds_t(count), &timeout, &mask)
    }

    /// Stops the process as the default SIGTSTP would (job control), returning once it is
    /// continued (`fg`). The caller restores the terminal first and takes it back after.
    static func stopProcess() {
        var defaultAction = sigaction()
        defaultAction.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&defaultAction.sa_mask)
        var ours = sigaction()
        sigaction(SIGTSTP, &defaultAction, &ours)
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &only, nil)
        kill(getpid(), SIGTSTP)  // delivered before kill returns: the process stops here
        pthread_sigmask(SIG_BLOCK, &only, nil)
        sigaction(SIGTSTP, &ours, nil)
    }

    /// Puts back the dispositions found at installation.
    ///
    /// With `ignoringHangUp` SIGHUP is ignored instead: once the terminal is gone, the kernel
    /// or the terminal emulator may still send SIGHUP a moment later, and its default action
    /// would kill the app in the middle of its last writes (seen with `tmux kill-session`).
    consuming func restore(ignoringHangUp: Bool) {
        for (signal, old) in previous {
            var old = old
            if signal == SIGHUP && ignoringHangUp {
                old = sigaction()
                old.__sigaction_handler.sa_handler = SIG_IGN
                sigemptyset(&old.sa_mask)
            }
            sigaction(signal, &old, nil)
        }
        var mask = previousMask
        pthread_sigmask(SIG_SETMASK, &mask, nil)
    }

    /// The quit signal received since installation, if any. It stays set: once asked to quit,
    /// every later read says so too.
    static var quitSignal: Int32? {
        let signal = receivedQuitSignal.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
    }

    /// Whether SIGTSTP (Ctrl-Z) arrived since the last call; resets the flag.
    static func takeSuspend() -> Bool {
        receivedSuspend.exchange(false, ordering: .relaxed)
    }

    /// Whether SIGINT (Ctrl-C) arrived since the last call; resets the flag.
    static func takeInterrupt() -> Bool {
        receivedInterrupt.exchange(false, ordering: .relaxed)
    }

    /// Whether SIGCONT arrived since the last call; resets the flag.
    static func takeContinue() -> Bool {
        receivedContinue.exchange(false, ordering: .relaxed)
    }
}

/// SIGQUIT (Ctrl-\) for the plain commands (list, stats, decide, check): end at once, quietly.
///
/// The Swift runtime installs its crash backtracer for SIGQUIT at startup, so without this a
/// Ctrl-\ prints "Program crashed: Signal 3" with a backtrace and, on a terminal, waits up to 30 s
/// for a key. Quitting is not a crash. Call first thing in `main`; the review screen's own
/// handlers take over while it runs and put this one back when it ends.
package enum QuitSignal {
    package static func exitQuietly() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = exitAtOnce
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGQUIT, &action, nil)
        // A mask inherited across exec could hold SIGQUIT back until it no longer helps.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGQUIT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}

/// `_exit` is async-signal-safe; nothing is flushed. A decision is either fully written (one
/// `write` under the lock) or not at all, as with SIGINT and SIGTERM, which end the commands too.
private let exitAtOnce: @convention(c) (Int32) -> Void = { _ in
    _exit(128 + SIGQUIT)
}
