import DeskCore

/// Full records of the rows on screen, read back from the queue file once and kept.
///
/// A memo, not state: rendering stays a function of `AppState`, and a million-row queue costs a
/// screenful of `pread`s per repaint at most.
public final class SubmissionCache {
    private var entries: [Int32: Submission] = [:]
    private let capacity = 2_048

    public init() {}

    public func submission(_ row: Int32, in desk: Desk) -> Submission? {
        if let cached = entries[row] { return cached }
        guard let loaded = try? desk.submission(at: Int(row)) else { return nil }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[row] = loaded
        return loaded
    }

    /// Forgets everything (the queue file was replaced and rows renumbered).
    public func invalidate() { entries.removeAll() }
}
