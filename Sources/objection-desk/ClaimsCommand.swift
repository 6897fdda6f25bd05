import DeskStore
import DeskEngine
import ArgumentParser
import DeskApp
import DeskCore
import DeskPostgres
import Foundation

/// `objection-desk claims`: who is working on what right now.
struct ClaimsCommand: ParsableCommand, OffersFormats {
    static let formats: [OutputFormat] = [.table, .jsonl]

    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "List the current claims: which open review screen works on which submissions.",
        discussion: """
        A review screen claims the pending submissions on its screen and the ones tagged for a \
        bulk decision, for five minutes after its reviewer's last keystroke. Claims live in \
        <decision log>.claims/, one file per open screen; expired claims and claims of processes \
        that are gone (on this host) are not listed.
        """)

    @OptionGroup var files: FileOptions

    @Option(help: "table (for people, sanitized) or jsonl (exact values).")
    var format = FormatOption<ClaimsCommand>(.table)

    func run() throws {
        let claims: [Claim]
        var fileStore: FileClaimStore?
        if let conninfo = try files.databaseConninfo() {
            let connection = try DatabaseOptions.connect(conninfo, fromCommandLine: files.database != nil)
            try connection.requireDeskSchema()
            claims = try DatabaseClaimStore(connection: SharedConnection(connection)).liveClaims(now: WallClock.now())
        } else {
            let (_, decisionsPath, _) = try files.resolve()
            let store = ClaimKeeper.store(forDecisionLog: decisionsPath, lease: try ClaimKeeper.Lease.fromCommandLine())
            fileStore = store
            do {
                claims = try store.liveClaims(now: WallClock.now())
            } catch {
                throw CLIFailure(message: "\(error)")
            }
        }
        let sorted = claims.sorted { ($0.reviewer, $0.renewedAt) < ($1.reviewer, $1.renewedAt) }
        var output = OutputBuffer(format: format.value)
        switch format.value {
        case .table:
            try output.write(table(sorted))
        case .jsonl:
            for claim in sorted { try output.write(bytes: jsonLine(claim)) }
        case .csv, .mbox:
            break  // not offered (`formats`)
        }
        try output.flush()
        for problem in fileStore?.problems ?? [] {
            FileHandle.standardError.write("objection-desk: \(fileStore!.directory)/\(TerminalSafety.sanitize(problem).text)\n")
        }
    }

    private func table(_ claims: [Claim]) -> String {
        guard !claims.isEmpty else { return "no current claims\n" }
        let header = ["REVIEWER", "OS_USER", "HOST", "PID", "RENEWED", "EXPIRES", "COUNT", "IDS", "HOLDER"]
        var rows = [header]
        for claim in claims {
            let ids = claim.ids.prefix(3).joined(separator: ",") + (claim.ids.count > 3 ? ",…" : "")
            rows.append([claim.reviewer, claim.osUser, claim.host, "\(claim.pid)", Self.clock(claim.renewedAt),
                         Self.dateAndTime(claim.expiresAt), "\(claim.ids.count)", ids, claim.holder].map { TerminalSafety.sanitize($0).text })
        }
        let widths = header.indices.map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { DisplayWidth.pad($0.element, toWidth: widths[$0.offset]) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// "14:05:09Z" (times of day: claims last minutes).
    private static func clock(_ time: Int64) -> String {
        String(Timestamp.formatUTCMillis(time).dropFirst(11).prefix(8)) + "Z"
    }

    /// "2026-11-23T14:05:09Z": an expiry with its date, so one far away cannot pass for today.
    private static func dateAndTime(_ time: Int64) -> String {
        String(Timestamp.formatUTCMillis(time).prefix(19)) + "Z"
    }

    private func jsonLine(_ claim: Claim) -> [UInt8] {
        // The claim file's own format, which already holds every field: holder, reviewer,
        // os_user, host, pid, renewed_at, expires_at, count, ids.
        ClaimFileFormat.encode(claim)
    }
}
