import Foundation
import Testing

/// A file desk (`--queue`/`--decisions`) and a database desk (`--database`) fed the same queue and
/// the same decisions, through the built binary: the queue goes in with `db import`, the file log
/// with `db import-log`, decisions made with `decide --database` come back to the file desk with
/// `db export-log` (the file desk's log is then byte for byte the database's).
final class DeskPair {
    let workspace = Workspace()
    let database: DatabaseScratch
    var runner: CLIRunner { workspace.runner }

    static let queue = "queue.jsonl"
    static let log = "decisions.jsonl"

    var fileArguments: [String] { ["--queue", Self.queue, "--decisions", Self.log] }
    var databaseArguments: [String] { ["--database", database.conninfo] }

    /// A queue of exactly one justification with U+0000 (a `\u0000` escape; PostgreSQL text
    /// cannot store the character) beside a literal backslash-u0000.
    static let nulSubmission =
        #"{"id":"nul-1","submitted_at":"2026-11-20T09:00:00Z","country":"IE","email":"nul@example.ie","justification":"before \u0000 after \\u0000 literal \"q\""}"#

    /// The bundled sample queue and a submission with `\u0000`: decisions made on the file desk
    /// (moved in with `db import-log`), then more through `decide --database`.
    static func sample() throws -> DeskPair {
        let pair = try DeskPair()
        let sample = try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8)
        // Two submitted yesterday, so that they can still be extended whenever the test runs.
        let yesterday = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400))
        let fresh = (1...2).map {
            #"{"id":"fresh-\#($0)","submitted_at":"\#(yesterday)","country":"FR","email":"fresh\#($0)@example.fr","justification":"Je m'oppose."}"#
        }
        pair.workspace.write(queue, sample + ([nulSubmission] + fresh).joined(separator: "\n") + "\n")
        try pair.decideOnFiles(["accept", "obj-2026-004183", "nul-1"])
        try pair.decideOnFiles(["reject", "--filter", "country:DE", "--reason", #"not "ours" \ é 中文"#, "--note", "internal"])
        try pair.loadIntoDatabase()
        try pair.decideOnDatabase(["verify", "obj-2026-004184", "--reason-code", "confirm_email"])
        try pair.decideOnDatabase(["reopen", "obj-2026-004183", "--reason", "second look", "--override"])
        try pair.decideOnDatabase(["extend", "fresh-1", "fresh-2", "--reason-code", "complex_request"])
        try pair.decideOnDatabase(["accept", "--filter", "country:eu -status:decided verified:yes"])
        try pair.exportToFiles()
        return pair
    }

    /// A generated queue of `count` submissions with the generator's decision log, moved in, and
    /// a bulk decided through `decide --database`.
    static func generated(count: Int = 3_000) throws -> DeskPair {
        let pair = try DeskPair()
        let generate = try pair.runner.run(["generate", "--count", String(count), "--queue", queue, "--decisions", log],
                                           executable: "objection-desk-bench")
        try #require(generate.status == 0, "\(generate.stderr)")
        try pair.loadIntoDatabase()
        try pair.decideOnDatabase(["reject", "--filter", "status:pending country:PL", "--reason", "bulk"])
        try pair.decideOnDatabase(["reopen", "--filter", "status:accepted country:IT", "--reason", "again", "--override"])
        try pair.exportToFiles()
        return pair
    }

    private init() throws {
        database = try DatabaseScratch()
        let initialised = try runner.run(["db", "init"] + databaseArguments)
        try #require(initialised.status == 0, "\(initialised.stderr)")
    }

    private func decideOnFiles(_ arguments: [String]) throws {
        let outcome = try runner.run(["decide"] + arguments + fileArguments + ["--reviewer", "ana", "--yes"])
        try #require(outcome.status == 0, "decide \(arguments): \(outcome.stderr)")
    }

    private func decideOnDatabase(_ arguments: [String]) throws {
        let outcome = try runner.run(["decide"] + arguments + databaseArguments + ["--reviewer", "ben", "--yes"])
        try #require(outcome.status == 0, "decide \(arguments) --database: \(outcome.stderr)")
    }

    private func loadIntoDatabase() throws {
        let queued = try runner.run(["db", "import", Self.queue] + databaseArguments)
        try #require(queued.status == 0, "\(queued.stdout)\(queued.stderr)")
        if FileManager.default.fileExists(atPath: workspace.file(Self.log)) {
            let moved = try runner.run(["db", "import-log", Self.log] + databaseArguments)
            try #require(moved.status == 0, "\(moved.stdout)\(moved.stderr)")
        }
    }

    /// The database's log becomes the file desk's; what was moved in comes back unchanged.
    private func exportToFiles() throws {
        let before = workspace.read(Self.log)
        let exported = try runner.run(["db", "export-log"] + databaseArguments)
        try #require(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.hasPrefix(before) && exported.stdout.count > before.count, "the moved log's lines, byte for byte, then the new records")
        workspace.write(Self.log, exported.stdout)
    }

    /// Runs `arguments` on both desks; records an issue for each difference (exit status, standard
    /// output minus the `db_user` a database desk may add, standard error).
    func expectSameOutput(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try runner.run(arguments + fileArguments)
        let database = try runner.run(arguments + databaseArguments)
        let command = arguments.joined(separator: " ")
        #expect(files.status == database.status, "\(command): exit \(files.status) on files, \(database.status) on the database: \(database.stderr)",
                sourceLocation: sourceLocation)
        let stripped = DbUser.strip(database.stdout)
        if files.stdout != stripped {
            Issue.record("\(command): output differs\n\(Self.firstDifference(files.stdout, stripped))", sourceLocation: sourceLocation)
        }
        #expect(files.stderr == database.stderr, "\(command): messages differ", sourceLocation: sourceLocation)
    }

    /// The first line that differs, both ways, for a readable failure.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let left = expected.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        let right = actual.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : "<none>"
            let r = index < right.count ? right[index] : "<none>"
            if l != r { return "line \(index + 1) (\(left.count) vs \(right.count) lines)\n files:    \(l.prefix(600))\n database: \(r.prefix(600))" }
        }
        return "same lines, different bytes"
    }
}

/// The `db_user` a database desk may add beside `reviewer`: a JSON member or a CSV column.
enum DbUser {
    static func strip(_ output: String) -> String {
        // CSV rows end in \r\n: split on the scalar, not on Characters (\r\n is one Character).
        let terminator = output.contains("\r\n") ? "\r\n" : "\n"
        var lines = output.components(separatedBy: terminator)
        guard let header = lines.first else { return output }
        let columns = cells(header)
        if !header.hasPrefix("{"), let column = columns.firstIndex(of: "db_user") {
            lines = lines.map { line in
                var row = cells(line)
                if row.count == columns.count { row.remove(at: column) }
                return row.joined(separator: ",")
            }
            return lines.joined(separator: terminator)
        }
        return output.replacingOccurrences(of: #","db_user":("[^"\\]*"|null)"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #""db_user":("[^"\\]*"|null),"#, with: "", options: .regularExpression)
    }

    /// A CSV row's cells as written (quotes kept), split at the commas outside quotes.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        return cells
    }
}
