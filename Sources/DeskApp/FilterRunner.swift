import DeskStore
import DeskEngine
import DeskCore
import DeskUI

/// Evaluates the review screen's live filter in the background (`FilterJob`), one job at a time;
/// while one runs, only the newest request waits (keys typed meanwhile supersede each other).
/// The loop polls it (`takeResult`) and it is only ever touched from the loop's thread.
final class FilterRunner {
    private var running: BackgroundTask<(generation: Int, rows: [Int32])>?
    private var waiting: FilterJob?

    func submit(_ job: FilterJob) {
        guard running == nil else {
            waiting = job
            return
        }
        start(job)
    }

    /// A job is running or waiting.
    var isBusy: Bool { running != nil || waiting != nil }

    /// The result of the job that finished, once; the waiting job (if any) starts then.
    func takeResult() -> (generation: Int, rows: [Int32])? {
        guard let task = running, task.isFinished else { return nil }
        running = nil
        if let next = waiting {
            waiting = nil
            start(next)
        }
        return task.take()
    }

    private func start(_ job: FilterJob) {
        running = BackgroundTask(stackSize: 4 << 20) { (job.generation, job.evaluate()) }
    }
}
