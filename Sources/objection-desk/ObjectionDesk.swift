import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore

/// The root command: triage GDPR Art. 21 objection requests.
struct ObjectionDesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objection-desk",
        abstract: "Triage GDPR Art. 21 objection requests: review, decide, and keep an append-only decision log.",
        discussion: """
        Files: the queue (one submission per JSON line) and the decision log (one decision per \
        JSON line, append-only). Defaults: ./submissions.jsonl and decisions.jsonl beside it, or \
        $OBJECTION_DESK_QUEUE and $OBJECTION_DESK_DECISIONS. Without a queue file the bundled \
        sample queue is used.

        \(FilterParser.grammarHelp)
        """,
        version: "objection-desk 0.3.0",
        subcommands: [ReviewCommand.self, ListCommand.self, ClustersCommand.self, StatsCommand.self, DecideCommand.self, CheckCommand.self,
                      VerifyCommand.self, InitCommand.self, ClaimsCommand.self, ReportCommand.self, ExportCommand.self,
                      RepliesCommand.self, DbCommand.self, CacheCommand.self],
        defaultSubcommand: ReviewCommand.self
    )
}

/// An error already phrased for the user, with the exit code it deserves.
struct CLIFailure: Error {
    var message: String
    var exitCode: Int32 = 2
}
