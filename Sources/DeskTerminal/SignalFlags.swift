import Glibc
import Synchronization

/// The quit signal that arrived last (SIGTERM or SIGHUP), or 0. SIGINT is a key (see below).
///
/// Globals, because a C signal handler cannot capture context. `Atomic` is lock-free, so storing
/// into it is safe inside a handler, and a `let` of a Sendable type needs no unsafe annotation.
private let receivedQuitSignal = Atomic<Int32>(0)
/// Set by SIGCONT, after the process was stopped (Ctrl-Z) and resumed (`fg`).
private let receivedContinue = Atomic<Bool>(false)
/// Set by SIGINT (Ctrl-C): delivered to the app as a key, which cancels a prompt or quits.
private let receivedInterrupt = Atomic<Bool>(false)

/// Records a signal and returns; everything else happens in the run loop, outside the handler.
private let recordSignal: @convention(c) (Int32) -> Void = { signal in
    if signal == SIGCONT {
        receivedContinue.store(true, ordering: .relaxed)
    } else if signal == SIGINT {
        receivedInterrupt.store(true, ordering: .relaxed)
    } else {
        receivedQuitSignal.store(signal, ordering: .relaxed)
    }
}

/// Our handlers for the signals that must end or refresh the session cleanly.
///
/// ncurses answers SIGINT and SIGTERM with `endwin` and `exit`, which skips the app's own
/// cleanup, and it ignores SIGHUP. These handlers only record the signal. They are installed
/// without SA_RESTART so a blocked `poll` returns EINTR at once and `readInput` can report
/// `.quitRequested`. SIGTSTP and SIGWINCH stay with ncurses, which handles them well.
struct SignalFlags: ~Copyable {
    static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private static let handledSignals = quitSignals + [SIGCONT]

    /// The dispositions found at installation, restored by `restore(ignoringHangUp:)`.
    private var previous: [(signal: Int32, action: sigaction)] = []

    /// Clears the flags and installs the handlers. Installed before `newterm`, so ncurses,
    /// which only takes over signals that still have their default action, leaves them alone.
    static func install() -> SignalFlags {
        receivedQuitSignal.store(0, ordering: .relaxed)
        receivedContinue.store(false, ordering: .relaxed)
        receivedInterrupt.store(false, ordering: .relaxed)
        var flags = SignalFlags()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = recordSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: interrupt poll and read
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in handledSignals {
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { flags.previous.append((signal, old)) }
            sigaddset(&unblock, signal)
        }
        // A blocked mask is inherited across exec: started by a parent that blocks these signals
        // (a test runner, some supervisors), Ctrl-C, SIGTERM and SIGHUP would never arrive.
        sigaddset(&unblock, SIGWINCH)
        sigaddset(&unblock, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        return flags
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
    }

    /// The quit signal received since installation, if any. It stays set: once asked to quit,
    /// every later read says so too.
    static var quitSignal: Int32? {
        let signal = receivedQuitSignal.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
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
