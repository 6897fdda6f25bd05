import DeskCore

/// Holds back the records of a multi-record write until every one of them has been read, so a
/// batch cut short by a crash (SIGKILL, power loss) never takes effect in part.
///
/// A batch is one `write` under the log's exclusive lock, so its records are contiguous: a record
/// without the same batch id, or the end of what a reader holding the shared lock can see, means
/// the rest will never come. The partial batch is then reported, kept in the file, and not applied.
struct BatchAssembler {
    private var mark: BatchMark?
    private var firstLine = 0
    private var firstOffset: Int64 = 0
    private var held: [(decision: Decision, line: Int)] = []

    /// Takes one valid record, in file order; complete batches and single records go to `result`.
    mutating func take(_ decision: Decision, line: Int, offset: Int64, path: String, into result: inout DecisionLog.ReadResult) {
        if let open = mark, decision.batch?.id != open.id {
            closeIncomplete(path: path, into: &result)
        }
        guard let batch = decision.batch else {
            result.decisions.append((decision, line))
            return
        }
        if mark == nil {
            mark = batch
            firstLine = line
            firstOffset = offset
        }
        held.append((decision, line))
        if held.count >= batch.size {
            result.decisions += held
            reset()
        }
    }

    /// Where the batch still open starts, if one is.
    var openBatchOffset: Int64? { mark == nil ? nil : firstOffset }

    /// The end of the readable log: a batch still open was interrupted.
    mutating func finish(path: String, into result: inout DecisionLog.ReadResult) {
        if mark != nil { closeIncomplete(path: path, into: &result) }
    }

    private mutating func closeIncomplete(path: String, into result: inout DecisionLog.ReadResult) {
        guard let open = mark else { return }
        result.problems.append(DataProblem(
            file: path, line: firstLine, byteOffset: firstOffset,
            message: "incomplete batch \(TerminalSafety.sanitize(open.id).text): \(held.count) of its \(open.size) records "
                + "(the writing process was interrupted); none of them applied, kept for inspection"))
        reset()
    }

    private mutating func reset() {
        mark = nil
        held.removeAll()
    }
}
