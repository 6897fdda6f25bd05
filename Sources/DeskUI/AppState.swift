import DeskStore
import DeskEngine
import DeskCore
import DeskReplies

/// Which pane the movement keys act on.
package enum Focus: Equatable, Sendable { case list, detail }

/// A line of text typed at the bottom of the screen.
package struct Prompt: Equatable, Sendable {
    package enum Purpose: Equatable, Sendable {
        /// The reason for a rejection or reopening, the message of a verification request, or
        /// (for an accept) the note. `targets` are the submissions it was opened for, whatever
        /// the list does meanwhile; `seen`: the latest decision line of each when it opened.
        case reason(DecisionKind, targets: [Int32], seen: [Int])
        /// The filter, applied live; Esc restores `previous`.
        case filter(previous: String)
        /// A search within the view, applied live from `startRow`; Esc restores `previous`.
        case search(previous: String?, startRow: Int32?)
    }

    package var purpose: Purpose
    /// The main field: the reason, message or filter, with its cursor.
    package var field: LineField
    /// The second field of a decision prompt, the internal note (^N switches to it).
    package var note = LineField()
    package var isEditingNote = false
    /// Index into the canned replies that Tab cycles through, if one was chosen.
    package var templateIndex: Int?
    /// What the agent had typed before Tab brought a canned reply: Tab cycles back to it.
    package var draft: String?
    /// Position in the history Up/Down walk (nil: not walking), and the text before walking.
    package var historyIndex: Int?
    package var historyDraft = ""
    package var error: String?
    /// The agent already confirmed deciding a row another reviewer's screen claims.
    package var overridesClaims = false

    package init(purpose: Purpose, text: String = "", templateIndex: Int? = nil, error: String? = nil,
                overridesClaims: Bool = false) {
        self.overridesClaims = overridesClaims
        self.purpose = purpose
        field = LineField(text)
        self.templateIndex = templateIndex
        self.error = error
    }

    /// The main field's text.
    package var text: String {
        get { field.text }
        set { field.replace(with: newValue) }
    }

    /// The field being edited.
    var activeField: LineField {
        get { isEditingNote ? note : field }
        set { if isEditingNote { note = newValue } else { field = newValue } }
    }

    /// The decision kind of a decision prompt.
    var decisionKind: DecisionKind? {
        if case .reason(let kind, _, _) = purpose { return kind }
        return nil
    }

    /// Which history Up and Down walk for the field being edited.
    var historyKind: PromptHistory.Kind {
        if case .search = purpose { return .search }
        guard let kind = decisionKind else { return .filter }
        if isEditingNote || kind == .accepted { return .note }
        switch kind {
        case .rejected: return .reject
        case .verificationRequested: return .verify
        default: return .reopen
        }
    }
}

/// Confirmation before a decision applies to several (tagged) submissions, or changes a
/// submission that is already accepted or rejected. Built by `AppState.confirmation(for:targets:isBulk:)`
/// and counted again by `AppState.recount(_:)` whenever the log or others' claims change, so every
/// number it shows is about the rows `y` decides now.
package struct BulkConfirmation: Equatable, Sendable {
    /// The request for every candidate, each with the latest decision line the agent saw.
    package var request: DecisionRequest
    /// Every candidate (all tagged rows, or the one row), in the request's order.
    package var targets: [Int32]
    package var includesHidden = false
    /// The reviewer's tags before `a`/`r`/`v` on a cluster made its members the tags: back once
    /// this box is answered, so no cluster's tags linger to turn the next `a` into a bulk (kept
    /// here so that they go with the box, however it closes).
    var tagsToRestore: RowSet?
    /// Whether tags are involved (several submissions), rather than one already-decided row.
    package var isBulk = true

    // Counted by `recount`:
    /// The rows `y` decides.
    package var deciding: [Int32] = []
    /// How many of `deciding` have each status now, indexed by `SubmissionStatus.rawValue`.
    package var byStatus = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
    /// Candidates that the current view or filter hides; decided only once `includesHidden`.
    package var hidden: [Int32] = []
    /// Left out because another reviewer's screen claims them, per reviewer.
    package var claimedBy: [NamedCount] = []
    /// Left out because someone decided them after the agent acted, per reviewer.
    package var decidedMeanwhileBy: [NamedCount] = []
    /// The latest decisions of a few of `deciding` that are accepted or rejected: who, what, when.
    package var alreadyDecided: [Decision] = []
    /// How many of `deciding` add words to their cluster's text (`flag:adds`), and in how many
    /// clusters those are.
    package var adding = 0
    package var addingClusters = 0
    /// Every row of `deciding` is in one and the same cluster (only then is it "the cluster").
    package var decidingOneCluster = false
}

/// "3 claimed by ben": a count of rows and whom it is about.
package struct NamedCount: Equatable, Sendable {
    package var name: String
    package var count: Int
}

/// Confirmation before deciding a submission that another reviewer's screen claims.
package struct ClaimConfirmation: Equatable, Sendable {
    package var kind: DecisionKind
    package var row: Int32
    package var claim: Claim
}

/// What the screen is doing besides showing the list.
package enum Mode: Equatable, Sendable {
    case browsing
    case prompt(Prompt)
    case confirm(BulkConfirmation)
    case confirmClaimed(ClaimConfirmation)
    /// `u` over more than one submission asks first.
    case confirmUndo(UndoConfirmation)
    /// The `?` help or the `m` message log, paged like `less`.
    case pager(Pager)
    /// A submission full screen, for long texts (`z`, or Enter in the detail pane). It stays on
    /// `row`, the submission it was opened on, even when the list's cursor moves on.
    case reader(row: Int32, scroll: Int)
    /// The clusters of near-identical justifications (`5`): one row per cluster, largest first.
    case clusters(cursor: Int)
}

/// A message and when it was shown.
package struct LoggedMessage: Equatable, Sendable {
    package var at: Int64
    package var message: StatusMessage
}

/// A line for the bottom of the screen until the next key.
package struct StatusMessage: Equatable, Sendable {
    package var text: String
    package var isError: Bool
    /// What makes the message untrue, so it is cleared then rather than left standing.
    package var lastsUntil: Staleness? = nil

    package enum Staleness: Equatable, Sendable {
        /// "finding near-identical justifications…": until they are found.
        case clustersFound
        /// "obj-1 accepted by ben 3 s ago": while that decision (line `line` of the log) is still
        /// the submission's latest; an undo or a later decision makes it untrue.
        case decisionStillLatest(id: String, line: Int)
    }
}

/// Everything the screen shows, and nothing else: `render` is a function of this value.
///
/// The desk is a value (`DeskSnapshot`) that the effect runner replaces when the files change
/// (`.deskChanged`); the full records of the rows shown are read by the runner when the state
/// asks for them (`wantedRecords`, `.loadRecords`). Nothing here reads a file.
package struct AppState {
    package internal(set) var desk: DeskSnapshot
    /// Full records of the rows the screen shows (`wantedRecords`), as the runner read them.
    package internal(set) var records = SubmissionRecords()
    package let reviewer: String
    /// The OS account this screen writes as: a claim by the same account and reviewer name is
    /// this person's other screen, and is worded so ("your other screen"), not as a teammate's.
    package var account: String?
    /// The queue file's name (or a description such as "bundled sample").
    package let queueLabel: String
    /// The decision log in use, as the header names it.
    package let logLabel: String
    package internal(set) var templates: ReplyTemplates
    /// Renders the reply the person will get, for the detail pane's preview (nil: no preview).
    package var replyRenderer: ReplyRenderer?
    package let highlighter = Highlighter()
    package let helpIntroduction: String

    package internal(set) var width: Int
    package internal(set) var height: Int
    /// Milliseconds since the epoch, for days-left; advanced by ticks.
    package internal(set) var now: Int64

    /// Open requests past their deadline or close to it, for the header; kept up to date with rows.
    package internal(set) var deadlines = DeadlineSummary()
    private var deadlinesStamp: [Int] = []
    package internal(set) var view: ViewMode = .pending
    package internal(set) var filterText = ""
    /// While the filter prompt holds text that does not parse: that text and why. The rows are
    /// still those of `filterText`, so the title must not present them as the typed filter's.
    package internal(set) var invalidFilter: (text: String, error: String)?
    package internal(set) var filter = FilterExpression.matchAll
    /// The search `n`/`N` step through, if any.
    package internal(set) var search: SearchState?
    /// The row `n` moved to, until its detail pane is scrolled to the match (its record may
    /// still be on its way).
    var searchScrollPending: Int32?
    package internal(set) var sort = SortSpec(key: .submitted)
    /// The rows the list shows, in filter and sort order (others' claims never reorder them).
    package internal(set) var rows: [Int32] = []
    /// Others' claims as last reported, mapped onto rows.
    package internal(set) var claims: ClaimsOnScreen
    /// How many rows of the view another reviewer's screen claims.
    package internal(set) var claimedByOthersInView = 0
    package internal(set) var cursor = 0
    /// The submission under the cursor as last shown: the cursor goes back to it whenever the rows
    /// are recomputed (see `Reducer+Cursor.swift`).
    var shownSubmission: ShownSubmission?
    /// Until the reviewer's first key the cursor is the screen's: others' claims may put it on the
    /// first row nobody else claims. After that it is the reviewer's and only they move it.
    var cursorPlacedByReviewer = false
    /// The list as it was when the filter prompt opened: live results keep the cursor on its
    /// submission, and Esc goes back to it.
    var placeBeforeFilterPrompt: ListPlace?
    /// The list as it was before a cluster's members were listed (`5`, Enter): Esc goes back to it.
    var placeBeforeClusterMembers: ListPlace?
    package internal(set) var listTop = 0
    package internal(set) var focus = Focus.list
    package internal(set) var detailScroll = 0
    package internal(set) var tags: RowSet
    /// The rows the list shows, as a set: tags outside it are hidden by the view or filter.
    package internal(set) var shownSet: RowSet
    package internal(set) var mode = Mode.browsing
    package internal(set) var message: StatusMessage? {
        didSet {
            // Kept for `m`: a message cut at the screen's edge, or gone with the next key, can
            // still be read in full.
            guard let message, message != oldValue, !message.text.isEmpty else { return }
            messageLog.append(LoggedMessage(at: now, message: message))
            if messageLog.count > Self.messageLogLimit { messageLog.removeFirst(messageLog.count - Self.messageLogLimit) }
        }
    }
    /// This session's messages, oldest first (at most `messageLogLimit`).
    package internal(set) var messageLog: [LoggedMessage] = []
    static let messageLogLimit = 200
    /// `5` was pressed while the clusters were still being found: open the view when they are.
    package internal(set) var opensClustersWhenReady = false
    /// The rows shown were filtered without clusters that the filter needs: filter again when
    /// they are found.
    var rowsAwaitClusters = false
    /// Rows whose records could not be read (`.recordsLoaded`): not asked for again.
    var unreadableRecords = Set<Int32>()
    /// Live filter keystrokes ask for `.evaluateFilter` instead of filtering on the spot (the app
    /// sets this; tests of the pure reducer leave it off). See `Reducer+LiveFilter.swift`.
    package var filtersInBackground = false
    /// The live filter last asked for, and the one the rows show.
    package internal(set) var filterGeneration = 0
    var appliedFilterGeneration = 0
    /// Decisions made in this session, newest last; `u` reopens them one by one.
    package internal(set) var undoStack: [DecisionRequest] = []
    /// Earlier entries of the prompts, oldest first, kept between runs by the app.
    package internal(set) var history: PromptHistory
    /// Where the cursor goes once a decision on the current row is recorded.
    var advanceAfterRecord: (row: Int32, index: Int)?
    /// Log lines written by an undo, each mapped to the earlier line whose state it put back: a
    /// further undo counts them as that line, not as someone else's change.
    var restoredLines: [Int: Int] = [:]
    /// What the undo being recorded left out (rows changed since), said once it is recorded.
    var undoNotice: String?
    /// While a bulk decision is being recorded: the tags to keep once it is (hidden ones left out).
    var tagsKeptAfterBulk: [Int32]?

    package init(desk: DeskSnapshot, reviewer: String, queueLabel: String, width: Int, height: Int, now: Int64,
                templates: ReplyTemplates = ReplyTemplates(), helpIntroduction: String = "", notice: String? = nil,
                history: PromptHistory = PromptHistory(), logLabel: String? = nil, records: SubmissionRecords = SubmissionRecords()) {
        self.records = records
        self.history = history
        self.logLabel = logLabel ?? String(desk.decisionsPath.split(separator: "/").last ?? "")
        self.desk = desk
        self.reviewer = reviewer
        self.queueLabel = queueLabel
        self.templates = templates
        self.helpIntroduction = helpIntroduction
        self.width = width
        self.height = height
        self.now = now
        tags = RowSet(rowCount: desk.table.count, allSelected: false)
        claims = ClaimsOnScreen(rowCount: desk.table.count)
        shownSet = tags
        recomputeRows(.ownWork)
        if let notice {
            message = StatusMessage(text: notice, isError: false)
            messageLog = [LoggedMessage(at: now, message: StatusMessage(text: notice, isError: false))]  // didSet does not run in init
        }
        let problems = desk.problemCount
        if problems > 0 && message == nil {
            message = StatusMessage(text: "\(problems) problem\(problems == 1 ? "" : "s") in the data files skipped; run `objection-desk check`", isError: true)
        }
    }

    /// The row under the cursor, if the list is not empty.
    package var currentRow: Int32? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    package var taggedCount: Int { tags.count }

    /// Whether the current view and filter show `row`.
    func isShown(_ row: Int32) -> Bool { Int(row) < shownSet.rowCount && shownSet.contains(Int(row)) }

    /// Tagged rows that the current view or filter does not show.
    package var hiddenTaggedCount: Int {
        guard tags.rowCount == shownSet.rowCount else { return 0 }
        var count = 0
        for (index, word) in tags.words.enumerated() { count += (word & ~shownSet.words[index]).nonzeroBitCount }
        return count
    }

    var layout: Layout { Layout(width: width, height: height) }

    /// Re-runs view, filter and sort; the cursor stays on its submission (`arrangeRows`).
    mutating func recomputeRows(_ change: RowsChange, from reference: ListPlace? = nil) {
        // Only when decisions, rows or the day changed: not on every filter keystroke.
        let stamp = [desk.ledger.entries.count, desk.table.count, Int(now / 86_400_000)]
        if stamp != deadlinesStamp {
            deadlines = DeadlineSummary(desk: desk, now: now)
            deadlinesStamp = stamp
        }
        let expression = viewExpression
        rowsAwaitClusters = DeskSnapshot.needsClusters(expression) && !desk.hasClusters
        show(desk.rows(matching: expression, sortedBy: sort, now: now), change, from: reference)
        appliedFilterGeneration = filterGeneration  // a live result still under way would be older
    }

    /// Shows `sorted` (the view's rows in order); the cursor stays on its submission.
    mutating func show(_ sorted: [Int32], _ change: RowsChange, from reference: ListPlace? = nil) {
        let before = reference ?? place
        rows = sorted
        shownSet = RowSet(rowCount: desk.table.count, allSelected: false)
        shownSet.insert(contentsOf: rows)
        countClaimedByOthersInView()
        placeCursor(after: change, from: before)
    }

    /// The view's filter expression: the typed filter and the view's statuses.
    var viewExpression: FilterExpression {
        var expression = filter
        if let statuses = view.statuses { expression.terms.append(FilterTerm(.statuses(statuses))) }
        return expression
    }

    mutating func countClaimedByOthersInView() {
        claimedByOthersInView = claims.hasOthers ? claims.withoutOthers(rows).skipped : 0
    }

    mutating func scrollCursorIntoView() {
        let visible = max(1, layout.listHeight)
        if cursor < listTop { listTop = cursor }
        if cursor >= listTop + visible { listTop = cursor - visible + 1 }
        listTop = max(0, min(listTop, max(0, rows.count - visible)))
    }
}
