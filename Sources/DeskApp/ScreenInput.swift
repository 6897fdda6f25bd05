import DeskUI

/// What one `ReviewScreen.readInput` call saw.
package enum ScreenInput: Equatable, Sendable {
    /// Keys, pastes and resizes, in arrival order (never empty).
    case events([AppEvent])
    /// Nothing happened within the timeout.
    case timeout
    /// The extra descriptor given to `readInput` became readable (files changed on disk).
    case watchedReadable
    /// SIGTERM or SIGHUP arrived (Ctrl-C comes as the key `.control("c")`): save what must be saved, then stop.
    case quitRequested
    /// The terminal went away (closed pty, dropped SSH connection); nothing more can be read
    /// or shown, so the app should finish without waiting for the user.
    case hangUp
}

/// Where the review screen is shown and its keys come from: the terminal (`TerminalSession` in
/// DeskTerminal), or a test's script.
package protocol ReviewScreen: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Shows `grid` (only what changed since the last paint needs sending).
    func paint(_ grid: CellGrid)
    /// The next paint sends every row (Ctrl-L, a resize).
    func invalidate()
    /// Waits up to `timeoutMilliseconds` for input, or for `watching` to become readable.
    func readInput(timeoutMilliseconds: Int, watching: Int32?) -> ScreenInput
}
