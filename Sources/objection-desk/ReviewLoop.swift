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
    /// This screen's claim and others' (nil: claims are not shared).
    var claims: ClaimKeeper?
    /// Where confirmed prompt entries are kept between runs (nil: nowhere).
    var historyFile: PromptHistoryFile?
    /// Evaluates live filters off this thread, so each key is handled and painted at once.
    let filterRunner = FilterRunner()
    /// Without inotify, idle refreshes at this interval make others' work appear within a second.
    static let pollingInterval: Int64 = 1_000
    /// With inotify, changes wake the loop at once; this slow refresh only covers what inotify
    /// cannot see (a log on NFS written from another host).
    static let safetyInterval: Int64 = 5_000
    /// Repaint at least this often while idle, for the clock.
    static let repaintInterval: Int64 = 1_000

    /// Loads the desk on a background thread while showing progress; nil when the agent quit.
    static func load(queuePath: String, decisionsPath: String, label: String, index: QueueIndexOptions,
                     session: TerminalSession, mapping: SubmittedAtMapping? = nil) throws -> Desk? {
        let progress = LoadProgress()
        // On its own thread, so the first screen (with a progress bar) paints at once.
        let loader = BackgroundTask(stackSize: 4 << 20) {
            Result { try Desk(queuePath: queuePath, decisionsPath: decisionsPath, progress: progress, mapping: mapping, index: index) }
        }
        while true {
            if let result = loader.takeIfFinished() { return try result.get() }
            session.paint(Screen.loading(width: session.width, height: session.height, queueLabel: label, fraction: progress.fraction))
            switch session.readInput(timeoutMilliseconds: 50) {
            case .quitRequested, .hangUp: return nil
            case .events(let events) where events.contains(.key(.character("q"))) || events.contains(.key(.control("c"))): return nil
            default: continue
            }
        }
    }

    func run(_ state: inout AppState) -> Outcome {
        var outcome = Outcome()
        var lastRefresh = WallClock.now()
        // Quitting, Ctrl-C, SIGTERM and a hang-up all end here: the claim goes with the screen.
        defer { claims?.release() }
        claims?.sync(&state, now: WallClock.now(), stateChanged: true, force: true)
        // inotify on the files' directories (and the claims directory) wakes the loop at once.
        let watcher = ChangeWatcher()
        watcher.watch(state.desk.queuePath)
        watcher.watch(state.desk.decisionsPath)
        if let claimsDirectory = claims?.watchPath { watcher.watch(claimsDirectory, isDirectory: true) }
        let refreshInterval = watcher.descriptor == nil ? Self.pollingInterval : Self.safetyInterval
        state.desk.prepareSortOrders()
        state.filtersInBackground = true
        var searchTextRequested = false
        var searchTextSaved = false
        var needsPaint = true
        var lastPaint: Int64 = 0
        while true {
            // Idle wakeups (others' claims are read every 100 ms) repaint only when something
            // changed, or once a second for the clock.
            if needsPaint || WallClock.now() - lastPaint >= Self.repaintInterval {
                session.paint(Screen.render(state))
                lastPaint = WallClock.now()
            }
            if !searchTextRequested {
                // The list is on screen: fold the text for free-text filters and find the
                // clusters (from their saved copy when valid) in the background.
                state.desk.prepareSearchText()
                searchTextRequested = true
            }
            if !state.desk.hasClusters { state.desk.prepareClusters() }
            // Others' claims must show within the live-update delay (200 ms).
            // A live filter under way is looked for every few milliseconds, so its rows show as
            // soon as they are there.
            let idleWait = claims == nil ? 250 : Int(ClaimKeeper.readInterval)
            let input = session.readInput(timeoutMilliseconds: filterRunner.isBusy ? 3 : idleWait, watching: watcher.descriptor)
            var stateChanged = true
            var claimsTouched = false
            switch input {
            case .watchedReadable:
                stateChanged = false
                if watcher.drain() {
                    stateChanged = refresh(&state, quietly: true)
                    lastRefresh = WallClock.now()
                    claimsTouched = true
                }
            case .quitRequested:
                return outcome
            case .hangUp:
                outcome.hungUp = true
                return outcome
            case .timeout:
                _ = state.handle(.tick(now: WallClock.now()))
                stateChanged = false
            case .events(let events):
                if events.contains(where: \.isActivity) { claims?.keystroke(at: WallClock.now()) }
                // One event at a time, its effects run before the next: a key typed ahead acts on
                // what the previous one left (two quick `a` decide two rows, not one row twice).
                for event in events {
                    let effects = state.handle(event)
                    if case .resize = event { session.invalidate() }
                    if perform(effects, on: &state, outcome: &outcome, lastRefresh: &lastRefresh) { return outcome }
                }
            }
            if !searchTextSaved && state.desk.isSearchTextReady {
                state.desk.saveSearchTextIfUseful()  // the next start maps it instead of folding
                searchTextSaved = true
            }
            if let result = filterRunner.takeResult() {
                _ = state.handle(.filterEvaluated(generation: result.generation, rows: result.rows))
                stateChanged = true
            }
            if state.desk.collectClusters() {
                _ = state.handle(.clustersReady)  // the list gains the viral and adds flags
                stateChanged = true
            }
            if WallClock.now() - lastRefresh >= refreshInterval {
                stateChanged = refresh(&state, quietly: true) || stateChanged
                lastRefresh = WallClock.now()
            }
            let claimsChanged = claims?.sync(&state, now: WallClock.now(), stateChanged: stateChanged, force: claimsTouched) ?? false
            needsPaint = stateChanged || claimsChanged
        }
    }

    /// Runs the effects of one event; returns true when the screen should close.
    private func perform(_ effects: [Effect], on state: inout AppState, outcome: inout Outcome, lastRefresh: inout Int64) -> Bool {
        for case .evaluateFilter in effects {
            if let job = state.filterJob() { filterRunner.submit(job) }
        }
        for effect in effects {
            switch effect {
            case .quit:
                return true
            case .reload:
                refresh(&state)
                lastRefresh = WallClock.now()
            case .redraw:
                session.invalidate()
            case .remember(let kind, let text):
                historyFile?.append(text, to: kind.rawValue)
            case .evaluateFilter:
                break  // submitted above
            case .record(let request):
                outcome.recorded += record(request, into: &state)
                lastRefresh = WallClock.now()
            }
        }
        return false
    }

    /// Appends and fsyncs, then folds; the screen shows the decision as done only after that.
    private func record(_ request: DecisionRequest, into state: inout AppState) -> Int {
        if let refusal = claims?.refusal(of: request, now: WallClock.now()) {
            _ = state.handle(.recordFailed(request, message: refusal))
            claims?.sync(&state, now: WallClock.now(), stateChanged: true, force: true)
            return 0
        }
        let decisions = request.decisions(reviewer: state.reviewer, osUser: OSUser.current, decidedAt: WallClock.now())
        // A writer waiting for another's lock says so on the bottom line at once (the loop is
        // inside the append until it gets the lock or gives up).
        let log = state.desk.log as? DecisionLog
        var waitingView = state
        log?.lockWait.onWaiting = { [session] notice in
            _ = waitingView.handle(.waiting(message: notice))
            session.paint(Screen.render(waitingView))
        }
        defer { log?.lockWait.onWaiting = nil }
        do {
            let outcome = try state.desk.record(decisions)
            _ = state.handle(.recorded(request, conflicts: outcome.conflicts))
            return outcome.written.count
        } catch {
            _ = state.handle(.recordFailed(request, message: (error as? StoreError)?.description ?? "\(error)"))
            return 0
        }
    }

    /// Reads what both files gained; returns whether the state was told of a change.
    @discardableResult
    private func refresh(_ state: inout AppState, quietly: Bool = false) -> Bool {
        do {
            let changes = try state.desk.refresh()
            if !quietly || !changes.isEmpty {
                _ = state.handle(.reloaded(rowsRenumbered: changes.rowsRenumbered))
                return true
            }
            return false
        } catch {
            _ = state.handle(.reloadFailed(message: (error as? StoreError)?.description ?? "\(error)"))
            return true
        }
    }
}

extension AppEvent {
    /// A key or a paste: the reviewer is at work, which keeps their claim alive.
    var isActivity: Bool {
        switch self {
        case .key, .paste: true
        default: false
        }
    }
}
