import DeskCore

/// A derived-file write that was started: its note when it failed, once it has finished.
package struct DerivedFileWrite: Sendable {
    private enum State: Sendable {
        case finished(String?)
        case running(BackgroundTask<String?>)
    }

    private let state: State

    package static func finished(note: String?) -> DerivedFileWrite { DerivedFileWrite(state: .finished(note)) }

    package static func running(_ task: BackgroundTask<String?>) -> DerivedFileWrite { DerivedFileWrite(state: .running(task)) }

    package var isFinished: Bool {
        switch state {
        case .finished: true
        case .running(let task): task.isFinished
        }
    }

    /// The failure note, if it failed and has finished (taken once); nil otherwise.
    package func takeNote() -> String? {
        switch state {
        case .finished(let note): note
        case .running(let task): task.takeIfFinished() ?? nil
        }
    }
}

/// Derived-file writes a producer started, whose notes it hands on once they finish.
package struct PendingNotes: Sendable {
    private var writes: [DerivedFileWrite] = []

    package init() {}

    package mutating func add(_ write: DerivedFileWrite) { writes.append(write) }

    /// The notes of the writes that finished (those are forgotten); the others stay.
    package mutating func takeFinished() -> [String] {
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
