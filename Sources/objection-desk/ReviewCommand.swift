import ArgumentParser
import DeskCore
import DeskTerminal
import DeskUI
import Foundation

/// The review screen: what a support agent sees all day.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Open the review screen (the default command).",
        discussion: """
        Keys: j/k move, a accept, r reject, v request verification, space tag, * tag the view, \
        / filter, u undo, 1-4 views, ? help, q quit. Every decision is appended and fsynced when \
        it is made. NO_COLOR turns colour off.
        """)

    @OptionGroup var files: FileOptions

    @Option(help: ArgumentHelp("Your name in the log (default: your login name).", valueName: "name"))
    var reviewer: String?

    func validate() throws {
        if let reviewer, reviewer.allSatisfy(\.isWhitespace) { throw ValidationError("--reviewer must not be empty") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            try TerminalSession.preflight(environment: environment)
        } catch {
            throw CLIFailure(message: error.description)
        }
        let (queuePath, decisionsPath, note) = try files.resolve()
        let session: TerminalSession
        do {
            session = try TerminalSession(useColor: environment["NO_COLOR"].map(\.isEmpty) ?? true)
        } catch {
            throw CLIFailure(message: error.description)
        }
        let label = note == nil ? (queuePath as NSString).lastPathComponent : "bundled sample"
        let outcome: ReviewLoop.Outcome
        do {
            guard let desk = try ReviewLoop.load(queuePath: queuePath, decisionsPath: decisionsPath, label: label,
                                                 index: note == nil ? .automatic : .disabled, session: session) else {
                session.stop()
                return
            }
            var state = AppState(
                desk: desk, reviewer: reviewer ?? OSUser.current, queueLabel: label,
                width: session.width, height: session.height, now: Desk.now(),
                templates: ReplyTemplates(parsing: BundledResource.text("reply-texts.txt")),
                helpIntroduction: BundledResource.text("help.txt").trimmingCharacters(in: .whitespacesAndNewlines),
                notice: note.map { _ in "bundled sample: decisions go to \(decisionsPath)" })
            outcome = ReviewLoop(session: session).run(&state)
        } catch {
            session.stop()
            throw CLIFailure(message: (error as? StoreError)?.description ?? "\(error)")
        }
        session.stop()
        if outcome.recorded > 0 {
            FileHandle.standardError.write("objection-desk: \(outcome.recorded) decision\(outcome.recorded == 1 ? "" : "s") recorded in \(Shown.path(decisionsPath))\n")
        }
        if outcome.hungUp { throw ExitCode(1) }
    }
}
