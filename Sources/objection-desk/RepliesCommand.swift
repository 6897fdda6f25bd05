import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskReplies
import Foundation

struct RepliesCommand: ParsableCommand, OffersFormats {
    static let formats: [OutputFormat] = [.jsonl, .mbox]

    static let configuration = CommandConfiguration(
        commandName: "replies",
        abstract: "Write the reply to each decision, in the requester's language, for the mail system.",
        discussion: """
        One reply per accepted, rejected, verification_requested and extended record, in log \
        order; reopenings, decisions undone with u (and the undo's own records) and decisions for ids not in the queue \
        get none. The language is the submission locale's primary subtag when there are templates \
        for it (en, fr, de, es, it, nl, pl, pt), else English. Templates: Resources/replies/; \
        reasons: Resources/reasons.json. jsonl lines hold submission_id, to, language, subject, \
        body, decision and decided_at; mbox is mboxrd with UTF-8 8bit text/plain messages.
        """)

    @OptionGroup var files: FileOptions

    @Option(help: ArgumentHelp("Only decisions made at or after this: YYYY-MM-DD (00:00 UTC) or an RFC 3339 timestamp.", valueName: "timestamp"))
    var since: String?

    @Option(help: "jsonl (one JSON object per reply) or mbox (mboxrd, for a mail client or sendmail).")
    var format = FormatOption<RepliesCommand>(.jsonl)

    func run() throws {
        let sinceMillis = try QueryOptions.since(since)
        let renderer: ReplyRenderer
        do {
            renderer = try ReplyRenderer.bundled()
        } catch {
            throw CLIFailure(message: "cannot load the reply templates: \(error.description)")
        }
        let desk = try files.openDesk()
        var output = OutputBuffer(format: format.value)
        var unusable: [MboxFormat.Unusable] = []
        for (row, decision) in desk.decisionsToAnswer(since: sinceMillis) {
            let submission = try desk.submission(at: row)
            guard let reply = renderer.reply(for: decision, submission: submission) else { continue }
            switch format.value {
            case .mbox:
                let message: String
                do {
                    message = try MboxFormat.message(reply)
                } catch {
                    unusable.append(error)
                    continue
                }
                try output.write(message)
            default:
                try output.write(bytes: reply.jsonLine())
            }
        }
        try output.flush()
        guard unusable.isEmpty else {
            let shown = unusable.prefix(5).map { "  \(TerminalSafety.sanitize($0.submissionID).text): \($0.reason)" }
                + (unusable.count > 5 ? ["  … and \(unusable.count - 5) more"] : [])
            throw CLIFailure(message: "\(unusable.count) repl\(unusable.count == 1 ? "y" : "ies") left out of the mbox:\n" + shown.joined(separator: "\n"),
                             exitCode: 1)
        }
    }
}
