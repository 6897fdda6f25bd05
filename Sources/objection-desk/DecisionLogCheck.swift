import DeskStore
import DeskEngine
import DeskCore
import Foundation

/// Checks, before the review screen starts, that the decision log can be used: readable when it
/// exists, else its directory exists and is writable (so the first decision can create it).
///
/// Without this, a mistyped `--decisions` path only showed up at the first decision, after the
/// agent had read and judged a submission.
enum DecisionLogCheck {
    /// Whether the log exists already; throws a message naming the path and what to do.
    static func check(_ path: String) throws -> Bool {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard access(path, R_OK) == 0 else {
                throw CLIFailure(message: "cannot read the decision log \(path): \(String(cString: strerror(errno))); pass --decisions PATH")
            }
            // Another account's log would show its records as the team's and refuse our appends.
            do {
                try LogOwnership.check(path: path)
            } catch let error as StoreError {
                throw CLIFailure(message: error.description)
            }
            return true
        }
        guard errno == ENOENT else {
            throw CLIFailure(message: "cannot use the decision log \(path): \(String(cString: strerror(errno)))")
        }
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        var directoryInfo = stat()
        guard stat(directory, &directoryInfo) == 0, directoryInfo.st_mode & S_IFMT == S_IFDIR else {
            throw CLIFailure(message: "the decision log's directory \(directory) does not exist; create it or pass --decisions PATH")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw CLIFailure(message: "cannot create the decision log \(path): its directory is not writable; pass --decisions PATH")
        }
        return false
    }

    /// How the header names the log: its file name when it sits beside the queue or in the
    /// working directory, else the path as given.
    static func label(_ path: String, queuePath: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        if directory.isEmpty || directory == (queuePath as NSString).deletingLastPathComponent {
            return (path as NSString).lastPathComponent
        }
        return path
    }
}
