import ArgumentParser
import DeskApp
import DeskCore
import DeskEngine
import DeskPostgres
import DeskReplies
import DeskStore
import DeskTerminal
import DeskUI
import Foundation

extension ReviewCommand {
    /// The review screen on a desk in PostgreSQL: the desk read through its local copy, claims in
    /// the database, woken by LISTEN/NOTIFY.
    func runOnDatabase(_ conninfo: String) throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            try TerminalSession.preflight(environment: environment)
        } catch {
            throw CLIFailure(message: error.description)
        }
        let lease = try ClaimKeeper.Lease.fromCommandLine(environment: environment)
        let fromCommandLine = files.database != nil
        // Connect before the screen starts, so that a wrong address or password is a plain
        // message and exit 2 rather than a flash of the screen.
        let target: String
        do {
            let check = try DatabaseOptions.connect(conninfo, fromCommandLine: fromCommandLine)
            try check.requireDeskSchema()
            target = check.target
        }
        let database = Self.databaseName(target)
        let session: TerminalSession
        do {
            session = try TerminalSession(useColor: environment["NO_COLOR"].map(\.isEmpty) ?? true)
        } catch {
            throw CLIFailure(message: error.description)
        }
        let historyFile = PromptHistoryFile.defaultDirectory(environment: environment).map(PromptHistoryFile.init(directory:))
        let outcome: ReviewLoop.Outcome
        do {
            guard let opened = try ReviewLoop.load(label: "database \(database)", screen: session, open: { progress in
                try DatabaseDesk.open(try DatabaseOptions.connect(conninfo, fromCommandLine: false), progress: progress)
            }) else {
                session.stop()
                return
            }
            let desk = opened.desk
            CommandDesks.opened(desk)
            let name = reviewer ?? OSUser.current
            var state = AppState(
                desk: desk.snapshot, reviewer: name, queueLabel: "pg:\(database)",
                width: session.width, height: session.height, now: WallClock.now(),
                templates: Self.cannedReasons(),
                helpIntroduction: BundledResource.text("help.txt").trimmingCharacters(in: .whitespacesAndNewlines),
                notice: "decisions go to database \(database) as role \(opened.role)",
                history: PromptHistory(Dictionary(uniqueKeysWithValues: PromptHistory.Kind.allCases.map { ($0, historyFile?.load($0.rawValue) ?? []) })),
                logLabel: "decisions")
            let holder = ClaimHolder(id: ClaimHolder.thisProcess(reviewer: name).id, reviewer: name, osUser: opened.role,
                                     host: ClaimHolder.currentHost, pid: getpid())
            (desk.log as? DatabaseDecisionStore)?.claimant = holder
            let claims = ClaimKeeper(store: opened.claims, holder: holder, lease: lease, now: WallClock.now())
            state.replyRenderer = try? ReplyRenderer.bundled()
            state.account = opened.role
            let loop = ReviewLoop(desk: desk, screen: session, claims: claims, historyFile: historyFile)
            // The listener reconnects from the screen's loop: 2 s (libpq's least) at most per try.
            loop.changeSignal = DatabaseListener(clock: { WallClock.now() }) {
                try DatabaseOptions.connect(conninfo, fromCommandLine: false, connectTimeoutSeconds: 2)
            }
            outcome = loop.run(&state)
        } catch {
            session.stop()
            throw CLIFailure(message: (error as? StoreError)?.description ?? "\(error)")
        }
        session.stop()
        if outcome.recorded > 0 {
            FileHandle.standardError.write("objection-desk: \(outcome.recorded) decision\(outcome.recorded == 1 ? "" : "s") recorded in database \(Shown.path(target))\n")
        }
        if outcome.hungUp { throw ExitCode(1) }
    }

    /// "odesk" from "host=… port=… dbname=odesk user=…": what the header has room for.
    static func databaseName(_ target: String) -> String {
        for part in target.split(separator: " ") where part.hasPrefix("dbname=") { return String(part.dropFirst(7)) }
        return target
    }
}
