import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import Foundation

/// `objection-desk clusters`: groups of near-identical justifications, largest first.
struct ClustersCommand: ParsableCommand, OffersFormats {
    static let formats: [OutputFormat] = [.table, .jsonl, .csv]

    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "List clusters of near-identical justifications, largest first.",
        discussion: """
            A cluster groups submissions whose justifications are the same text with small edits \
            (case, accents, punctuation, greetings, names, typos, an added or dropped sentence, a \
            truncated copy). Its id is the submission id of its first member in the file. With \
            --filter, only clusters with at least one matching member are listed; the figures \
            and ids are always the whole cluster's. The text is the representative: the most \
            common exact wording.

            jsonl: {"cluster":ID,"size":N,"pending":N,"text":REPRESENTATIVE,"ids":[every member]}

            \(FilterParser.grammarHelp)
            """)

    @OptionGroup var files: FileOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Only clusters with a member matching this filter.", valueName: "expr"))
    var filter: String?

    @Option(name: .customLong("min-size"), help: ArgumentHelp("Only clusters of at least this many submissions.", valueName: "n"))
    var minimumSize = 2

    @Option(help: "table (for people, sanitized), jsonl or csv (exact values).")
    var format = FormatOption<ClustersCommand>(.table)

    func validate() throws {
        if minimumSize < 1 { throw ValidationError("--min-size must be 1 or more") }
    }

    func run() throws {
        let expression = try QueryOptions.filter(filter)
        let desk = try files.openDesk(sketchingClusters: true)
        let clusters = CommandProgress.findingClusters(desk) { desk.clusters }
        var selected = (0..<clusters.count).map { _ in expression.isEmpty }
        if !expression.isEmpty {
            for row in CommandProgress.selectingRows(desk, { desk.rows(matching: expression, now: WallClock.now()) }) {
                if let cluster = clusters.cluster(ofRow: Int(row)) { selected[cluster] = true }
            }
        }
        let ledger = desk.ledger
        let table = desk.table  // once: each `desk.table` copies the table's many arrays
        var output = OutputBuffer(format: format.value)
        let width = TerminalWidth.current() ?? 120
        switch format.value {
        case .table: try output.write("  SIZE PENDING  CLUSTER              TEXT\n")
        case .csv: try output.write(CSV.line(["cluster", "size", "pending", "text", "ids"]))
        case .jsonl, .mbox: break
        }
        let listed = clusters.bySize().filter { selected[$0] && clusters.size(ofCluster: $0) >= minimumSize }
        // All representatives' texts at once, on every core: one read per cluster was most of
        // the command's time with ten thousand clusters.
        let texts = try desk.justifications(ofRows: listed.map { clusters.representativeRow(ofCluster: $0) })
        for (cluster, text) in zip(listed, texts) {
            let id = table.id(clusters.firstRow(ofCluster: cluster))
            let size = clusters.size(ofCluster: cluster)
            let pending = clusters.pendingCount(ofCluster: cluster, ledger: ledger)
            let ids = format.value == .table ? [] : clusters.members(ofCluster: cluster).map { table.id(Int($0)) }
            switch format.value {
            case .table:
                let safeID = DisplayWidth.pad(TerminalSafety.sanitize(id).text, toWidth: 20)
                // Only what can show on one row is made safe: sanitizing whole letters for ten
                // thousand clusters took most of the command's time.
                let oneLine = TerminalSafety.sanitize(Self.oneLinePrefix(of: text, scalars: width + 8)).text
                let prefix = Self.rightAligned(size, 6) + " " + Self.rightAligned(pending, 7) + "  " + safeID + " "
                try output.write(prefix + DisplayWidth.truncate(oneLine, toWidth: max(10, width - DisplayWidth.of(prefix))) + "\n")
            case .csv:
                try output.write(CSV.line([id, String(size), String(pending), text, ids.joined(separator: " ")]))
            case .jsonl:
                var writer = JSONObjectWriter()
                writer.add("cluster", id)
                writer.add("size", size)
                writer.add("pending", pending)
                writer.add("text", text)
                var line = writer.finish()
                line.removeLast()  // "}": the ids array follows
                line += Array(",\"ids\":[".utf8)
                for (index, member) in ids.enumerated() {
                    if index > 0 { line.append(UInt8(ascii: ",")) }
                    JSONObjectWriter.appendQuoted(member, to: &line)
                }
                line += Array("]}\n".utf8)
                try output.write(bytes: line)
            case .mbox:
                break  // not offered (`formats`)
            }
        }
        try output.flush()
    }

    /// `value` right-aligned in `width` columns (String(format:) was a tenth of the command).
    private static func rightAligned(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: " ", count: max(0, width - digits.count)) + digits
    }

    /// The first `scalars` scalars of `text` on one line (a run of line breaks becomes a space),
    /// built as bytes: Character-wise `prefix` and `split` were most of listing 14,000 clusters.
    static func oneLinePrefix(of text: String, scalars limit: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(limit + 8)
        var taken = 0
        var inBreak = false
        for scalar in text.unicodeScalars {
            guard taken < limit else { break }
            taken += 1
            if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\u{85}" {
                if !inBreak { bytes.append(0x20) }
                inBreak = true
                continue
            }
            inBreak = false
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
