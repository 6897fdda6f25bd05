import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a directory that a team's OS accounts share for the decision log.",
        discussion: """
        The directory (default: the decision log's) gets the team's group, the setgid and sticky \
        bits and mode 3770, so every file created in it belongs to the group and only a file's \
        owner may delete or rename it; the log is created if missing and set to 0660, and its \
        claims directory is made the same way. Nothing is ever world-writable. Each agent logs in with their own account, \
        and each record keeps the real os_user.
        """)

    @OptionGroup var files: FileOptions

    @Option(help: ArgumentHelp("The team's group (every agent must be a member).", valueName: "name"))
    var group: String

    @Option(help: ArgumentHelp("The shared directory (default: the decision log's directory).", valueName: "path"))
    var dir: String?

    func run() throws {
        if try files.databaseConninfo() != nil {
            throw CLIFailure(message: "init prepares a shared directory for a desk in files; a desk in PostgreSQL is created with `objection-desk db init` and each reviewer's role given access with `objection-desk db grant ROLE`")
        }
        let paths = try files.resolve()
        // A team's real log: without a queue here `resolve` names the bundled sample's own log,
        // which is not what a shared directory is prepared for.
        let named = files.decisions ?? ProcessInfo.processInfo.environment["OBJECTION_DESK_DECISIONS"]
        let decisions = paths.note == nil || named != nil ? paths.decisions : "decisions.jsonl"
        let directory = dir ?? PathParts.directory(of: decisions)
        let log = dir.map { $0 + "/" + PathParts.name(of: decisions) } ?? decisions
        do {
            let report = try TeamSetup.prepare(directory: directory, group: group, files: [log],
                                               subdirectories: [FileClaimStore.directory(forDecisionLog: log)])
            for line in report.lines { print(TerminalSafety.sanitize(line).text) }
            for warning in report.warnings { FileHandle.standardError.write("objection-desk: warning: \(TerminalSafety.sanitize(warning).text)\n") }
            if dir != nil && files.decisions == nil {
                print("use it with --decisions \(TerminalSafety.sanitize(log).text) (or OBJECTION_DESK_DECISIONS)")
            }
        } catch let failure as TeamSetup.Failure {
            throw CLIFailure(message: failure.description)
        }
    }
}
