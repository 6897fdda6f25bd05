import DeskUI
import Foundation

/// Evaluates the review screen's live filter on a thread of its own (`FilterJob`), one job at a
/// time; while one runs, only the newest request waits (keys typed meanwhile supersede each
/// other). The loop takes results as they come.
final class FilterRunner: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: FilterJob?
    private var finished: (generation: Int, rows: [Int32])?
    private var running = false

    func submit(_ job: FilterJob) {
        condition.withLock {
            waiting = job
            guard !running else { return }
            running = true
            let thread = Thread { [self] in work() }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// A job is running or waiting, or a result is there to take.
    var isBusy: Bool { condition.withLock { running || finished != nil } }

    /// The newest finished result, once.
    func takeResult() -> (generation: Int, rows: [Int32])? {
        condition.withLock {
            defer { finished = nil }
            return finished
        }
    }

    private func work() {
        while true {
            let job: FilterJob? = condition.withLock {
                defer { waiting = nil }
                if waiting == nil { running = false }
                return waiting
            }
            guard let job else { return }
            let rows = job.evaluate()
            condition.withLock { finished = (job.generation, rows) }
        }
    }
}
