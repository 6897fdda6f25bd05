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
    /// The agent already confirmed deciding a row another reviewer's screen claims.
    public var overridesClaims = false
}

/// Confirmation before a decision applies to several (tagged) submissions.
public struct BulkConfirmation: Equatable, Sendable {
    public var request: DecisionRequest
    public var targets: [Int32]
    /// Tagged rows left out because another reviewer's screen claims them.
    public var skippedClaimed = 0
}

/// Confirmation before deciding a submission that another reviewer's screen claims.
public struct ClaimConfirmation: Equatable, Sendable {
    public var kind: DecisionKind
    public var row: Int32
    public var claim: Claim
}

/// What the screen is doing besides showing the list.
public enum Mode: Equatable, Sendable {
    case browsing
    case prompt(Prompt)
    case confirm(BulkConfirmation)
    case confirmClaimed(ClaimConfirmation)
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

    /// Open requests past their deadline or close to it, for the header; kept up to date with rows.
    public internal(set) var deadlines = DeadlineSummary()
    private var deadlinesStamp: [Int] = []
    public internal(set) var view: ViewMode = .pending
    public internal(set) var filterText = ""
    public internal(set) var filter = FilterExpression.matchAll
    public internal(set) var sort = SortSpec(key: .submitted)
    /// The rows the list shows, in order.
    public internal(set) var rows: [Int32] = []
    /// The view's rows in filter and sort order, before others' claims move to the end.
    var sortedRows: [Int32] = []
    /// Others' claims as last reported, mapped onto rows.
    public internal(set) var claims: ClaimsOnScreen
    /// How many rows of the view another reviewer's screen claims.
    public internal(set) var claimedByOthersInView = 0
    public internal(set) var cursor = 0
    public internal(set) var listTop = 0
    public internal(set) var focus = Focus.list
    public internal(set) var detailScroll = 0
    public internal(set) var tags: RowSet
    public internal(set) var mode = Mode.browsing
    public internal(set) var message: StatusMessage?
    /// Decisions made in this session, newest last; `u` reopens them one by one.
    public internal(set) var undoStack: [DecisionRequest] = []
    /// Where the cursor goes once a decision on the current row is recorded.
    var advanceAfterRecord: (row: Int32, index: Int)?

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
        claims = ClaimsOnScreen(rowCount: desk.table.count)
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

    var layout: Layout { Layout(width: width, height: height) }

    /// Re-runs view, filter and sort; keeps the cursor on `row` when it is still shown.
    mutating func recomputeRows(keeping row: Int32?) {
        // Only when decisions, rows or the day changed: not on every filter keystroke.
        let stamp = [desk.ledger.entries.count, desk.table.count, Int(now / 86_400_000)]
        if stamp != deadlinesStamp {
            deadlines = DeadlineSummary(desk: desk, now: now)
            deadlinesStamp = stamp
        }
        var expression = filter
        if let statuses = view.statuses { expression.terms.append(FilterTerm(.statuses(statuses))) }
        sortedRows = desk.rows(matching: expression, sortedBy: sort)
        arrangeRows(keeping: row)
    }

    /// Orders the view's rows for others' claims (in the pending view, unclaimed rows first);
    /// keeps the cursor on `row` when it is still shown.
    mutating func arrangeRows(keeping row: Int32?) {
        if claims.hasOthers {
            let (free, _) = claims.withoutOthers(sortedRows)
            claimedByOthersInView = sortedRows.count - free.count
            rows = view == .pending && claimedByOthersInView > 0 ? free + sortedRows.filter { claims.isHeldByOthers($0) } : sortedRows
        } else {
            claimedByOthersInView = 0
            rows = sortedRows
        }
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
