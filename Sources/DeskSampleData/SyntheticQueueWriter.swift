/// Figures about one synthetic generation run.
package struct SyntheticSummary: Sendable, Equatable {
    /// Submission lines written.
    package let submissionLines: Int
    /// Bytes in the queue file, newlines included.
    package let submissionBytes: Int
    /// Decision lines written (zero when no decision log was requested).
    package let decisionLines: Int
    /// Bytes in the decision log, newlines included.
    package let decisionBytes: Int

    /// Mean submission line length in bytes, counting each line's newline.
    package var averageLineLength: Double {
        submissionLines == 0 ? 0 : Double(submissionBytes) / Double(submissionLines)
    }
}

/// Generates large synthetic queues (and optionally decision logs) for the benchmark.
///
/// Output depends only on the seed, the count and the decided fraction; the queue itself does not
/// depend on the fraction or on whether decisions are written. Lines average about 480 bytes:
/// justifications have a median near 200 bytes and never exceed 1,500. Submissions span the two
/// years ending at `endTime`, in time order; decisions are written in decision-time order.
package struct SyntheticQueueWriter: Sendable {
    /// The seed everything is derived from.
    package let seed: UInt64

    /// The last possible submission time, 2026-11-20T12:00:00Z, in Unix seconds.
    package static let endTime: Int64 = CivilTime.seconds(year: 2026, month: 11, day: 20, hour: 12)

    /// How far back the first submission may be: 730 days.
    package static let spanSeconds: Int64 = 730 * 86_400

    /// Bytes collected before each `write(2)`.
    private static let chunkSize = 4 << 20

    /// Creates a writer; equal seeds give byte-identical output.
    package init(seed: UInt64) {
        self.seed = seed
    }

    /// Writes `count` submissions to `queuePath` and, if `decisionsPath` is given, decisions for
    /// about `decidedFraction` (0...1) of them. Files are created or truncated with mode 0600.
    package func write(
        count: Int, queueTo queuePath: String, decisionsTo decisionsPath: String?, decidedFraction: Double = 0.3
    ) throws(OutputFileError) -> SyntheticSummary {
        let queueFile = try OutputFile(path: queuePath)
        let decisionsFile: OutputFile? = if let decisionsPath { try OutputFile(path: decisionsPath) } else { nil }
        let summary = try run(
            count: count,
            decidedFraction: decisionsFile == nil ? nil : decidedFraction,
            chunkSize: Self.chunkSize,
            queueSink: { chunk throws(OutputFileError) in try queueFile.write(chunk) },
            decisionsSink: { chunk throws(OutputFileError) in try decisionsFile?.write(chunk) }
        )
        try queueFile.close()
        try decisionsFile?.close()
        return summary
    }

    /// Generates in memory, for tests and small runs: the queue file's bytes, the decision log's
    /// bytes (empty when `decidedFraction` is nil) and the summary.
    package func generate(
        count: Int, decidedFraction: Double? = 0.3
    ) -> (queue: [UInt8], decisions: [UInt8], summary: SyntheticSummary) {
        var queue: [UInt8] = []
        var decisions: [UInt8] = []
        let summary = run(
            count: count, decidedFraction: decidedFraction, chunkSize: Int.max,
            queueSink: { chunk in queue.append(contentsOf: chunk) },
            decisionsSink: { chunk in decisions.append(contentsOf: chunk) }
        )
        return (queue, decisions, summary)
    }

    /// Generates everything, handing full chunks (and the final partial ones) to the sinks.
    private func run<Failure: Error>(
        count: Int,
        decidedFraction: Double?,
        chunkSize: Int,
        queueSink: ([UInt8]) throws(Failure) -> Void,
        decisionsSink: ([UInt8]) throws(Failure) -> Void
    ) throws(Failure) -> SyntheticSummary {
        var submissions = SyntheticSubmissionGenerator(
            seed: seed, count: count, endTime: Self.endTime, spanSeconds: Self.spanSeconds
        )
        var planner = decidedFraction.map { SyntheticDecisionPlanner(seed: seed ^ 0xDEC1_5105_0000_0001, fraction: $0) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(min(chunkSize, max(count, 1) * 600) + 4_096)
        var submissionBytes = 0
        for index in 0..<max(count, 0) {
            let stamp = submissions.appendLine(index, to: &buffer)
            planner?.plan(for: stamp)
            if buffer.count >= chunkSize {
                submissionBytes += buffer.count
                try queueSink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        submissionBytes += buffer.count
        try queueSink(buffer)
        buffer.removeAll(keepingCapacity: true)

        guard let planner else {
            return SyntheticSummary(submissionLines: max(count, 0), submissionBytes: submissionBytes, decisionLines: 0, decisionBytes: 0)
        }
        let encoder = DecisionLineEncoder()
        let decisions = planner.sorted()
        var decisionBytes = 0
        for decision in decisions {
            encoder.append(decision, to: &buffer)
            if buffer.count >= chunkSize {
                decisionBytes += buffer.count
                try decisionsSink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        decisionBytes += buffer.count
        try decisionsSink(buffer)
        return SyntheticSummary(
            submissionLines: max(count, 0), submissionBytes: submissionBytes,
            decisionLines: decisions.count, decisionBytes: decisionBytes
        )
    }
}
