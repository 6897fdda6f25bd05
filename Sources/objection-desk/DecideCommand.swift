import ArgumentParser
import DeskCore
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
        text in their language. With --filter the number of matching submissions is shown and confirmation is \
        asked unless --yes. Unknown ids are an error and nothing is written. All decisions of one \
        command are appended in one write and fsynced before the command reports success. \
        A decision that another reviewer made (accepted or rejected) is not changed without \
        --override; rows that someone decides while this command runs are skipped and named \
        (exit 1).
        """)

    enum Verb: String, ExpressibleByArgument, CaseIterable {
        case accept, reject, verify, extend

        var kind: DecisionKind {
            switch self {
            case .accept: .accepted
            case .reject: .rejected
            case .verify: .verificationRequested
            case .extend: .extended
            }
        }
    }

    @OptionGroup var files: FileOptions

    @Argument(help: "accept, reject, verify, or extend (the answer deadline, by two further months, once).")
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
        if reasonCode != nil && ReasonCatalog.Kind(verb.kind) == nil {
            throw ValidationError("--reason-code applies to reject and verify only")
        }
        if verb.kind.requiresReason && reasonCode == nil && (reason ?? "").allSatisfy(\.isWhitespace) {
            throw ValidationError("\(verb.rawValue) needs --reason\(ReasonCatalog.Kind(verb.kind) == nil ? "" : " or --reason-code")")
        }
        if let reviewer, reviewer.allSatisfy(\.isWhitespace) { throw ValidationError("--reviewer must not be empty") }
    }

    func run() throws {
        let reason = try resolvedReason()
        let expression = try QueryOptions.filter(filter)
        let desk = try files.openDesk()
        let rows: [Int32]
        if filter != nil {
            rows = desk.rows(matching: expression)
        } else {
            let unknown = ids.filter { desk.table.row(forID: $0) == nil }
            guard unknown.isEmpty else {
                let shown = unknown.map { TerminalSafety.sanitize($0).text }.joined(separator: ", ")
                throw CLIFailure(message: "unknown submission id\(unknown.count == 1 ? "" : "s"): \(shown); nothing was written")
            }
            rows = ids.map { Int32(desk.table.row(forID: $0)!) }
        }
        guard !rows.isEmpty else {
            FileHandle.standardError.write("objection-desk: no submission matches; nothing was written\n")
            return
        }
        let me = reviewer ?? OSUser.current
        if verb == .extend { try refuseImpossibleExtensions(rows: rows, desk: desk) }
        if !override { try refuseOverwritingOthers(rows: rows, desk: desk, me: me) }
        if !force { try refuseClaimedRows(rows, desk: desk) }
        if filter != nil && !yes { try confirm(rows: rows, desk: desk) }
        // What this run saw is what it decides on: rows others decide meanwhile are skipped.
        let planned = zip(desk.decisions(verb.kind, rows: rows, reviewer: me, reason: reason, note: note, reasonCode: reasonCode), rows).map {
            PlannedDecision($0, expectedLatestLine: desk.latestLine(of: Int($1)))
        }
        let outcome: RecordOutcome
        do {
            outcome = try desk.record(planned)
        } catch let error as StoreError {
            throw CLIFailure(message: error.description)
        }
        let written = outcome.written.count
        if written > 0 {
            FileHandle.standardError.write("objection-desk: \(Wording.decided(verb.kind, count: written)); recorded in \(Shown.path(desk.decisionsPath))\n")
        }
        guard outcome.conflicts.isEmpty else {
            let lines = outcome.conflicts.prefix(5).map { "  \(Self.describe($0.submissionID, $0.latest))" }
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

    /// GDPR Art. 12(3): once, for an open request, within its first month.
    private func refuseImpossibleExtensions(rows: [Int32], desk: Desk) throws {
        let now = Desk.now()
        let refusals = rows.compactMap { row -> String? in
            AnswerDeadline.extensionRefusal(
                submittedAt: desk.table.columns.submittedAt[Int(row)], status: desk.status(of: Int(row)),
                alreadyExtended: desk.ledger.extended[Int(row)], now: now
            ).map { "\(TerminalSafety.sanitize(desk.table.id(Int(row))).text): \($0)" }
        }
        guard !refusals.isEmpty else { return }
        let shown = refusals.prefix(5).map { "  " + $0 } + (refusals.count > 5 ? ["  … and \(refusals.count - 5) more"] : [])
        throw CLIFailure(message: "cannot extend \(refusals.count) of \(rows.count); nothing was written:\n" + shown.joined(separator: "\n"))
    }

    /// Refuses, before writing anything, to change an accept or reject that another reviewer made.
    private func refuseOverwritingOthers(rows: [Int32], desk: Desk, me: String) throws {
        let others = rows.compactMap { row -> String? in
            let index = desk.ledger.latest[Int(row)]
            guard index >= 0 else { return nil }
            let latest = desk.ledger.decision(at: Int(index), table: desk.table)
            guard latest.kind == .accepted || latest.kind == .rejected, latest.reviewer != me else { return nil }
            return Self.describe(latest.submissionID, latest)
        }
        guard !others.isEmpty else { return }
        let shown = others.prefix(5).map { "  " + $0 } + (others.count > 5 ? ["  … and \(others.count - 5) more"] : [])
        throw CLIFailure(message: "refusing to change \(others.count) decision\(others.count == 1 ? "" : "s") made by another reviewer; nothing was written (pass --override to change them):\n"
                         + shown.joined(separator: "\n"))
    }

    /// "obj-1: rejected by ben at 2026-11-23 21:55:16 UTC (4 min ago)".
    static func describe(_ id: String, _ latest: Decision?) -> String {
        let subject = TerminalSafety.sanitize(id).text
        guard let latest else { return "\(subject): its history changed (the log was read again)" }
        let when = Timestamp.formatUTCMillis(latest.decidedAt).prefix(19).replacingOccurrences(of: "T", with: " ") + " UTC"
        let age = RelativeAge.describe(since: latest.decidedAt, now: Desk.now())
        return "\(subject): \(latest.kind.name) by \(TerminalSafety.sanitize(latest.reviewer).text) at \(when) (\(age))"
    }

    private func confirm(rows: [Int32], desk: Desk) throws {
        var byStatus: [SubmissionStatus: Int] = [:]
        for row in rows { byStatus[desk.status(of: Int(row)), default: 0] += 1 }
        let breakdown = SubmissionStatus.allCases.compactMap { status in byStatus[status].map { "\($0) \(status.name)" } }
        let question = "\(verb.rawValue.capitalized) \(rows.count) submission\(rows.count == 1 ? "" : "s") (\(breakdown.joined(separator: ", "))) matching '\(TerminalSafety.sanitize(filter ?? "").text)'? [y/N] "
        guard isatty(STDIN_FILENO) != 0 else {
            throw CLIFailure(message: "\(rows.count) submissions match; refusing to decide in bulk without confirmation (stdin is not a terminal): pass --yes")
        }
        FileHandle.standardError.write(question)
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw CLIFailure(message: "cancelled; nothing was written", exitCode: 1)
        }
    }
}

/// Plain words for what a command did: "accepted 2 submissions", "requested verification for 1 submission".
enum Wording {
    static func decided(_ kind: DecisionKind, count: Int) -> String {
        let subject = "\(count) submission\(count == 1 ? "" : "s")"
        switch kind {
        case .accepted: return "accepted \(subject)"
        case .rejected: return "rejected \(subject)"
        case .verificationRequested: return "requested verification for \(subject)"
        case .reopened: return "reopened \(subject)"
        case .extended: return "extended the deadline of \(subject)"
        }
    }
}
