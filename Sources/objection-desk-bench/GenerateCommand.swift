import ArgumentParser
import DeskSampleData

/// Writes the bundled sample queue, or a large synthetic queue and decision log for benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the sample queue or a synthetic queue (and decision log).",
        discussion: """
            Output is deterministic: the same options give the same bytes on every machine.
            Files are created with mode 0600 because they hold (made-up) personal data.

            With --families the justifications come in known families of near-identical texts
            (for measuring clustering) and the truth goes to --truth: one "family edits" line per
            queue line.

            Examples:
              objection-desk-bench generate --sample > sample-queue.jsonl
              objection-desk-bench generate --count 1000000 \\
                  --queue q.jsonl --decisions d.jsonl
              objection-desk-bench generate --families --count 100000 \\
                  --queue q.jsonl --truth truth.txt
            """
    )

    @Flag(help: "Write the bundled sample of about 200 submissions.")
    var sample = false

    @Flag(help: "Write a queue whose justifications come in known families (needs --truth).")
    var families = false

    @Option(help: ArgumentHelp("With --families: the ground-truth file to create.", valueName: "path"))
    var truth: String?

    @Option(help: "Number of synthetic submissions to generate.")
    var count: Int?

    @Option(help: "Seed for the synthetic generator (default: 1).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Queue file to create. The sample goes to standard output without it.", valueName: "path"))
    var queue: String?

    @Option(help: ArgumentHelp("Decision log to create for the synthetic queue.", valueName: "path"))
    var decisions: String?

    @Option(help: "Fraction (0...1) of synthetic submissions that get decisions.")
    var decidedFraction: Double = 0.3

    func validate() throws {
        if sample {
            guard count == nil, decisions == nil, seed == nil else {
                throw ValidationError("--sample has a fixed seed; it cannot be combined with --count, --seed or --decisions.")
            }
            return
        }
        guard let count else { throw ValidationError("Give --sample or --count N.") }
        if families {
            guard queue != nil, truth != nil, decisions == nil else {
                throw ValidationError("--families needs --queue PATH and --truth PATH, and writes no decisions.")
            }
        }
        guard count >= 0 else { throw ValidationError("--count must not be negative.") }
        guard queue != nil else { throw ValidationError("--count needs --queue PATH.") }
        guard (0...1).contains(decidedFraction) else {
            throw ValidationError("--decided-fraction must be between 0 and 1.")
        }
    }

    func run() throws {
        if sample {
            let file = try queue.map { path throws(OutputFileError) in try OutputFile(path: path) } ?? OutputFile.standardOutput()
            try file.write(SampleQueue.fileContents())
            try file.close()
            return
        }
        guard let count, let queue else { return }
        if families, let truth {
            try FamilyQueue(seed: seed ?? 7, count: count).write(queueTo: queue, truthTo: truth)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try SyntheticQueueWriter(seed: seed ?? 1).write(
            count: count, queueTo: queue, decisionsTo: decisions, decidedFraction: decidedFraction
        )
        let elapsed = clock.now - start
        print("queue: \(summary.submissionLines) submissions, \(summary.submissionBytes) bytes, average line \(Self.oneDecimal(summary.averageLineLength)) bytes -> \(queue)")
        if let decisions {
            print("decisions: \(summary.decisionLines) lines, \(summary.decisionBytes) bytes -> \(decisions)")
        }
        print("time: \(Self.seconds(elapsed)) s")
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func seconds(_ duration: Duration) -> String {
        let milliseconds = Int(duration.components.seconds) * 1_000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
        let fraction = String(milliseconds % 1_000)
        return "\(milliseconds / 1_000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
