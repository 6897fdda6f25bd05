import DeskStore
import DeskEngine
import DeskCore

/// What a key asks the outside world to do; the reducer itself never performs I/O.
package enum Effect: Equatable, Sendable {
    /// Append these decisions (one write + fsync), then report `.recorded` or `.recordFailed`.
    case record(DecisionRequest)
    /// Read whatever both files gained, then report `.reloaded`.
    case reload
    /// Clear the terminal and paint every row again (^L).
    case redraw
    /// Keep a confirmed prompt entry in the prompt history file (`$XDG_STATE_HOME/objection-desk/`).
    case remember(PromptHistory.Kind, String)
    /// Evaluate `AppState.filterJob()` off the screen's thread, then report `.filterEvaluated`
    /// (only with `AppState.filtersInBackground`).
    case evaluateFilter
    /// Find the clusters in the background (from their saved copy when valid), then report
    /// `.deskChanged` and `.clustersReady`.
    case findClusters
    /// Read the full records of these rows from the queue, then report `.recordsLoaded`
    /// (`AppState.recordRequests`: the rows the screen shows whose records it lacks).
    case loadRecords([Int32])
    case quit
}
