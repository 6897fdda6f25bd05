import Synchronization

/// Things to tell the operator once that are not problems in the data: a queue index that was
/// ignored or could not be written, a queue that changed under the lazy search text.
///
/// Posted from any thread (the index is written in the background); the command line prints them
/// on stderr (`drain`), each distinct note once per process.
public enum DeskNotes {
    private struct State {
        var seen: Set<String> = []
        var pending: [String] = []
    }

    private static let state = Mutex(State())

    /// Queues `note` unless the same text was posted before.
    public static func post(_ note: String) {
        state.withLock { state in
            guard state.seen.insert(note).inserted else { return }
            state.pending.append(note)
        }
    }

    /// Every note ever posted that satisfies `test` (tests look for theirs; others run in parallel).
    static func posted(where test: (String) -> Bool) -> [String] {
        state.withLock { state in state.seen.filter(test) }
    }

    /// The notes posted since the last call, oldest first.
    public static func drain() -> [String] {
        state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
    }
}
