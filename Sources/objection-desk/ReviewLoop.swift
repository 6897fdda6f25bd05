import DeskCore
import DeskTerminal
import DeskUI
import Foundation

/// Wires the pure app (reduce + render) to the terminal and the files: reads input, runs effects,
/// paints, and refreshes from disk while idle.
struct ReviewLoop {
    struct Outcome {
        var recorded = 0
        var hungUp = false
    }

    let session: TerminalSession
    /// Without inotify, idle refreshes at this interval make others' work appear within a second.
    static let pollingInterval: Int64 = 1_000
    /// With inotify, changes wake the loop at once; this slow refresh only covers what inotify
    /// cannot see (a log on NFS written from another host).
    static let safetyInterval: Int64 = 5_000

    /// Loads the desk on a background thread while showing progress; nil when the agent quit.
    static func load(queuePath: String, decisionsPath: String, label: String, index: QueueIndexOptions,
                     session: TerminalSession) throws -> Desk? {
        let progress = LoadProgress()
        let loader = DeskLoader(queuePath: queuePath, decisionsPath: decisionsPath, index: index, progress: progress)
        while true {
            if let result = loader.result() { return try result.get() }
            session.paint(Screen.loading(width: session.width, height: session.height, queueLabel: label, fraction: progress.fraction))
            switch session.readInput(timeoutMilliseconds: 50) {
            case .quitRequested, .hangUp: return nil
            case .events(let events) where events.contains(.key(.character("q"))): return nil
            default: continue
            }
        }
    }

    func run(_ state: inout AppState) -> Outcome {
        var outcome = Outcome()
        var lastRefresh = Desk.now()
        let watcher = ChangeWatcher()
        watcher.watch(state.desk.queuePath)
        watcher.watch(state.desk.decisionsPath)
        let refreshInterval = watcher.descriptor == nil ? Self.pollingInterval : Self.safetyInterval
        var searchTextRequested = false
        while true {
            session.paint(Screen.render(state))
            if !searchTextRequested {
                // The list is on screen: fold the text for free-text filters in the background.
                state.desk.prepareSearchText()
                searchTextRequested = true
            }
            let input = session.readInput(timeoutMilliseconds: 250, watching: watcher.descriptor)
            var effects: [Effect] = []
            switch input {
            case .watchedReadable:
                if watcher.drain() {
                    refresh(&state, quietly: true)
                    lastRefresh = Desk.now()
                }
            case .quitRequested:
                return outcome
            case .hangUp:
                outcome.hungUp = true
                return outcome
            case .timeout:
                _ = state.handle(.tick(now: Desk.now()))
            case .events(let events):
                for event in events {
                    effects += state.handle(event)
                    if case .resize = event { session.invalidate() }
                }
            }
            for effect in effects {
                switch effect {
                case .quit:
                    return outcome
                case .reload:
                    refresh(&state)
                    lastRefresh = Desk.now()
                case .record(let request):
                    outcome.recorded += record(request, into: &state)
                    lastRefresh = Desk.now()
                }
            }
            if Desk.now() - lastRefresh >= refreshInterval {
                refresh(&state, quietly: true)
                lastRefresh = Desk.now()
            }
        }
    }

    /// Appends and fsyncs, then folds; the screen shows the decision as done only after that.
    private func record(_ request: DecisionRequest, into state: inout AppState) -> Int {
        let decisions = request.decisions(reviewer: state.reviewer, osUser: OSUser.current, decidedAt: Desk.now())
        do {
            let outcome = try state.desk.record(decisions)
            _ = state.handle(.recorded(request, conflicts: outcome.conflicts))
            return outcome.written.count
        } catch {
            _ = state.handle(.recordFailed(request, message: (error as? StoreError)?.description ?? "\(error)"))
            return 0
        }
    }

    private func refresh(_ state: inout AppState, quietly: Bool = false) {
        do {
            let changes = try state.desk.refresh()
            if !quietly || !changes.isEmpty {
                _ = state.handle(.reloaded(rowsRenumbered: changes.rowsRenumbered))
            }
        } catch {
            _ = state.handle(.reloadFailed(message: (error as? StoreError)?.description ?? "\(error)"))
        }
    }
}

/// Loads a desk on its own thread so the first screen (with a progress bar) paints at once.
final class DeskLoader: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Desk, Error>?

    init(queuePath: String, decisionsPath: String, index: QueueIndexOptions, progress: LoadProgress) {
        let thread = Thread { [self] in
            let loaded = Result { try Desk(queuePath: queuePath, decisionsPath: decisionsPath, progress: progress, index: index) }
            lock.withLock { outcome = loaded }
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// The loaded desk or the error, once loading has finished.
    func result() -> Result<Desk, Error>? { lock.withLock { outcome } }
}
