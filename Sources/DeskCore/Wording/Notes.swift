/// Things to tell the operator once that are not problems in the data: a derived file that was
/// ignored or could not be written, a queue that changed under the folded text.
///
/// A value each producer keeps and hands on (`QueueFile`, `Desk`, `LazySearchText`, a cluster
/// build): the command line prints what `Desk.takeNotes()` returns, each distinct note once.
/// Nothing is posted to a process-wide channel; background work hands its notes back with its
/// result (`DerivedFileWrite`).
package struct Notes: Sendable, Equatable {
    private var said: Set<String> = []
    private var pending: [String] = []

    package init() {}

    /// Adds `note` unless the same text was added before.
    package mutating func add(_ note: String) {
        guard said.insert(note).inserted else { return }
        pending.append(note)
    }

    package mutating func add(_ notes: [String]) { notes.forEach { add($0) } }

    /// The notes added since the last call, oldest first.
    package mutating func take() -> [String] {
        defer { pending = [] }
        return pending
    }

    /// Every note ever added that satisfies `test` (tests look for theirs).
    func said(where test: (String) -> Bool) -> [String] { said.filter(test) }
}
