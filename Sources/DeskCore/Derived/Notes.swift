/// Things to tell the operator once that are not problems in the data: a derived file that was
/// ignored or could not be written, a queue that changed under the folded text.
///
/// A value each producer keeps and hands on (`QueueFile`, `Desk`, `LazySearchText`, a cluster
/// build): the command line prints what `Desk.takeNotes()` returns, each distinct note once.
/// Nothing is posted to a process-wide channel; background work hands its notes back with its
/// result (`DerivedFileWrite`).
public struct Notes: Sendable, Equatable {
    private var said: Set<String> = []
    private var pending: [String] = []

    public init() {}

    /// Adds `note` unless the same text was added before.
    public mutating func add(_ note: String) {
        guard said.insert(note).inserted else { return }
        pending.append(note)
    }

    public mutating func add(_ notes: [String]) { notes.forEach { add($0) } }

    /// The notes added since the last call, oldest first.
    public mutating func take() -> [String] {
        defer { pending = [] }
        return pending
    }

    /// Every note ever added that satisfies `test` (tests look for theirs).
    func said(where test: (String) -> Bool) -> [String] { said.filter(test) }
}

/// A derived-file write that was started: its note when it failed, once it has finished.
struct DerivedFileWrite: Sendable {
    private enum State: Sendable {
        case finished(String?)
        case running(BackgroundTask<String?>)
    }

    private let state: State

    static func finished(note: String?) -> DerivedFileWrite { DerivedFileWrite(state: .finished(note)) }

    static func running(_ task: BackgroundTask<String?>) -> DerivedFileWrite { DerivedFileWrite(state: .running(task)) }

    var isFinished: Bool {
        switch state {
        case .finished: true
        case .running(let task): task.isFinished
        }
    }

    /// The failure note, if it failed and has finished (taken once); nil otherwise.
    func takeNote() -> String? {
        switch state {
        case .finished(let note): note
        case .running(let task): task.takeIfFinished() ?? nil
        }
    }
}

/// Derived-file writes a producer started, whose notes it hands on once they finish.
struct PendingNotes: Sendable {
    private var writes: [DerivedFileWrite] = []

    mutating func add(_ write: DerivedFileWrite) { writes.append(write) }

    /// The notes of the writes that finished (those are forgotten); the others stay.
    mutating func takeFinished() -> [String] {
        var notes: [String] = []
        var running: [DerivedFileWrite] = []
        for write in writes {
            if write.isFinished {
                if let note = write.takeNote() { notes.append(note) }
            } else {
                running.append(write)
            }
        }
        writes = running
        return notes
    }
}
