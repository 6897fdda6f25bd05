import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import DeskReplies
import Foundation

struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a decision for submissions named by id or selected by a filter.",
        discussion: """
        Rejections and verification requests need --reason (GDPR Art. 12(4): a refusal gives \
        reasons) or --reason-code, a canned reason from Resources/reasons.json: its English text \
        becomes the reason unless --reason is given too, and the reply to the person gives its \
        text in their language. Extensions need --reason or --reason-code too (complex_request, \
        many_requests: GDPR Art. 12(3)); reopenings need --reason. --filter selects pending and awaiting-verification submissions unless it names \
        a status (an empty --filter is refused); the number of matching submissions is shown by \
        status and confirmation is asked unless --yes. Changing a submission that is already \
        accepted or rejected names who decided it, what and when, and asks too. Unknown ids are an error and nothing is written. All decisions of one \
        command are appended in one write and fsynced before the command reports success. \
        A decision that another reviewer made (accepted or rejected) is not changed without \
        --override; rows another reviewer's open screen claims are refused without --force; \
        rows that someone decides while this command runs are skipped and named (exit 1).
        """)

    enum Verb: String, ExpressibleByArgument, CaseIterable {
        case accept, reject, verify, reopen, extend

        var kind: DecisionKind {
            switch self {
            case .accept: .accepted
            case .reject: .rejected
            case .verify: .verificationRequested
            case .reopen: .reopened
            case .extend: .extended
            }
        }
    }

    @OptionGroup var files: FileOptions

    @Argument(help: "accept, reject, verify, reopen (back to pending, to correct a decision) or extend (the answer deadline, by two further months, once).")
    var verb: Verb

    @Argument(help: "Submission ids.")
    var ids: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Decide every submission matching this filter.", valueName: "expr"))
    var filter: String?

    @Option(parsing: .unconditional, help: "Why (required for reject and verify; for verify, the message to send).")
    var reason: String?

    @Option(help: ArgumentHelp("A canned reason for reject or verify (Resources/reasons.json); an unknown code lists the known ones.", valueName: "code"))
    var reasonCode: String?

    @Option(parsing: .unconditional, help: "An internal note kept with the decision.")
    var note: String?

    @Option(help: ArgumentHelp("Your name in the log (default: your login name).", valueName: "name"))
    var reviewer: String?

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Change decisions that another reviewer made (accepted or rejected).")
    var override = false

    @Flag(help: "Decide even submissions that another reviewer's open screen claims.")
    var force = false

    func validate() throws {
        if ids.isEmpty && filter == nil { throw ValidationError("name submission ids or pass --filter") }
        if !ids.isEmpty && filter != nil { throw ValidationError("pass either ids or --filter, not both") }
        if let filter, filter.allSatisfy(\.isWhitespace) {
            // An empty shell variable ("--filter $F") must never select the whole queue.
            throw ValidationError("--filter is empty: it would select every submission; give an expression (e.g. status:pending) or ids")
        }
        if reasonCode != nil && ReasonCatalog.Kind(verb.kind) == nil {
            throw ValidationError("--reason-code applies to reject, verify and extend only")
        }
        if (verb.kind.requiresReason || verb == .reopen) && reasonCode == nil && (reason ?? "").allSatisfy(\.isWhitespace) {
            throw ValidationError("\(verb.rawValue) needs --reason\(ReasonCatalog.Kind(verb.kind) == nil ? "" : " or --reason-code")")
        }
        if let reviewer, reviewer.allSatisfy(\.isWhitespace) { throw ValidationError("--reviewer must not be empty") }
    }

    func run() throws {
        let reason = try resolvedReason()
        let expression = verb == .reopen ? Self.limitedToReopenable(try QueryOptions.filter(filter))
            : Self.limitedToOpen(try QueryOptions.filter(filter))
        let desk = try files.openDesk()
        let now = WallClock.now()  // what the filter and the checks count days from (records are stamped when written)
        let rows: [Int32]
        if filter != nil {
            rows = CommandProgress.selectingRows(desk) { desk.rows(matching: expression, now: now) }
        } else {
            let table = desk.table
            let unknown = ids.filter { table.row(forID: $0) == nil }
            guard unknown.isEmpty else {
                let shown = unknown.map { TerminalSafety.sanitize($0).text }.joined(separator: ", ")
                throw CLIFailure(message: "unknown submission id\(unknown.count == 1 ? "" : "s"): \(shown); nothing was written")
            }
            rows = ids.map { Int32(table.row(forID: $0)!) }
            let pending = rows.filter { desk.status(of: Int($0)) == .pending }
            if verb == .reopen && !pending.isEmpty {
                let shown = pending.prefix(5).map { TerminalSafety.sanitize(desk.table.id(Int($0))).text }.joined(separator: ", ")
                throw CLIFailure(message: "nothing to reopen: \(shown) \(pending.count == 1 ? "is" : "are") pending; nothing was written")
            }
        }
        guard !rows.isEmpty else {
            FileHandle.standardError.write("objection-desk: no submission matches; nothing was written\n")
            return
        }
        let me = reviewer ?? OSUser.current
        if let database = desk.log as? DatabaseDecisionStore {
            // Claims are checked again inside the decision's transaction, with the rows locked.
            database.claimant = DatabaseSession.holder(reviewer: me)
            database.checksClaims = !force
        }
        if verb == .extend { try refuseImpossibleExtensions(rows: rows, desk: desk, now: now) }
        if !override { try refuseOverwritingOthers(rows: rows, desk: desk, me: me, now: now) }
        if !force { try refuseClaimedRows(rows, desk: desk) }
        // A reopening by id is a correction made on purpose: it needs no second question.
        let decided = verb == .reopen ? [] : rows.filter { [.accepted, .rejected].contains(desk.status(of: Int($0))) }
        if !yes && (filter != nil || !decided.isEmpty) { try confirm(rows: rows, decided: decided, desk: desk, now: now) }
        // A second look at each row's line, just before writing: a row whose line no longer says
        // what was matched (the queue was rewritten meanwhile, or a derived file was wrong) is
        // skipped and named, never decided on what the file used to say.
        let recheck = desk.recheck(rows, comparingFacts: filter != nil)
        let chosen = recheck.unchanged
        // What this run saw is what it decides on: rows others decide meanwhile are skipped.
        let planned = zip(desk.decisions(verb.kind, rows: chosen, reviewer: me, reason: reason, note: note, reasonCode: reasonCode, at: WallClock.now()), chosen).map {
            PlannedDecision($0, expectedLatestLine: desk.latestLine(of: Int($1)))
        }
        let outcome: RecordOutcome
        do {
            outcome = planned.isEmpty ? RecordOutcome() : try desk.record(planned)
        } catch let error as StoreError {
            throw CLIFailure(message: error.description)
        }
        let written = outcome.written.count
        if written > 0 {
            FileHandle.standardError.write("objection-desk: \(DecisionWording.decided(verb.kind, count: written)); recorded in \(Shown.path(desk.decisionsPath))\n")
        }
        guard recheck.changed.isEmpty else {
            let lines = recheck.changed.prefix(5).map { "  \(TerminalSafety.sanitize($0.id).text): \($0.reason)" }
            let more = recheck.changed.count > 5 ? ["  … and \(recheck.changed.count - 5) more"] : []
            throw CLIFailure(message: "\(recheck.changed.count) of \(rows.count) changed in \(Shown.path(desk.queuePath)) since it was read: skipped (nothing written for them)\n"
                             + (lines + more).joined(separator: "\n"), exitCode: 1)
        }
        guard outcome.conflicts.isEmpty else {
            let lines = outcome.conflicts.prefix(5).map { "  \(Self.describe($0.submissionID, $0.latest, now: WallClock.now()))" }
            let more = outcome.conflicts.count > 5 ? ["  … and \(outcome.conflicts.count - 5) more"] : []
            throw CLIFailure(message: "\(outcome.conflicts.count) of \(rows.count) were decided by someone else meanwhile: skipped (nothing written for them)\n"
                             + (lines + more).joined(separator: "\n"), exitCode: 1)
        }
    }

    /// The reason to record: --reason as given, else the English text of --reason-code. An unknown
    /// code, or one for the other prompt, is a usage error that lists the codes that fit.
    private func resolvedReason() throws -> String? {
        guard let reasonCode, let kind = ReasonCatalog.Kind(verb.kind) else { return reason }
        let catalog: ReasonCatalog
        do {
            catalog = try ReasonCatalog.bundled()
        } catch {
            throw CLIFailure(message: "cannot load the reason codes: \(error.description)")
        }
        guard let entry = catalog.reason(code: reasonCode), entry.kind == kind else {
            let fitting = catalog.reasons(for: verb.kind)
            let width = fitting.map(\.code.count).max() ?? 0
            let known = fitting.map { "  \($0.code.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.label(in: .en))" }
            throw CLIFailure(message: "unknown reason code \"\(TerminalSafety.sanitize(reasonCode).text)\" for \(verb.rawValue); nothing was written. Codes:\n"
                             + known.joined(separator: "\n"))
        }
        return reason.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 } ?? entry.text(in: .en)
    }

    /// GDPR Art. 12(3): once, for an open request, within its first month (`ExtensionPolicy`).
    private func refuseImpossibleExtensions(rows: [Int32], desk: Desk, now: Int64) throws {
        let (table, ledger) = (desk.table, desk.ledger)
        let refusals = rows.compactMap { row -> String? in
            ledger.extensionRefusal(ofRow: Int(row), in: table, now: now).map { "\(TerminalSafety.sanitize(table.id(Int(row))).text): \($0.reason)" }
        }
        guard !refusals.isEmpty else { return }
        let shown = refusals.prefix(5).map { "  " + $0 } + (refusals.count > 5 ? ["  … and \(refusals.count - 5) more"] : [])
        throw CLIFailure(message: "cannot extend \(refusals.count) of \(rows.count); nothing was written:\n" + shown.joined(separator: "\n"))
    }

    /// Refuses, before writing anything, to change an accept or reject that another reviewer made.
    private func refuseOverwritingOthers(rows: [Int32], desk: Desk, me: String, now: Int64) throws {
        let others = rows.compactMap { row -> String? in
            let index = desk.ledger.latest[Int(row)]
            guard index >= 0 else { return nil }
            let latest = desk.ledger.decision(at: Int(index), table: desk.table)
            guard latest.kind == .accepted || latest.kind == .rejected, latest.reviewer != me else { return nil }
            return Self.describe(latest.submissionID, latest, now: now)
        }
        guard !others.isEmpty else { return }
        let shown = others.prefix(5).map { "  " + $0 } + (others.count > 5 ? ["  … and \(others.count - 5) more"] : [])
        throw CLIFailure(message: "refusing to change \(others.count) decision\(others.count == 1 ? "" : "s") made by another reviewer; nothing was written (pass --override to change them):\n"
                         + shown.joined(separator: "\n"))
    }

    /// "obj-1: rejected by ben at 2026-11-23 21:55:16 UTC (4 min ago)".
    static func describe(_ id: String, _ latest: Decision?, now: Int64) -> String {
        let subject = TerminalSafety.sanitize(id).text
        guard let latest else { return "\(subject): its history changed (the log was read again)" }
        return "\(subject): " + DecisionWording.prior(latest, now: now, seconds: true)
    }

    /// `--filter` decides open submissions (pending, awaiting verification) unless it names a status.
    static func limitedToOpen(_ expression: FilterExpression) -> FilterExpression {
        guard !namesStatus(expression) else { return expression }
        var limited = expression
        limited.terms.append(FilterTerm(.statuses(SubmissionStatus.open)))
        return limited
    }

    /// `decide reopen --filter` reopens answered submissions unless the filter names a status.
    static func limitedToReopenable(_ expression: FilterExpression) -> FilterExpression {
        guard !namesStatus(expression) else { return expression }
        var limited = expression
        limited.terms.append(FilterTerm(.statuses([.awaitingVerification, .accepted, .rejected])))
        return limited
    }

    static func namesStatus(_ expression: FilterExpression) -> Bool {
        expression.terms.contains { if case .statuses = $0.predicate { true } else { false } }
    }

    /// Asks before a bulk decision, or before changing submissions already accepted or rejected
    /// (named with who, what and when); `--yes` answers for the agent.
    private func confirm(rows: [Int32], decided: [Int32], desk: Desk, now: Int64) throws {
        var byStatus: [SubmissionStatus: Int] = [:]
        for row in rows { byStatus[desk.status(of: Int(row)), default: 0] += 1 }
        let breakdown = SubmissionStatus.allCases.compactMap { status in byStatus[status].map { "\($0) \(status.name)" } }
        var text = ""
        if !decided.isEmpty {
            let shown = decided.prefix(5).map { row -> String in
                let index = desk.ledger.latest[Int(row)]
                return "  " + Self.describe(desk.table.id(Int(row)), desk.ledger.decision(at: Int(index), table: desk.table), now: now)
            }
            text += "\(decided.count) of them \(decided.count == 1 ? "is" : "are") already decided:\n" + shown.joined(separator: "\n")
                + (decided.count > 5 ? "\n  … and \(decided.count - 5) more" : "") + "\n"
        }
        let subject = "\(rows.count) submission\(rows.count == 1 ? "" : "s") (\(breakdown.joined(separator: ", ")))"
        var selection = filter.map { " matching '\($0)'" } ?? ""
        if let filter, let parsed = try? FilterParser.parse(filter), !Self.namesStatus(parsed) {
            selection += verb == .reopen ? " (not pending; status: chooses)" : " (pending and awaiting verification only; status: chooses others)"
        }
        let question = "\(verb.rawValue.capitalized) \(subject)\(selection)? [y/N] "
        guard isatty(STDIN_FILENO) != 0 else {
            let why = filter != nil
                ? "\(rows.count) submission\(rows.count == 1 ? "" : "s") match; refusing to decide in bulk without confirmation"
                : "refusing to change \(decided.count == 1 ? "a decision" : "decisions") already made without confirmation"
            throw CLIFailure(message: text + why + " (stdin is not a terminal): pass --yes")
        }
        FileHandle.standardError.write(text + question)
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw CLIFailure(message: "cancelled; nothing was written", exitCode: 1)
        }
    }
}

/// Plain words for counts in a command's messages (`DecisionWording` says what was decided).
enum Wording {
    /// "1 submission", "2 submissions".
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
