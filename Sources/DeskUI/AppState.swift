import DeskCore

/// Which pane the movement keys act on.
public enum Focus: Equatable, Sendable { case list, detail }

/// A line of text typed at the bottom of the screen.
public struct Prompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        /// The reason for a rejection or the message of a verification request. `seen`: the
        /// latest decision line of each target when the prompt opened (what the reviewer saw).
        case reason(DecisionKind, targets: [Int32], seen: [Int])
        /// The filter, applied live; Esc restores `previous`.
        case filter(previous: String)
    }

    public var purpose: Purpose
    public var text: String
    /// Index into the canned replies that Tab cycles through, if one was chosen.
    public var templateIndex: Int?
    public var error: String?
}

/// Confirmation before a decision applies to several (tagged) submissions, or changes a
/// submission that is already accepted or rejected. Built by `AppState.confirmation(for:targets:)`.
public struct BulkConfirmation: Equatable, Sendable {
    /// The request for every target, hidden ones included.
    public var request: DecisionRequest
    public var targets: [Int32]
    /// Targets that the current view or filter hides; decided only once `includesHidden`.
    public var hidden: [Int32] = []
    public var includesHidden = false
    /// Whether tags are involved (several submissions), rather than one already-decided row.
    public var isBulk = true
    /// How many shown / hidden targets have each status now, indexed by `SubmissionStatus.rawValue`.
    public var shownByStatus = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
    public var hiddenByStatus = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
    /// The latest decisions of a few targets already accepted or rejected: who, what and when.
    public var alreadyDecided: [Decision] = []
}

/// What the screen is doing besides showing the list.
public enum Mode: Equatable, Sendable {
    case browsing
    case prompt(Prompt)
    case confirm(BulkConfirmation)
    case help(scroll: Int)
}

/// A line for the bottom of the screen until the next key.
public struct StatusMessage: Equatable, Sendable {
    public var text: String
    public var isError: Bool
}

/// Everything the screen shows, and nothing else: `render` is a function of this value.
public struct AppState {
    public let desk: Desk
    public let reviewer: String
    /// The queue file's name (or a description such as "bundled sample").
    public let queueLabel: String
    public let templates: ReplyTemplates
    public let cache = SubmissionCache()
    public let helpIntroduction: String

    public internal(set) var width: Int
    public internal(set) var height: Int
    /// Milliseconds since the epoch, for days-left; advanced by ticks.
    public internal(set) var now: Int64

    public internal(set) var view: ViewMode = .pending
    public internal(set) var filterText = ""
    public internal(set) var filter = FilterExpression.matchAll
    public internal(set) var sort = SortSpec(key: .submitted)
    /// The rows the list shows, in order.
    public internal(set) var rows: [Int32] = []
    public internal(set) var cursor = 0
    public internal(set) var listTop = 0
    public internal(set) var focus = Focus.list
    public internal(set) var detailScroll = 0
    public internal(set) var tags: RowSet
    /// The rows the list shows, as a set: tags outside it are hidden by the view or filter.
    public internal(set) var shownSet: RowSet
    public internal(set) var mode = Mode.browsing
    public internal(set) var message: StatusMessage?
    /// Decisions made in this session, newest last; `u` reopens them one by one.
    public internal(set) var undoStack: [DecisionRequest] = []
    /// Where the cursor goes once a decision on the current row is recorded.
    var advanceAfterRecord: (row: Int32, index: Int)?
    /// Log lines written by an undo, each mapped to the earlier line whose state it put back: a
    /// further undo counts them as that line, not as someone else's change.
    var restoredLines: [Int: Int] = [:]
    /// What the undo being recorded left out (rows changed since), said once it is recorded.
    var undoNotice: String?
    /// While a bulk decision is being recorded: the tags to keep once it is (hidden ones left out).
    var tagsKeptAfterBulk: [Int32]?

    public init(desk: Desk, reviewer: String, queueLabel: String, width: Int, height: Int, now: Int64,
                templates: ReplyTemplates = ReplyTemplates(), helpIntroduction: String = "", notice: String? = nil) {
        self.desk = desk
        self.reviewer = reviewer
        self.queueLabel = queueLabel
        self.templates = templates
        self.helpIntroduction = helpIntroduction
        self.width = width
        self.height = height
        self.now = now
        tags = RowSet(rowCount: desk.table.count, allSelected: false)
        shownSet = tags
        recomputeRows(keeping: nil)
        if let notice { message = StatusMessage(text: notice, isError: false) }
        let problems = desk.problems.count
        if problems > 0 && message == nil {
            message = StatusMessage(text: "\(problems) problem\(problems == 1 ? "" : "s") in the data files skipped; run `objection-desk check`", isError: true)
        }
    }

    /// The row under the cursor, if the list is not empty.
    public var currentRow: Int32? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    public var taggedCount: Int { tags.count }

    /// Tagged rows that the current view or filter does not show.
    public var hiddenTaggedCount: Int {
        guard tags.rowCount == shownSet.rowCount else { return 0 }
        var count = 0
        for (index, word) in tags.words.enumerated() { count += (word & ~shownSet.words[index]).nonzeroBitCount }
        return count
    }

    var layout: Layout { Layout(width: width, height: height) }

    /// Re-runs view, filter and sort; keeps the cursor on `row` when it is still shown.
    mutating func recomputeRows(keeping row: Int32?) {
        var expression = filter
        if let statuses = view.statuses { expression.terms.append(FilterTerm(.statuses(statuses))) }
        rows = desk.rows(matching: expression, sortedBy: sort)
        shownSet = RowSet(rowCount: desk.table.count, allSelected: false)
        shownSet.insert(contentsOf: rows)
        if let row, let index = rows.firstIndex(of: row) {
            cursor = index
        } else {
            cursor = min(cursor, max(0, rows.count - 1))
        }
        scrollCursorIntoView()
    }

    mutating func scrollCursorIntoView() {
        let visible = max(1, layout.listHeight)
        if cursor < listTop { listTop = cursor }
        if cursor >= listTop + visible { listTop = cursor - visible + 1 }
        listTop = max(0, min(listTop, max(0, rows.count - visible)))
    }
}
