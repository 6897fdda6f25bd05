import DeskUI

/// What one `TerminalSession.readInput` call saw.
public enum TerminalInput: Equatable, Sendable {
    /// Keys, pastes and resizes, in arrival order (never empty).
    case events([AppEvent])
    /// Nothing happened within the timeout.
    case timeout
    /// The extra descriptor given to `readInput` became readable (files changed on disk).
    case watchedReadable
    /// SIGTERM or SIGHUP arrived (Ctrl-C comes as the key `.control("c")`): save what must be saved, then `stop()`.
    case quitRequested
    /// The terminal went away (closed pty, dropped SSH connection); nothing more can be read
    /// or shown, so the app should finish without waiting for the user.
    case hangUp
}
