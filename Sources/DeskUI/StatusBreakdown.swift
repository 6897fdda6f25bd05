import DeskStore
import DeskEngine
import DeskCore

/// Counts of submissions by status, in the screen's words.
enum StatusBreakdown {
    /// "486 pending, 14 awaiting verification" for counts indexed by `SubmissionStatus.rawValue`.
    static func text(_ counts: [Int]) -> String {
        SubmissionStatus.allCases.compactMap { status in
            let count = counts[Int(status.rawValue)]
            return count == 0 ? nil : "\(count) \(StatusLook.word(status))"
        }.joined(separator: ", ")
    }
}
