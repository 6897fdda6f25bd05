import ArgumentParser
import DeskCore
import Foundation

struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a decision for submissions named by id or selected by a filter.",
        discussion: """
        Rejections and verification requests need --reason (GDPR Art. 12(4): a refusal gives \
        reasons). With --filter the number of matching submissions is shown and confirmation is \
        asked unless --yes. Unknown ids are an error and nothing is written. All decisions of one \
        command are appended in one write and fsynced before the command reports success.
        """)

    enum Verb: String, ExpressibleByArgument, CaseIterable {
        case accept, reject, verify

        var kind: DecisionKind {
            switch self {
            case .accept: .accepted
            case .reject: .rejected
            case .verify: .verificationRequested
            }
        }
    }

    @OptionGroup var files: FileOptions

    @Argument(help: "accept, reject or verify.")
    var verb: Verb

    @Argument(help: "Submission ids.")
    var ids: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Decide every submission matching this filter.", valueName: "expr"))
    var filter: String?

    @Option(parsing: .unconditional, help: "Why (required for reject and verify; for verify, the message to send).")
    var reason: String?

    @Option(parsing: .unconditional, help: "An internal note kept with the decision.")
    var note: String?

    @Option(help: ArgumentHelp("Your name in the log (default: your login name).", valueName: "name"))
    var reviewer: String?

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Decide even submissions that another reviewer's open screen claims.")
    var force = false

    func validate() throws {
        if ids.isEmpty && filter == nil { throw ValidationError("name submission ids or pass --filter") }
        if !ids.isEmpty && filter != nil { throw ValidationError("pass either ids or --filter, not both") }
        if verb.kind.requiresReason && (reason ?? "").allSatisfy(\.isWhitespace) {
            throw ValidationError("\(verb.rawValue) needs --reason")
        }
        if let reviewer, reviewer.allSatisfy(\.isWhitespace) { throw ValidationError("--reviewer must not be empty") }
    }

    func run() throws {
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
        if !force { try refuseClaimedRows(rows, desk: desk) }
        if filter != nil && !yes { try confirm(rows: rows, desk: desk) }
        let decisions = desk.decisions(verb.kind, rows: rows, reviewer: reviewer ?? OSUser.current,
                                       reason: reason, note: note)
        do {
            try desk.log.append(decisions)
        } catch let error as StoreError {
            throw CLIFailure(message: error.description)
        }
        let noun = rows.count == 1 ? "submission" : "submissions"
        FileHandle.standardError.write("objection-desk: \(verb.kind.name) \(rows.count) \(noun); recorded in \(desk.decisionsPath)\n")
    }

    private func confirm(rows: [Int32], desk: Desk) throws {
        var byStatus: [SubmissionStatus: Int] = [:]
        for row in rows { byStatus[desk.status(of: Int(row)), default: 0] += 1 }
        let breakdown = SubmissionStatus.allCases.compactMap { status in byStatus[status].map { "\($0) \(status.name)" } }
        let question = "\(verb.rawValue.capitalized) \(rows.count) submission\(rows.count == 1 ? "" : "s") (\(breakdown.joined(separator: ", "))) matching '\(filter ?? "")'? [y/N] "
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
