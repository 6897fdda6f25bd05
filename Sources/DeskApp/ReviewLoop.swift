import DeskStore
import DeskEngine
import DeskCore
import DeskUI
import Foundation

/// The review screen's effect runner: wires the pure app (reduce + render over a `DeskSnapshot`)
/// to a screen and the files. It reads input, hands every event to the state and runs the
/// effects the state asks for (append decisions, reload, find clusters, read the records shown,
/// evaluate live filters), hands the state a new snapshot whenever the desk changed, keeps this
/// screen's claim (`ClaimKeeper`), paints, and refreshes from disk while idle.
///
/// It owns the `Desk`; the state only ever sees snapshots of it. Everything runs on the thread
/// that calls `run`, except what `BackgroundTask`s do (live filters, clusters, the folded text).
package final class ReviewLoop {
    package struct Outcome: Equatable, Sendable {
        package var recorded = 0
        package var hungUp = false

        package init() {}
    }

    package let desk: Desk
    let screen: any ReviewScreen
    /// This screen's claim and others' (nil: claims are not shared).
    let claims: ClaimKeeper?
    /// Where confirmed prompt entries are kept between runs (nil: nowhere).
    let historyFile: PromptHistoryFile?
    /// Evaluates live filters off this thread, so each key is handled and painted at once.
    let filterRunner = FilterRunner()
    /// What wakes the screen when others change the desk (nil: inotify on the files).
    package var changeSignal: (any ChangeSignal)?
    /// What the run has done so far.
    package private(set) var outcome = Outcome()
    private var lastRefresh: Int64 = 0
    /// The last refresh failed because the database could not be reached: the next one that
    /// works says so, or "database unreachable, retrying" would stay on the bottom line.
    private var databaseUnreachable = false
    /// The clock (milliseconds since the epoch); tests set their own.
    let clock: @Sendable () -> Int64

    /// Without inotify, idle refreshes at this interval make others' work appear within a second.
    static let pollingInterval: Int64 = 1_000
    /// With inotify, changes wake the loop at once; this slow refresh only covers what inotify
    /// cannot see (a log on NFS written from another host).
    static let safetyInterval: Int64 = 5_000
    /// Repaint at least this often while idle, for the clock.
    static let repaintInterval: Int64 = 1_000
    /// How far the clock may lag behind before the state is told the time.
    static let clockStep: Int64 = 100

    package init(desk: Desk, screen: any ReviewScreen, claims: ClaimKeeper? = nil, historyFile: PromptHistoryFile? = nil,
                clock: @escaping @Sendable () -> Int64 = { WallClock.now() }) {
        self.desk = desk
        self.screen = screen
        self.claims = claims
        self.historyFile = historyFile
        self.clock = clock
    }

    /// Loads the desk on a background thread while showing progress; nil when the agent quit.
    package static func load(queuePath: String, decisionsPath: String, label: String, index: DerivedFileOptions,
                            screen: any ReviewScreen, mapping: SubmittedAtMapping? = nil) throws -> Desk? {
        try load(label: label, screen: screen) { progress in
            try Desk(queuePath: queuePath, decisionsPath: decisionsPath, progress: progress, mapping: mapping, index: index)
        }
    }

    /// Runs `open` on a background thread while showing its progress; nil when the agent quit.
    package static func load<Opened>(label: String, screen: any ReviewScreen,
                                     open: sending @escaping (LoadProgress) throws -> Opened) throws -> Opened? {
        let progress = LoadProgress()
        // On its own thread, so the first screen (with a progress bar) paints at once.
        let loader = BackgroundTask(stackSize: 4 << 20) { Result { try open(progress) } }
        while true {
            if let result = loader.takeIfFinished() { return try result.get() }
            screen.paint(Screen.loading(width: screen.width, height: screen.height, queueLabel: label, fraction: progress.fraction))
            switch screen.readInput(timeoutMilliseconds: 50, watching: nil) {
            case .quitRequested, .hangUp: return nil
            case .events(let events) where events.contains(.key(.character("q"))) || events.contains(.key(.control("c"))): return nil
            default: continue
            }
        }
    }

    /// Runs the screen until the agent quits or the terminal goes away.
    package func run(_ state: inout AppState) -> Outcome {
        lastRefresh = clock()
        // Quitting, Ctrl-C, SIGTERM and a hang-up all end here: the claim goes with the screen.
        defer { claims?.release() }
        start(&state)
        // inotify on the files' directories (and the claims directory) wakes the loop at once.
        let watcher = ChangeWatcher()
        watcher.watch(desk.queuePath)
        watcher.watch(desk.decisionsPath)
        if let claimsDirectory = claims?.watchPath { watcher.watch(claimsDirectory, isDirectory: true) }
        // A database desk is woken by its LISTEN connection instead of inotify.
        let signal: any ChangeSignal = changeSignal ?? watcher
        var searchTextRequested = false
        var searchTextSaved = false
        var needsPaint = true
        var lastPaint: Int64 = 0
        while true {
            // Idle wakeups (others' claims are read every 100 ms) repaint only when something
            // changed, or once a second for the clock.
            if needsPaint || clock() - lastPaint >= Self.repaintInterval {
                screen.paint(Screen.render(state))
                lastPaint = clock()
            }
            if !searchTextRequested {
                // The list is on screen: fold the text for free-text filters and find the
                // clusters (from their saved copy when valid) in the background.
                desk.prepareSearchText()
                searchTextRequested = true
            }
            if !desk.hasClusters && !desk.isFindingClusters {
                desk.prepareClusters()
                deliverDesk(&state)
            }
            // Others' claims must show within the live-update delay (200 ms).
            // A live filter under way is looked for every few milliseconds, so its rows show as
            // soon as they are there.
            let idleWait = claims == nil ? 250 : Int(ClaimKeeper.readInterval)
            let input = screen.readInput(timeoutMilliseconds: filterRunner.isBusy ? 3 : idleWait, watching: signal.descriptor)
            // The clock moves on whatever woke the loop: with another screen's claims waking it
            // every 100 ms, or keys, an idle timeout may never come, and "accepted by ben 15 s ago"
            // read "0 s ago".
            let current = clock()
            if current - state.now >= Self.clockStep { _ = dispatch(.tick(now: current), into: &state) }
            var stateChanged = true
            var claimsTouched = false
            switch input {
            case .watchedReadable:
                stateChanged = false
                if signal.drain() {
                    stateChanged = refresh(&state, quietly: true)
                    claimsTouched = true
                }
            case .quitRequested:
                return outcome
            case .hangUp:
                outcome.hungUp = true
                return outcome
            case .timeout:
                stateChanged = false
            case .events(let events):
                if events.contains(where: \.isActivity) { claims?.keystroke(at: clock()) }
                // One event at a time, its effects run before the next: a key typed ahead acts on
                // what the previous one left (two quick `a` decide two rows, not one row twice).
                for event in events {
                    if case .resize = event { screen.invalidate() }
                    if dispatch(event, into: &state) { return outcome }
                }
            }
            if !searchTextSaved && desk.isSearchTextReady {
                desk.saveSearchTextIfUseful()  // the next start maps it instead of folding
                searchTextSaved = true
            }
            if pollBackgroundWork(&state) { stateChanged = true }
            if clock() - lastRefresh >= (signal.descriptor == nil ? Self.pollingInterval : Self.safetyInterval) {
                _ = signal.maintain()
                stateChanged = refresh(&state, quietly: true) || stateChanged
            }
            let claimsChanged = claims?.sync(&state, now: clock(), stateChanged: stateChanged, force: claimsTouched) ?? false
            if claimsChanged { loadRecords(&state) }
            needsPaint = stateChanged || claimsChanged
        }
    }

    /// What happens once before the first key: the state learns this screen's claims, shared sort
    /// orders start building, live filters go to the background, and the records shown are read.
    package func start(_ state: inout AppState) {
        claims?.sync(&state, now: clock(), stateChanged: true, force: true)
        desk.prepareSortOrders()
        state.filtersInBackground = true
        loadRecords(&state)
    }

    /// Hands `event` to the state and runs the effects it asks for, then reads the records it now
    /// shows; returns true when the screen should close.
    @discardableResult
    package func dispatch(_ event: AppEvent, into state: inout AppState) -> Bool {
        let quit = perform(state.handle(event), on: &state)
        loadRecords(&state)
        return quit
    }

    /// Takes what background work finished: live filter results and clusters. Returns whether the
    /// state was told of anything.
    @discardableResult
    package func pollBackgroundWork(_ state: inout AppState) -> Bool {
        var changed = false
        if let result = filterRunner.takeResult() {
            _ = dispatch(.filterEvaluated(generation: result.generation, rows: result.rows), into: &state)
            changed = true
        }
        if desk.collectClusters() {
            deliverDesk(&state)
            _ = dispatch(.clustersReady, into: &state)  // the list gains the viral and adds flags
            changed = true
        }
        return changed
    }

    /// Runs the effects of one event; returns true when the screen should close.
    private func perform(_ effects: [Effect], on state: inout AppState) -> Bool {
        for case .evaluateFilter in effects {
            if let job = state.filterJob() { filterRunner.submit(job) }
        }
        for effect in effects {
            switch effect {
            case .quit:
                return true
            case .reload:
                refresh(&state)
            case .redraw:
                screen.invalidate()
            case .remember(let kind, let text):
                historyFile?.append(text, to: kind.rawValue)
            case .evaluateFilter:
                break  // submitted above
            case .findClusters:
                desk.prepareClusters()
                deliverDesk(&state)
            case .loadRecords(let rows):
                loadRecords(rows, into: &state)
            case .record(let request):
                outcome.recorded += record(request, into: &state)
            }
        }
        return false
    }

    /// Tells the state about the desk as it is now, if it changed since the state last heard.
    private func deliverDesk(_ state: inout AppState) {
        let snapshot = desk.snapshot
        if snapshot != state.desk { _ = state.handle(.deskChanged(snapshot)) }
    }

    /// Reads the records the state shows but lacks (`AppState.recordRequests`).
    private func loadRecords(_ state: inout AppState) {
        for case .loadRecords(let rows) in state.recordRequests() { loadRecords(rows, into: &state) }
    }

    private func loadRecords(_ rows: [Int32], into state: inout AppState) {
        var loaded: [Int32: Submission] = [:]
        for row in rows where Int(row) < desk.table.count {
            if let submission = try? desk.submission(at: Int(row)) { loaded[row] = submission }
        }
        _ = state.handle(.recordsLoaded(loaded, requested: rows, rowNumbering: desk.rowNumbering))
    }

    /// Appends and fsyncs, then folds; the screen shows the decision as done only after that.
    private func record(_ request: DecisionRequest, into state: inout AppState) -> Int {
        defer { lastRefresh = clock() }
        if let refusal = claims?.refusal(of: request, now: clock()) {
            _ = dispatch(.recordFailed(request, message: refusal), into: &state)
            claims?.sync(&state, now: clock(), stateChanged: true, force: true)
            return 0
        }
        let decisions = request.decisions(reviewer: state.reviewer, osUser: OSUser.current, decidedAt: clock())
        // A writer waiting for another's lock says so on the bottom line at once (the loop is
        // inside the append until it gets the lock or gives up).
        let log = desk.log as? DecisionLog
        var waitingView = state
        let screen = self.screen
        log?.lockWait.onWaiting = { notice in
            _ = waitingView.handle(.waiting(message: notice))
            screen.paint(Screen.render(waitingView))
        }
        defer { log?.lockWait.onWaiting = nil }
        // A store that checks claims in its own transaction skips that check for a confirmed override.
        let checking = desk.log as? any ClaimCheckingStore
        let checkedBefore = checking?.checksClaims
        if request.overridesClaims { checking?.checksClaims = false }
        defer { if let checkedBefore { checking?.checksClaims = checkedBefore } }
        do {
            let outcome = try desk.record(decisions)
            deliverDesk(&state)
            _ = dispatch(.recorded(request, conflicts: outcome.conflicts), into: &state)
            return outcome.written.count
        } catch {
            deliverDesk(&state)
            _ = dispatch(.recordFailed(request, message: FailureWording.describe(error)), into: &state)
            return 0
        }
    }

    /// Reads what both files gained; returns whether the state was told of a change.
    @discardableResult
    private func refresh(_ state: inout AppState, quietly: Bool = false) -> Bool {
        lastRefresh = clock()
        do {
            let changes = try desk.refresh()
            deliverDesk(&state)
            let wasUnreachable = databaseUnreachable
            databaseUnreachable = false
            if !quietly || !changes.isEmpty || wasUnreachable {
                _ = dispatch(.reloaded(rowsRenumbered: changes.rowsRenumbered), into: &state)
                if wasUnreachable { _ = dispatch(.waiting(message: "database reachable again; caught up"), into: &state) }
                return true
            }
            return false
        } catch {
            databaseUnreachable = (error as? any RemoteStoreFailure)?.isUnreachable ?? false
            deliverDesk(&state)
            _ = dispatch(.reloadFailed(message: FailureWording.describe(error)), into: &state)
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
