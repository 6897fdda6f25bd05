import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import Foundation

/// `objection-desk cache`: the files derived from queues and decision logs (queue index, search
/// text, clusters, ledger snapshot), what they take, which file each belongs to; `cache prune`
/// removes the ones nobody needs.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "List the files derived from queues and decision logs, or prune them (cache prune).",
        discussion: """
        Derived files (queue index .odx, search text .ods, clusters .odc, ledger snapshot .odl) \
        are kept beside their queue or log when its directory is writable, else in \
        $XDG_CACHE_HOME/objection-desk/ (default ~/.cache/objection-desk/). They only save time: \
        removing one costs a rebuild, never data. Once a day the commands remove the cache \
        directory's orphans (files whose queue or log is gone or was replaced) and keep it within \
        its budget ($\(DerivedFileCache.budgetVariable), default \(DerivedFileCache.formatSize(DerivedFileCache.defaultBudget))), \
        evicting the least recently used queues' files first.
        """,
        subcommands: [CacheListCommand.self, CachePruneCommand.self],
        defaultSubcommand: CacheListCommand.self)
}

/// `objection-desk cache [list]`.
struct CacheListCommand: ParsableCommand, OffersFormats {
    static let formats: [OutputFormat] = [.table, .jsonl]

    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the derived files of the cache directory and those beside the queue and log: kind, size, last use, the file they belong to, orphans.")

    @OptionGroup var files: FileOptions

    @Option(help: "table (for people, sizes like 97 MB) or jsonl (exact values, sizes in bytes).")
    var format = FormatOption<CacheListCommand>(.table)

    func run() throws {
        let budget = try CacheSettings.budget()
        let scope = try CacheScope(files)
        let now = WallClock.now()
        let inventory = DerivedFileInventory(cacheDirectory: scope.cacheDirectory, besideFilesOf: scope.sources, inUse: scope.sources, now: now)
        var output = OutputBuffer(format: format.value)
        switch format.value {
        case .jsonl:
            for entry in inventory.entries { try output.write(bytes: Self.jsonLine(entry) + [UInt8(ascii: "\n")]) }
        default:
            try output.write(Self.table(inventory, budget: budget, now: now))
        }
        try output.flush()
    }

    static func table(_ inventory: DerivedFileInventory, budget: Int64, now: Int64) -> String {
        let shown = inventory.entries.filter { $0.kind != .sourceRecord }
        let directory = inventory.cacheDirectory.map(Shown.path) ?? "(no cache directory: neither XDG_CACHE_HOME nor HOME is set)"
        guard !shown.isEmpty else { return "no derived files in \(directory) or beside the queue and decision log\n" }
        let header = ["KIND", "SIZE", "LAST USED", "WHERE", "STATE", "BELONGS TO"]
        var rows = [header]
        for entry in shown {
            rows.append([entry.kind.name + (entry.isTemporary ? " (temporary)" : ""), DerivedFileCache.formatSize(entry.bytes),
                         CacheText.age(now - entry.lastUsed), entry.place.rawValue, CacheText.state(entry),
                         entry.source.map(Shown.path) ?? "? (no record of its queue)"])
        }
        let widths = header.indices.map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        var text = rows.map { row in
            row.enumerated().map { column, cell in
                column == 1 ? String(repeating: " ", count: widths[1] - DisplayWidth.of(cell)) + cell : DisplayWidth.pad(cell, toWidth: widths[column])
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n\n"
        let cache = inventory.entries.filter { $0.place == .cache }
        let cacheBytes = cache.reduce(0) { $0 + $1.bytes }
        text += "\(directory): \(CacheText.files(cache.filter { $0.kind != .sourceRecord }.count)), \(DerivedFileCache.formatSize(cacheBytes))"
        text += " of a \(DerivedFileCache.formatSize(budget)) budget (\(DerivedFileCache.budgetVariable))\n"
        let beside = shown.filter { $0.place == .beside }
        if !beside.isEmpty {
            text += "beside the queue and decision log: \(CacheText.files(beside.count)), \(DerivedFileCache.formatSize(beside.reduce(0) { $0 + $1.bytes }))\n"
        }
        let orphans = shown.filter { $0.state.isOrphan && !$0.inUse }
        if !orphans.isEmpty {
            text += "orphans: \(CacheText.files(orphans.count)), \(DerivedFileCache.formatSize(orphans.reduce(0) { $0 + $1.bytes })); `objection-desk cache prune` removes them\n"
        }
        return text
    }

    static func jsonLine(_ entry: DerivedFileEntry) -> [UInt8] {
        var object = JSONObjectWriter()
        object.add("path", entry.path)
        object.add("kind", entry.kind.identifier)
        object.add("bytes", Int(entry.bytes))
        object.add("last_used", Timestamp.formatUTCMillis(entry.lastUsed))
        object.add("location", entry.place.rawValue)
        object.add("source", entry.source)
        object.add("source_kind", entry.sourceKind)
        switch entry.state {
        case .current: object.add("state", "current")
        case .unknown: object.add("state", "unknown")
        case .orphan: object.add("state", "orphan")
        }
        if case .orphan(let orphan) = entry.state { object.add("reason", orphan.reason(entry.sourceKind)) } else { object.addNull("reason") }
        object.add("in_use", entry.inUse)
        object.add("temporary", entry.isTemporary)
        return object.finish()
    }
}

/// `objection-desk cache prune`.
struct CachePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove orphaned derived files, those unused for a number of days, and the least recently used beyond the cache budget.",
        discussion: """
        Orphans are files whose queue or decision log is gone or was replaced by another file, and \
        temporary files an interrupted write left. Only this user's derived files are removed \
        (checked by name, owner and contents; never a symbolic link, a queue or a log), and never \
        those of the queue and log this command names.
        """)

    @OptionGroup var files: FileOptions

    @Option(help: ArgumentHelp("Also remove files not used for this many days.", valueName: "days"))
    var olderThan = 30

    @Option(help: ArgumentHelp("Evict the least recently used files of the cache directory beyond this size, such as 2G or 500M (default: $\(DerivedFileCache.budgetVariable), else \(DerivedFileCache.formatSize(DerivedFileCache.defaultBudget))).",
                               valueName: "size"))
    var maxSize: String?

    func validate() throws {
        if olderThan < 0 { throw ValidationError("--older-than must be 0 or more days") }
        if let maxSize, DerivedFileCache.parseSize(maxSize) == nil {
            throw ValidationError("--max-size must be a size such as 2G, 500M or 1073741824 (bytes)")
        }
    }

    func run() throws {
        let budget = try maxSize.flatMap(DerivedFileCache.parseSize) ?? CacheSettings.budget()
        let scope = try CacheScope(files)
        let now = WallClock.now()
        var inventory = DerivedFileInventory(cacheDirectory: scope.cacheDirectory, besideFilesOf: scope.sources, inUse: scope.sources, now: now)
        let report = inventory.prune(DerivedFilePrunePolicy(orphans: true, unusedForDays: olderThan, cacheBudget: budget), now: now)
        if let directory = scope.cacheDirectory { DerivedFileCache.touchStamp(directory) }
        var text = ""
        for removal in report.removed where removal.entry.kind != .sourceRecord {
            let entry = removal.entry
            text += "removed \(Shown.path(entry.path)) (\(entry.kind.name)\(entry.isTemporary ? ", temporary" : "")"
            text += " of \(entry.source.map(Shown.path) ?? "an unknown \(entry.sourceKind)"), \(DerivedFileCache.formatSize(entry.bytes))): \(removal.why)\n"
        }
        let count = report.removed.filter { $0.entry.kind != .sourceRecord }.count
        text += count == 0 ? "nothing to remove" : "removed \(CacheText.files(count)), freed \(DerivedFileCache.formatSize(report.freedBytes))"
        text += "; \(scope.cacheDirectory.map(Shown.path) ?? "the cache directory") holds \(DerivedFileCache.formatSize(report.cacheBytes))"
        text += " of a \(DerivedFileCache.formatSize(budget)) budget\n"
        if let over = report.inUseOverBudget {
            text += "the files of the queue and log in use alone take \(DerivedFileCache.formatSize(over)), more than the budget; they are kept\n"
        }
        try TerminalOutput.writeAll(Array(text.utf8))
        for failure in report.failures {
            FileHandle.standardError.write("objection-desk: could not remove \(Shown.path(failure))\n")
        }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}

/// The queue and log a `cache` command looks beside and keeps (not the bundled sample), and the cache directory.
struct CacheScope {
    var sources: [String]
    var cacheDirectory: String?

    init(_ files: FileOptions) throws {
        if let conninfo = try files.databaseConninfo() {
            // A database desk's derived files are those of its local copy.
            let connection = try DatabaseOptions.connect(conninfo, fromCommandLine: files.database != nil)
            try connection.requireDeskSchema()
            let directory = DatabaseMirror.directory(deskID: try DatabaseMirror.deskID(connection))
            sources = [directory + "/submissions.jsonl", directory + "/decisions.jsonl"]
            cacheDirectory = DerivedFileCache.directory()
            return
        }
        let (queue, decisions, note) = try files.resolve()
        sources = (note == nil ? [queue] : []) + [decisions]
        cacheDirectory = DerivedFileCache.directory()
    }
}

enum CacheSettings {
    /// `OBJECTION_DESK_CACHE_MAX`, else the default; a value that is no size is a usage error.
    static func budget(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int64 {
        guard let budget = DerivedFileCache.budget(environment: environment) else {
            throw CLIFailure(message: "\(DerivedFileCache.budgetVariable) must be a size such as 2G, 500M or 1073741824 (bytes)")
        }
        return budget
    }
}

enum CacheText {
    /// "just now", "12 min ago", "5 h ago", "41 days ago".
    static func age(_ milliseconds: Int64) -> String {
        let minutes = max(0, milliseconds) / 60_000
        if minutes < 1 { return "just now" }
        if minutes < 60 { return "\(minutes) min ago" }
        if minutes < 48 * 60 { return "\(minutes / 60) h ago" }
        return "\(minutes / (24 * 60)) days ago"
    }

    static func state(_ entry: DerivedFileEntry) -> String {
        if entry.inUse { return entry.isTemporary ? "being written" : "in use" }
        switch entry.state {
        case .current: return "current"
        case .unknown: return "unknown"
        case .orphan(let orphan): return "orphan: " + orphan.rawValue
        }
    }

    static func files(_ count: Int) -> String { "\(count) file\(count == 1 ? "" : "s")" }
}

extension FileOptions {
    /// Every command that opens a queue calls this first: the derived files of its queue (nil for
    /// the bundled sample) and log are marked used, and at most once a day the cache directory's
    /// orphans are removed and its budget kept (DerivedFileCache.commandStarted). What was removed
    /// is one note.
    static func startDerivedFiles(queue: String?, decisions: String, options: DerivedFileOptions = .automatic) throws {
        let budget = try CacheSettings.budget()
        guard let report = DerivedFileCache.commandStarted(queue: queue, log: decisions, options: options, budget: budget, now: WallClock.now()),
              !report.removed.isEmpty else { return }
        let shown = report.removed.filter { $0.entry.kind != .sourceRecord }
        let orphans = shown.filter { $0.entry.state.isOrphan }.count
        var note = "removed \(CacheText.files(shown.count)) (\(DerivedFileCache.formatSize(report.freedBytes))) from "
        note += DerivedFileCache.directory(options: options) ?? "the cache directory"
        var why: [String] = []
        if orphans > 0 { why.append("\(orphans) of queues or logs that are gone or replaced") }
        if shown.count > orphans { why.append("\(shown.count - orphans) least recently used beyond the \(DerivedFileCache.formatSize(budget)) budget") }
        note += ": " + why.joined(separator: ", ") + " (objection-desk cache lists what is kept)"
        CommandDesks.note(note)
    }
}
