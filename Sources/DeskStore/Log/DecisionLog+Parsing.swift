import DeskCore
import Dispatch

/// Parsing a run of the log's lines, on several threads for large reads: the costly part of a
/// read (the String fields of every record), independent line by line.
extension DecisionLog {
    /// Below this many new bytes a read is parsed on one thread (starting threads costs more).
    static let parallelReadThreshold: Int64 = 4 << 20

    /// One line as parsed, before it is taken into the reader's state.
    enum ParsedLine: Sendable {
        case blank(lineEnd: Int64, isUnterminated: Bool)
        case record(Decision, number: Int, offset: Int64, length: Int, lineEnd: Int64, isUnterminated: Bool)
        case malformed(String, number: Int, offset: Int64, length: Int, lineEnd: Int64, isUnterminated: Bool)
        case tooLong(offset: Int64, number: Int, length: Int64)
    }

    /// Parses `[start, end)` in `parts` newline-aligned pieces at once; line numbers are 1-based
    /// within each piece.
    static func parseLines(descriptor: Int32, from start: Int64, to end: Int64, parts: Int) throws -> [(lines: [ParsedLine], lineCount: Int)] {
        let bounds = parts > 1 ? try LineSplit.points(descriptor: descriptor, from: start, to: end, parts: parts) : [start, end]
        let pieces = zip(bounds, bounds.dropFirst()).map { ($0, $1) }
        let results = UnsafeMutableBufferPointer<Result<(lines: [ParsedLine], lineCount: Int), Error>?>.allocate(capacity: pieces.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let slots = SendablePointer(results)
        let work: @Sendable (Int) -> Void = { index in
            let (from, to) = pieces[index]
            slots.pointer[index] = Result {
                var parser = DecisionLineParser()
                var lines: [ParsedLine] = []
                let count = try LineReader.read(descriptor: descriptor, from: from, to: to, firstLineNumber: 1) { event in
                    lines.append(parse(event, parser: &parser))
                }
                return (lines, count)
            }
        }
        if pieces.count > 1 {
            DispatchQueue.concurrentPerform(iterations: pieces.count, execute: work)
        } else {
            work(0)
        }
        return try results.map { try $0!.get() }
    }

    static func parse(_ event: LineReader.Event, parser: inout DecisionLineParser) -> ParsedLine {
        switch event {
        case .tooLong(let offset, let number, let length):
            return .tooLong(offset: offset, number: number, length: length)
        case .line(let line):
            let lineEnd = line.offset + Int64(line.bytes.count) + (line.isUnterminated ? 0 : 1)
            var bytes = line.bytes
            if line.offset == 0 && LineReader.hasByteOrderMark(bytes) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            if LineReader.isBlank(bytes) { return .blank(lineEnd: lineEnd, isUnterminated: line.isUnterminated) }
            do throws(LineError) {
                return .record(try parser.parse(bytes), number: line.number, offset: line.offset, length: line.bytes.count,
                               lineEnd: lineEnd, isUnterminated: line.isUnterminated)
            } catch {
                return .malformed(error.message, number: line.number, offset: line.offset, length: line.bytes.count,
                                  lineEnd: lineEnd, isUnterminated: line.isUnterminated)
            }
        }
    }
}
