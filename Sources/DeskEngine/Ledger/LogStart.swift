import DeskCore
import DeskStore

/// The first read of the decision log when a desk opens: from the saved fold (`LedgerSnapshot`)
/// and the records after it when the snapshot is valid, else every record.
struct LogStart {
    var snapshot: LedgerSnapshot?
    /// What was read after the snapshot, or the whole log.
    var changes: DecisionChanges
    /// A snapshot was there but did not fit: a new one replaces it whatever the log's size, so
    /// the note about it is not repeated at every start.
    var replacesStaleSnapshot = false
    /// What to tell the operator (a snapshot that was not used).
    var notes: [String] = []

    /// Runs on the loader's thread, before the queue is known; the queue part of the snapshot is
    /// checked afterwards (`usableSnapshot`).
    static func read(_ store: any DecisionStore, options: DerivedFileOptions) throws -> LogStart {
        if let log = store.fileLog {
            switch LedgerFile.load(for: log, options: options) {
            case .loaded(let snapshot):
                log.resume(at: snapshot.position)
                return LogStart(snapshot: snapshot, changes: try store.readChanges())
            case .rejected(let reason):
                let note = LedgerFile.location(for: LogSubject(log, options: options)).map { LedgerFile.ignoredNote(path: $0.path, reason: reason) }
                return LogStart(snapshot: nil, changes: try store.readChanges(), replacesStaleSnapshot: true, notes: note.map { [$0] } ?? [])
            case .absent:
                break
            }
        }
        return LogStart(snapshot: nil, changes: try store.readChanges())
    }

    /// The snapshot, if it was folded onto the rows the queue still begins with.
    func usableSnapshot(for queue: QueueSource, log: any DecisionStore, notes: inout Notes) -> LedgerSnapshot? {
        guard let snapshot else { return nil }
        do throws(DerivedFileError) {
            try snapshot.stamp.check(queue)
            return snapshot
        } catch {
            notes.add("ignoring the saved decisions for \(log.location): \(error.reason); the log is read in full")
            return nil
        }
    }

    /// Whether enough was read past the snapshot (or without one) to save a new one: reading that
    /// much at each start costs more than writing the snapshot once.
    func shouldSaveSnapshot(after position: DecisionLog.ReadPosition) -> Bool {
        if replacesStaleSnapshot { return position.consumedEnd > 0 }
        let saved = snapshot?.position.consumedEnd ?? 0
        let read = position.consumedEnd - saved
        return position.consumedEnd > 0 && read >= max(64 << 10, position.consumedEnd / 64)
    }
}
