import DeskCore

/// One decision to be written, kept compact until all are sorted by time.
struct PlannedDecision: Sendable {
    /// Unix milliseconds.
    let decidedAt: Int64
    /// Creation order, to break ties in `decidedAt` deterministically.
    let sequence: Int
    let submission: SubmissionStamp
    let kind: DecisionKind
    let reviewer: Int
    /// Index into the reviewers' logins, or `reviewers.count` for the shared login.
    let login: Int
    /// Index into the reason list for `kind`, or -1.
    let reason: Int
    /// Index into `DecisionVocabulary.notes`, or -1.
    let note: Int
}

/// Plans decision-log records for a fraction of synthetic submissions and writes them in the order
/// a log would hold them: by decision time.
///
/// Most decided submissions are accepted; some are rejected or need verification first (with a
/// reason), and a few are accepted, reopened and decided again.
struct SyntheticDecisionPlanner {
    private var rng: SplitMix64
    private let perMillion: Int
    private(set) var planned: [PlannedDecision] = []

    /// `fraction` of submissions (0...1) receive decisions.
    init(seed: UInt64, fraction: Double) {
        rng = SplitMix64(seed: seed)
        let clamped = min(max(fraction, 0), 1)
        perMillion = Int((clamped * 1_000_000).rounded())
    }

    /// Plans the decisions, if any, for one submission.
    mutating func plan(for submission: SubmissionStamp) {
        guard rng.below(1_000_000) < perMillion else { return }
        // Most requests are handled within days; the minimum of two draws skews towards early.
        let delay = min(rng.int(in: 1_800_000...3_456_000_000), rng.int(in: 1_800_000...3_456_000_000))
        var time = submission.submittedAt * 1_000 + Int64(delay)
        let scenario = rng.below(100)
        switch scenario {
        case ..<76:
            add(.accepted, at: time, submission)
        case ..<84:
            add(.rejected, at: time, submission)
        case ..<90:
            add(.verificationRequested, at: time, submission)
        case ..<96:
            add(.verificationRequested, at: time, submission)
            time += laterStep()
            add(.accepted, at: time, submission)
        default:
            add(.accepted, at: time, submission)
            time += laterStep()
            add(.reopened, at: time, submission)
            time += laterStep()
            add(rng.percent(70) ? .accepted : .rejected, at: time, submission)
        }
    }

    /// Between an hour and ten days, in milliseconds.
    private mutating func laterStep() -> Int64 {
        Int64(rng.int(in: 3_600_000...864_000_000))
    }

    private mutating func add(_ kind: DecisionKind, at time: Int64, _ submission: SubmissionStamp) {
        let reviewer = rng.below(DecisionVocabulary.reviewers.count)
        let login = rng.percent(75) ? reviewer : DecisionVocabulary.reviewers.count
        let reasons = Self.reasons(for: kind)
        let reason: Int
        if kind.requiresReason || (kind == .reopened && rng.percent(80)) {
            reason = rng.below(reasons.count)
        } else {
            reason = -1
        }
        let note = rng.percent(8) ? rng.below(DecisionVocabulary.notes.count) : -1
        planned.append(PlannedDecision(
            decidedAt: time, sequence: planned.count, submission: submission, kind: kind,
            reviewer: reviewer, login: login, reason: reason, note: note
        ))
    }

    static func reasons(for kind: DecisionKind) -> [String] {
        switch kind {
        case .accepted: []
        case .rejected: DecisionVocabulary.rejectionReasons
        case .verificationRequested: DecisionVocabulary.verificationReasons
        case .reopened: DecisionVocabulary.reopenReasons
        case .extended: ["many requests at once (Art. 12(3))"]
        }
    }

    /// The planned decisions in log order: by time, then by creation order.
    func sorted() -> [PlannedDecision] {
        planned.sorted { ($0.decidedAt, $0.sequence) < ($1.decidedAt, $1.sequence) }
    }
}

/// Pre-escaped byte strings for decision lines.
struct DecisionLineEncoder: Sendable {
    private let reviewers: [[UInt8]]
    private let logins: [[UInt8]]
    private let kinds: [[UInt8]]
    private let reasons: [[[UInt8]]]
    private let notes: [[UInt8]]

    init() {
        reviewers = DecisionVocabulary.reviewers.map { Self.quoted($0.name) }
        logins = (DecisionVocabulary.reviewers.map(\.login) + [DecisionVocabulary.sharedLogin]).map(Self.quoted)
        kinds = DecisionKind.allCases.map { Self.quoted($0.name) }
        reasons = DecisionKind.allCases.map { SyntheticDecisionPlanner.reasons(for: $0).map(Self.quoted) }
        notes = DecisionVocabulary.notes.map(Self.quoted)
    }

    private static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONObjectWriter.appendQuoted(text, to: &bytes)
        return bytes
    }

    private static let submissionKey = Array("{\"submission_id\":\"obj-".utf8)
    private static let decisionKey = Array("\",\"decision\":".utf8)
    private static let reviewerKey = Array(",\"reviewer\":".utf8)
    private static let loginKey = Array(",\"os_user\":".utf8)
    private static let timeKey = Array(",\"decided_at\":\"".utf8)
    private static let reasonKey = Array(",\"reason\":".utf8)
    private static let noteKey = Array(",\"note\":".utf8)
    private static let lineEnd = Array("}\n".utf8)

    /// Appends one decision line, fields in the documented order, with its newline.
    func append(_ decision: PlannedDecision, to out: inout [UInt8]) {
        out.append(contentsOf: Self.submissionKey)
        JSONBytes.appendDecimal(decision.submission.year, to: &out)
        out.append(UInt8(ascii: "-"))
        JSONBytes.appendDecimal(decision.submission.number, width: 7, to: &out)
        out.append(contentsOf: Self.decisionKey)
        out.append(contentsOf: kinds[Int(decision.kind.rawValue)])
        out.append(contentsOf: Self.reviewerKey)
        out.append(contentsOf: reviewers[decision.reviewer])
        out.append(contentsOf: Self.loginKey)
        out.append(contentsOf: logins[decision.login])
        out.append(contentsOf: Self.timeKey)
        CivilTime.appendRFC3339Milliseconds(utcMilliseconds: decision.decidedAt, to: &out)
        out.append(UInt8(ascii: "\""))
        if decision.reason >= 0 {
            out.append(contentsOf: Self.reasonKey)
            out.append(contentsOf: reasons[Int(decision.kind.rawValue)][decision.reason])
        }
        if decision.note >= 0 {
            out.append(contentsOf: Self.noteKey)
            out.append(contentsOf: notes[decision.note])
        }
        out.append(contentsOf: Self.lineEnd)
    }
}
