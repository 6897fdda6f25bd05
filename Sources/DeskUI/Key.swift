import DeskStore
import DeskEngine
import DeskCore

/// A key as the reducer sees it, decoded by the terminal adapter.
package enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case control(Character)  // Ctrl-F arrives as .control("f")
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
}

/// Everything that can happen to the app, from the terminal or the effect runner.
package enum AppEvent: Equatable, Sendable {
    /// The desk changed (a refresh, a record, clusters found): the runner's new snapshot. The
    /// event that says why follows (`.reloaded`, `.recorded`, `.clustersReady`…).
    case deskChanged(DeskSnapshot)
    /// The full records the runner read for `.loadRecords` (of the rows `requested`; those left
    /// out could not be read), for the row numbering it read them in.
    case recordsLoaded([Int32: Submission], requested: [Int32], rowNumbering: Int)
    /// Decisions were appended and folded (`changes` as reported by the desk's refresh).
    /// `conflicts`: submissions others decided meanwhile, for which nothing was written.
    case recorded(DecisionRequest, conflicts: [RecordOutcome.Conflict] = [])
    /// Appending failed; nothing of this request may be shown as done.
    case recordFailed(DecisionRequest, message: String)
    /// Another process changed the files and the desk has been refreshed.
    case reloaded(rowsRenumbered: Bool)
    case reloadFailed(message: String)
    /// The effect runner is waiting (for the decision log's lock): say so on the bottom line.
    case waiting(message: String)
    case key(Key)
    /// Text that arrived as a paste (bracketed paste, or a burst of typed-ahead input).
    case paste(String)
    case resize(width: Int, height: Int)
    /// Others' claims (or this screen's own) changed, as read by the effect runner.
    case claimsChanged(ClaimSnapshot)
    /// A clock tick while idle; `now` is milliseconds since the epoch.
    case tick(now: Int64)
    /// Clusters found in the background were taken by the desk (`Desk.collectClusters`); the
    /// snapshot that has them came just before (`.deskChanged`).
    case clustersReady
    /// The rows of the live filter request `generation` (`AppState.filterJob()`), in order.
    case filterEvaluated(generation: Int, rows: [Int32])
}
