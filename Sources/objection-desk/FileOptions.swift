import DeskStore
import DeskEngine
import ArgumentParser
import DeskApp
import DeskCore
import DeskReplies
import Foundation

/// Where the queue and the decision log are, shared by every command.
struct FileOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The queue of submissions (JSON lines).", valueName: "path"))
    var queue: String?

    @Option(name: .long, help: ArgumentHelp("The decision log (JSON lines, append-only).", valueName: "path"))
    var decisions: String?

    @Option(name: .long, help: ArgumentHelp(
        "A desk in PostgreSQL: a libpq connection string or postgresql:// URI (default: $OBJECTION_DESK_DATABASE); the queue, decisions and claims are then the database's. PGHOST, PGUSER, ~/.pgpass… work as in psql; keep passwords out of it.",
        valueName: "conninfo"))
    var database: String?

    @Flag(name: .long, help: "Use a queue or decision log in a shared directory that was replaced (another inode or owner) since your last run.")
    var acceptReplacedFiles = false

    /// The connection string when the desk is in PostgreSQL (`--database`, else
    /// `OBJECTION_DESK_DATABASE`); nil for the files. `--queue`/`--decisions` name files, so they
    /// are refused beside it.
    func databaseConninfo(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard let conninfo = database ?? environment["OBJECTION_DESK_DATABASE"] else { return nil }
        if queue != nil || decisions != nil {
            let source = database != nil ? "--database" : "OBJECTION_DESK_DATABASE"
            throw CLIFailure(message: "--queue and --decisions name files, but \(source) puts the queue and the decisions in the database: drop one or the other")
        }
        return conninfo
    }

    /// The resolved paths, and a note to print when the bundled sample stands in for a missing queue.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (queue: String, decisions: String, note: String?) {
        let requested = queue ?? environment["OBJECTION_DESK_QUEUE"]
        var queuePath = requested ?? "submissions.jsonl"
        var note: String?
        if requested == nil && !FileManager.default.fileExists(atPath: queuePath) {
            guard let sample = BundledSample.path() else {
                throw CLIFailure(message: "no submissions.jsonl in \(Shown.path(FileManager.default.currentDirectoryPath)) and the bundled sample queue was not found; pass --queue PATH")
            }
            note = "no submissions.jsonl here: using the bundled sample queue (\(Shown.path(sample))), its dates moved so that deadlines fall around today"
            queuePath = sample
        }
        let explicit = decisions ?? environment["OBJECTION_DESK_DECISIONS"]
        guard note != nil else {
            // "Beside the queue" means beside the queue the user named.
            let besideQueue = (queuePath as NSString).deletingLastPathComponent
            return (queuePath, explicit ?? (besideQueue.isEmpty ? "decisions.jsonl" : besideQueue + "/decisions.jsonl"), nil)
        }
        // The bundled sample: never into a log that holds records for other submissions (a
        // team's log in the working directory), nor into the checkout or the installation.
        let decisionsPath: String
        if let explicit {
            try SampleLog.refuseForeignLog(explicit, samplePath: queuePath)
            decisionsPath = explicit
        } else {
            decisionsPath = try SampleLog.defaultPath(environment: environment)
        }
        note! += "; decisions go to \(explicit == nil ? "the sample's own log " : "")\(Shown.path(decisionsPath))"
        return (queuePath, decisionsPath, note)
    }

    /// Opens both files; data problems are summarized on stderr, file errors end the command.
    /// `index: .rebuild` reads every line of the queue whatever its index says (`check`).
    /// `sketchingClusters`: the command needs the clusters (`Desk.init`; a database desk's rows are
    /// not parsed from a file, so it does not apply there).
    func openDesk(quietAboutProblems: Bool = false, index: DerivedFileOptions = .automatic, sketchingClusters: Bool = false) throws -> Desk {
        if let conninfo = try databaseConninfo() {
            let desk = try DatabaseSession.open(conninfo, passedOnCommandLine: database != nil, index: index).desk
            reportProblems(desk, quietly: quietAboutProblems)
            return desk
        }
        let (queuePath, decisionsPath, note) = try resolve()
        if let note { FileHandle.standardError.write("objection-desk: \(note)\n") }
        for warning in try checkSharedFiles(queue: note == nil ? queuePath : nil, decisions: decisionsPath) {
            FileHandle.standardError.write("objection-desk: warning: \(warning)\n")
        }
        try Self.startDerivedFiles(queue: note == nil ? queuePath : nil, decisions: decisionsPath, options: index)
        let desk: Desk
        do {
            // The bundled sample is small, lives in the checkout or installation, and its dates are
            // moved at load: no index there.
            let load = LoadProgress()
            desk = try CommandProgress.openingFiles(load) {
                try Desk(queuePath: queuePath, decisionsPath: decisionsPath, progress: load, mapping: BundledSample.mapping(isBundled: note != nil),
                         index: note == nil ? index : .disabled, sketchingClusters: sketchingClusters)
            }
        } catch let error as StoreError {
            throw CLIFailure(message: error.description)
        }
        CommandDesks.opened(desk)
        printNotes()
        if let log = desk.log as? DecisionLog {
            log.lockWait = LockWait(timeout: try Self.lockTimeout()) { message in
                FileHandle.standardError.write("objection-desk: \(message)\n")
            }
        }
        reportProblems(desk, quietly: quietAboutProblems)
        return desk
    }

    private func reportProblems(_ desk: Desk, quietly: Bool) {
        let problems = desk.problems.count
        if problems > 0 && !quietly {
            FileHandle.standardError.write("objection-desk: \(problems) problem\(problems == 1 ? "" : "s") in the data files were skipped; run `objection-desk check` to list them\n")
        }
    }
}

extension FileOptions {
    /// Warns about a shared directory without the sticky bit, and refuses a queue or log in a
    /// shared directory whose inode or owner changed since this account's last run there, unless
    /// `--accept-replaced-files`; then records what it found (`KnownFiles`). Returns the warnings.
    func checkSharedFiles(queue: String?, decisions: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        let files = [queue, decisions].compactMap { $0 }.map(Self.absolute)
        let directories = files.map(PathParts.directory(of:)) + [FileClaimStore.directory(forDecisionLog: files.last!)]
        var warnings = SharedDirectoryCheck.warnings(for: directories)
        let shared = files.filter(KnownFiles.isShared)
        guard !shared.isEmpty, let state = PromptHistoryFile.defaultDirectory(environment: environment) else { return warnings }
        let known = KnownFiles(stateDirectory: state)
        let changes = known.changes(shared)
        if !changes.isEmpty && !acceptReplacedFiles {
            throw CLIFailure(message: (warnings.map { "warning: " + $0 } + changes.map(\.description)).joined(separator: "\n")
                + "\nsomeone with write access to its directory may have put their own file in its place; nothing was read."
                + "\ncheck the file (owner, contents, `objection-desk verify`), then run again with --accept-replaced-files")
        }
        do {
            try known.record(shared)
        } catch {
            warnings.append("cannot record the files' identity in \(Shown.path(known.path)); a replaced file will not be noticed")
        }
        return warnings
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// How long a writer waits for the decision log's lock: `OBJECTION_DESK_LOCK_TIMEOUT`, else 30 s.
    static func lockTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Double {
        guard let seconds = LockWait.timeout(environment: environment) else {
            throw CLIFailure(message: "\(LockWait.environmentVariable) must be a number of seconds between 0 and 86400")
        }
        return seconds
    }
}

/// Prints what the desks the command opened have to say that is not a data problem (an ignored
/// or unwritable derived file), each note once.
func printNotes() {
    for note in CommandDesks.takeNotes() {
        FileHandle.standardError.write("objection-desk: note: \(TerminalSafety.sanitize(note).text)\n")
    }
}

/// The bundled sample queue, used when there is no queue file.
enum BundledSample {
    static func path() -> String? { BundledResource.path("sample-queue.jsonl") }

    /// The bundled sample's dates are moved at load so a demo opens on a realistic day; a real
    /// queue is read as written.
    static func mapping(isBundled: Bool) -> SubmittedAtMapping? {
        isBundled ? .bundledSample(now: WallClock.now()) : nil
    }
}

/// Paths and other operator-supplied text in messages, escaped like untrusted text: a file name
/// can hold escape sequences as easily as a submission can.
enum Shown {
    static func path(_ path: String) -> String { TerminalSafety.sanitize(path).text }
}

extension FileHandle {
    func write(_ text: String) {
        try? write(contentsOf: Data(text.utf8))
    }
}

/// Parses `--filter` and `--sort` values with errors that point into the expression.
enum QueryOptions {
    static func filter(_ source: String?) throws -> FilterExpression {
        guard let source else { return .matchAll }
        do {
            return try FilterParser.parse(source)
        } catch {
            // The filter is echoed escaped (it may hold anything the operator pasted); the caret
            // goes under the escaped text, so it is placed by the width of the escaped prefix.
            let shown = TerminalSafety.sanitize(source).text
            let before = TerminalSafety.sanitize(String(source.prefix(max(0, error.column - 1)))).text
            let pointer = String(repeating: " ", count: DisplayWidth.of(before)) + "^"
            throw CLIFailure(message: "invalid filter: \(error.description)\n  \(shown)\n  \(pointer)")
        }
    }

    /// `--since`: YYYY-MM-DD (00:00 UTC) or an RFC 3339 instant, as epoch milliseconds.
    static func since(_ source: String?) throws -> Int64? {
        guard let source else { return nil }
        guard let parsed = DecisionReport.parseSince(source) else {
            throw CLIFailure(message: "invalid --since \"\(TerminalSafety.sanitize(source).text)\": use YYYY-MM-DD or an RFC 3339 timestamp like 2026-11-04T09:12:44Z")
        }
        return parsed
    }

    static func sort(_ source: String?) throws -> SortSpec {
        guard let source else { return SortSpec(key: .submitted) }
        do {
            return try SortKey.parse(source)
        } catch {
            throw CLIFailure(message: "invalid sort: \(error.description)")
        }
    }
}

extension ClaimKeeper.Lease {
    /// The lease `OBJECTION_DESK_CLAIM_SECONDS` asks for; a bad value is a usage error.
    static func fromCommandLine(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Self {
        do {
            return try from(environment: environment)
        } catch {
            throw CLIFailure(message: error.description)
        }
    }
}

/// The desks the command opened, so that what they have to say is printed once the command is
/// done and the derived files they write in the background are finished (`main`). Commands run on
/// the main thread, and only it touches this.
enum CommandDesks {
    nonisolated(unsafe) private static var desks: [Desk] = []
    nonisolated(unsafe) private static var notes = Notes()

    static func opened(_ desk: Desk) {
        precondition(Thread.isMainThread)
        desks.append(desk)
    }

    /// A note of the command's own (what the cache's daily prune removed).
    static func note(_ text: String) {
        precondition(Thread.isMainThread)
        notes.add(text)
    }

    /// The command's notes and every opened desk's, since the last call.
    static func takeNotes() -> [String] {
        precondition(Thread.isMainThread)
        notes.add(desks.flatMap { $0.takeNotes() })
        return notes.take()
    }
}
