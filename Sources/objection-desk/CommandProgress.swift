import DeskStore
import DeskEngine
import DeskCore
import DeskTerminal

/// The phases every command reports on stderr while it works (`ProgressLine`: only on a terminal,
/// only after a second). Each wraps one slow step, so the line is gone before the command writes
/// its output or a message.
enum CommandProgress {
    /// Made on first use, when a command starts its first slow step; the clock starts then.
    static let line = ProgressLine.standardError(prefix: "objection-desk")

    /// Opening the queue (the bytes read so far) and then folding the decision log.
    static func openingFiles<Result>(_ load: LoadProgress, _ body: () throws -> Result) rethrows -> Result {
        try line.during({
            let fraction = load.fraction
            // The log is read meanwhile on another thread; what is left once the queue is in is its fold.
            return fraction < 1 ? .init("reading the queue", fraction: fraction) : .init("reading the decision log")
        }, body)
    }

    /// Finding (or reading the saved) near-duplicate clusters.
    static func findingClusters<Result>(_ desk: Desk, _ body: () throws -> Result) rethrows -> Result {
        let clusters = desk.clusterProgress
        return try line.during({ status(of: clusters) ?? .init("finding near-identical justifications") }, body)
    }

    /// Selecting the rows a filter matches, which may cluster the queue first (`cluster:` and the
    /// `viral` and `adds` flags) or fold its text (free-text terms).
    static func selectingRows<Result>(_ desk: Desk, _ body: () throws -> Result) rethrows -> Result {
        let clusters = desk.clusterProgress
        return try line.during({ status(of: clusters) ?? .init("selecting submissions") }, body)
    }

    /// Checking every link of the decision log's chain (the bytes read so far).
    static func verifyingChain<Result>(_ read: LoadProgress, _ body: () throws -> Result) rethrows -> Result {
        try line.during("checking the decision log's chain", fraction: { read.fraction }, body)
    }

    /// Letting the files saved for the next start (index, fold, clusters) finish writing.
    static func savingForNextStart(_ body: () -> Void) {
        line.during("saving the index for the next start", body)
    }

    /// The clustering's own status while a first build runs; nil before and after it.
    private static func status(of clusters: ClusterProgress) -> ProgressLine.Status? {
        switch clusters.phase {
        case .waiting, .finished: nil
        case .sketch, .compare, .assemble, .adds: .init("finding near-identical justifications", fraction: clusters.fraction)
        }
    }
}
