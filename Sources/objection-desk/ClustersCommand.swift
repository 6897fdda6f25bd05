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
        let rows = listed.map { clusters.representativeRow(ofCluster: $0) }
        let pending = clusters.pendingCounts(ofClusters: listed, ledger: ledger)
        let format = format.value
        if format == .table, let file = desk.queueFile,
           let lines = Self.tableLines(listed: listed, rows: rows, pending: pending, width: width, clusters: clusters, table: table, desk: desk, file: file) {
            for bytes in lines { try output.write(bytes: bytes) }
            return try output.flush()
        }
        let texts = try desk.justifications(ofRows: rows)
        // Lines are made on every core: sanitizing and measuring thousands of texts for the table
        // was most of a warm `clusters`, one core idle.
        let pieces = min(listed.count, ProcessInfoCores.count * 8)
        var made = [[UInt8]](repeating: [], count: pieces)
        made.withUnsafeMutableBufferPointer { buffer in
            let slots = SendablePointer(buffer)
            runConcurrently(pieces, parallelism: ProcessInfoCores.count) { piece in
                var bytes: [UInt8] = []
                for index in (listed.count * piece / pieces)..<(listed.count * (piece + 1) / pieces) {
                    Self.appendLine(cluster: listed[index], text: texts[index], pending: pending[index], format: format,
                                    width: width, clusters: clusters, table: table, to: &bytes)
                }
                slots.buffer[piece] = bytes
            }
        }
        for bytes in made { try output.write(bytes: bytes) }
        try output.flush()
    }

    /// The table's lines in pieces, made on every core from each representative's bytes, without
    /// a String per text, id or number (those were most of a warm `clusters` on a million rows):
    /// the openings saved with the clusters, or for a representative without one (or a terminal
    /// too wide for it) its line read from the queue. Nil when such a line no longer reads back
    /// as loaded: the String path then reads them all and reports the changed file.
    private static func tableLines(listed: [Int], rows: [Int], pending: [Int], width: Int, clusters: Clusters,
                                   table: SubmissionTable, desk: Desk, file: QueueFile) -> [[UInt8]]? {
        let openings = desk.savedClusterOpenings()
        let kept = openings.openings(ofRows: rows, servingScalars: width + 8)
        let unsaved = rows.indices.filter { kept[$0] == nil }
        var readTexts = [[UInt8]?](repeating: nil, count: unsaved.count)
        readTexts.withUnsafeMutableBufferPointer { buffer in
            let texts = SendablePointer(buffer)
            file.forEachJustification(ofRows: unsaved.map { rows[$0] }) { _, index, text in texts.buffer[index] = text.map(Array.init) }
        }
        guard !readTexts.contains(where: { $0 == nil }) else { return nil }
        var readIndex = [Int](repeating: -1, count: rows.count)
        for (position, index) in unsaved.enumerated() { readIndex[index] = position }
        let read = readTexts
        let pieces = max(1, min(listed.count, ProcessInfoCores.count * 8))
        var made = [[UInt8]](repeating: [], count: pieces)
        made.withUnsafeMutableBufferPointer { madeBuffer in
            let lines = SendablePointer(madeBuffer)
            runConcurrently(pieces, parallelism: ProcessInfoCores.count) { piece in
                var line: [UInt8] = []
                openings.withBytes { bytes in
                    // No closure per line: one capturing the clusters and the table copied (retained)
                    // their every array each time.
                    for index in (listed.count * piece / pieces)..<(listed.count * (piece + 1) / pieces) {
                        if let opening = kept[index] {
                            appendTableLine(cluster: listed[index], text: UnsafeBufferPointer(rebasing: bytes[openings.range(of: opening)]),
                                            pending: pending[index], width: width, clusters: clusters, table: table, to: &line)
                        } else {
                            read[readIndex[index]]!.withUnsafeBufferPointer { text in
                                appendTableLine(cluster: listed[index], text: text, pending: pending[index], width: width,
                                                clusters: clusters, table: table, to: &line)
                            }
                        }
                    }
                }
                lines.buffer[piece] = line
            }
        }
        return made
    }

    /// One table line, as `appendLine` makes it, from the text's bytes.
    private static func appendTableLine(cluster: Int, text: UnsafeBufferPointer<UInt8>, pending: Int, width: Int,
                                        clusters: Clusters, table: SubmissionTable, to line: inout [UInt8]) {
        let start = line.count
        appendRightAligned(clusters.size(ofCluster: cluster), 6, to: &line)
        line.append(0x20)
        appendRightAligned(pending, 7, to: &line)
        line += [0x20, 0x20]
        let plainID = table.withID(clusters.firstRow(ofCluster: cluster)) { id in
            guard id.allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
            line += id
            if id.count < 20 { line += repeatElement(0x20, count: 20 - id.count) }
            return true
        }
        guard plainID else {
            line.removeSubrange(start...)
            return appendLine(cluster: cluster, text: String(decoding: text, as: UTF8.self), pending: pending, format: .table,
                              width: width, clusters: clusters, table: table, to: &line)
        }
        line.append(0x20)
        let cellWidth = max(10, width - (line.count - start))
        if !OneLineCell.appendQuick(text, width: cellWidth, scalars: width + 8, to: &line) {
            line += Array(OneLineCell.make(String(decoding: text, as: UTF8.self), width: cellWidth, scalars: width + 8).utf8)
        }
        line.append(0x0A)
    }

    private static func appendRightAligned(_ value: Int, _ width: Int, to line: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if value < 0 { digits.append(UInt8(ascii: "-")) }
        if digits.count < width { line += repeatElement(0x20, count: width - digits.count) }
        line += digits.reversed()
    }

    /// `value` right-aligned in `width` columns (String(format:) was a tenth of the command).
    private static func appendLine(cluster: Int, text: String, pending: Int, format: OutputFormat, width: Int,
                                   clusters: Clusters, table: SubmissionTable, to line: inout [UInt8]) {
        let id = table.id(clusters.firstRow(ofCluster: cluster))
        let size = clusters.size(ofCluster: cluster)
        let ids = format == .table ? [] : clusters.members(ofCluster: cluster).map { table.id(Int($0)) }
        switch format {
        case .table:
            let safeID = DisplayWidth.pad(TerminalSafety.sanitize(id).text, toWidth: 20)
            let prefix = rightAligned(size, 6) + " " + rightAligned(pending, 7) + "  " + safeID + " "
            let cell = OneLineCell.make(text, width: max(10, width - DisplayWidth.of(prefix)), scalars: width + 8)
            line += Array((prefix + cell + "\n").utf8)
        case .csv:
            line += Array(CSV.line([id, String(size), String(pending), text, ids.joined(separator: " ")]).utf8)
        case .jsonl:
            var writer = JSONObjectWriter()
            writer.add("cluster", id)
            writer.add("size", size)
            writer.add("pending", pending)
            writer.add("text", text)
            var object = writer.finish()
            object.removeLast()  // "}": the ids array follows
            line += object
            line += Array(",\"ids\":[".utf8)
            for (index, member) in ids.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONObjectWriter.appendQuoted(member, to: &line)
            }
            line += Array("]}\n".utf8)
        case .mbox:
            break  // not offered (`formats`)
        }
    }

    private static func rightAligned(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: " ", count: max(0, width - digits.count)) + digits
    }
}
