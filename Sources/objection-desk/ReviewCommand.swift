import DeskStore
import DeskEngine
import ArgumentParser
import DeskApp
import DeskCore
import DeskReplies
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
        if let conninfo = try files.databaseConninfo() {
            try runOnDatabase(conninfo)
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let (queuePath, decisionsPath, note) = try files.resolve()
        // Shown on the screen's bottom line (stderr would be painted over).
        let warnings = try files.checkSharedFiles(queue: note == nil ? queuePath : nil, decisions: decisionsPath)
        let logExists = try DecisionLogCheck.check(decisionsPath)
        try FileOptions.startDerivedFiles(queue: note == nil ? queuePath : nil, decisions: decisionsPath)
        do {
            try TerminalSession.preflight(environment: environment)
        } catch {
            throw CLIFailure(message: error.description)
        }
        let lease = try ClaimKeeper.Lease.fromCommandLine(environment: environment)
        let lockTimeout = try FileOptions.lockTimeout(environment: environment)
        let session: TerminalSession
        do {
            session = try TerminalSession(useColor: environment["NO_COLOR"].map(\.isEmpty) ?? true)
        } catch {
            throw CLIFailure(message: error.description)
        }
        let label = note == nil ? (queuePath as NSString).lastPathComponent : "sample, dates moved"
        let historyFile = PromptHistoryFile.defaultDirectory(environment: environment).map(PromptHistoryFile.init(directory:))
        let outcome: ReviewLoop.Outcome
        do {
            guard let desk = try ReviewLoop.load(queuePath: queuePath, decisionsPath: decisionsPath, label: label,
                                                 index: note == nil ? .automatic : .disabled, screen: session,
                                                 mapping: BundledSample.mapping(isBundled: note != nil)) else {
                session.stop()
                return
            }
            CommandDesks.opened(desk)  // its notes are printed once the screen has closed
            (desk.log as? DecisionLog)?.lockWait.timeout = lockTimeout
            let name = reviewer ?? OSUser.current
            var state = AppState(
                desk: desk.snapshot, reviewer: name, queueLabel: label,
                width: session.width, height: session.height, now: WallClock.now(),
                templates: Self.cannedReasons(),
                helpIntroduction: BundledResource.text("help.txt").trimmingCharacters(in: .whitespacesAndNewlines),
                notice: ([Self.notice(bundled: note != nil, decisionsPath: decisionsPath, logExists: logExists)].compactMap { $0 }
                    + warnings.map { "warning: " + $0 }).joined(separator: " · ").nilIfEmpty,
                history: PromptHistory(Dictionary(uniqueKeysWithValues: PromptHistory.Kind.allCases.map { ($0, historyFile?.load($0.rawValue) ?? []) })),
                logLabel: note != nil && (decisionsPath as NSString).lastPathComponent == SampleLog.fileName
                    ? SampleLog.fileName  // in the state directory; the first message gives the whole path
                    : DecisionLogCheck.label(decisionsPath, queuePath: queuePath))
            let claims = ClaimKeeper(store: ClaimKeeper.store(forDecisionLog: decisionsPath, lease: lease),
                                     holder: .thisProcess(reviewer: name), lease: lease, now: WallClock.now())
            state.replyRenderer = try? ReplyRenderer.bundled()
            state.account = OSUser.current
            outcome = ReviewLoop(desk: desk, screen: session, claims: claims, historyFile: historyFile).run(&state)
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

    /// The canned reasons of the prompts: the reason catalog (codes, labels, English texts), or
    /// the plain `reply-texts.txt` when the catalog cannot be read.
    static func cannedReasons() -> ReplyTemplates {
        guard let catalog = try? ReasonCatalog.bundled() else {
            return ReplyTemplates(parsing: BundledResource.text("reply-texts.txt"))
        }
        func coded(_ kind: DecisionKind) -> [ReplyTemplates.CodedReason] {
            catalog.reasons(for: kind).map { .init(code: $0.code, label: $0.label(in: .en), text: $0.text(in: .en)) }
        }
        return ReplyTemplates(rejection: coded(.rejected), verification: coded(.verificationRequested), extension: coded(.extended))
    }

    /// The first message: which files are in use when that may surprise (the bundled sample, a
    /// decision log that does not exist yet and will be created by the first decision).
    static func notice(bundled: Bool, decisionsPath: String, logExists: Bool) -> String? {
        var parts: [String] = []
        if bundled { parts.append("bundled sample queue, its dates moved so deadlines fall around today") }
        if !logExists {
            parts.append("new decision log: \(decisionsPath) (created with the first decision)")
        } else if bundled {
            parts.append("decisions go to \(decisionsPath)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
