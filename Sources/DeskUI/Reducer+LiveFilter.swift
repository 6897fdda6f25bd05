import DeskStore
import DeskEngine
import DeskCore

/// A live filter (or a new sort) evaluated off the screen's thread: at a million rows a keystroke
/// whose text matches most rows costs ~100 ms to filter and sort, over the 50 ms a key may take.
/// The key is handled and painted at once (the title says "updating…" instead of the count), the app evaluates the latest
/// request on another thread, and the rows arrive as `.filterEvaluated`. Only the newest request
/// is applied, and none that a synchronous recompute (a decision, a refresh) has overtaken.
package struct FilterJob: Sendable {
    package let generation: Int
    package let expression: FilterExpression
    package let sort: SortSpec
    package let query: RowQuery
    package let now: Int64

    package func evaluate() -> [Int32] { query.rows(matching: expression, sortedBy: sort, now: now) }
}

extension AppState {
    /// Whether the rows shown are older than the filter typed.
    package var isFiltering: Bool { filterGeneration > appliedFilterGeneration }

    /// What to evaluate for the newest live filter request (nil when none is pending).
    package func filterJob() -> FilterJob? {
        guard isFiltering else { return nil }
        return FilterJob(generation: filterGeneration, expression: viewExpression, sort: sort, query: desk.query, now: now)
    }

    /// Applies the typed filter and the sort: on the spot, or as a request for the app to evaluate.
    /// A filter that needs clusters not found yet is applied without them (its cluster terms
    /// match nothing), asks for them, and is applied again when they come (`.clustersReady`).
    mutating func applyLiveFilter() -> [Effect] {
        if DeskSnapshot.needsClusters(viewExpression) && !desk.hasClusters {
            recomputeRows(.filter, from: placeBeforeFilterPrompt)
            message = StatusMessage(text: "finding near-identical justifications…; the filter applies when they are found", isError: false)
            return desk.isFindingClusters ? [] : [.findClusters]
        }
        guard filtersInBackground else {
            recomputeRows(.filter, from: placeBeforeFilterPrompt)
            return []
        }
        filterGeneration += 1
        return [.evaluateFilter]
    }

    mutating func filterEvaluated(generation: Int, rows: [Int32]) {
        guard generation == filterGeneration, generation > appliedFilterGeneration else { return }
        // Typed in the prompt: from the list as it was when the prompt opened, so a submission
        // that a half-typed filter hid comes back under the cursor.
        show(rows, .filter, from: placeBeforeFilterPrompt)
        appliedFilterGeneration = generation
    }
}
