import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore

/// Appends decisions one at a time, each its own locked write and fsync: the multi-process
/// append test starts several of these at once and then checks every line.
struct AppendWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append-worker",
        abstract: "Append N single decisions to a log (used by the concurrent-append test).")

    @Option(help: ArgumentHelp("Decision log to append to.", valueName: "path"))
    var decisions: String

    @Option(help: "How many decisions to append, one write + fsync each.")
    var count = 1000

    @Option(help: "This worker's number, written into each submission id.")
    var worker = 0

    func run() throws {
        let log = try DecisionLog(path: decisions)
        for index in 0..<count {
            // A long, escaped reason makes each record several hundred bytes, so interleaving
            // writes would be visible as broken lines.
            let reason = "worker \(worker) record \(index) — \"quoted\" reason\n" + String(repeating: "x", count: 200 + index % 300)
            try log.append([Decision(submissionID: "w\(worker)-\(index)", kind: .rejected, reviewer: "worker-\(worker)",
                                     osUser: OSUser.current, decidedAt: WallClock.now(), reason: reason)])
        }
    }
}
