import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// Large reads of the decision log are parsed on every core: the result must be exactly what one
/// pass gives — order, line numbers, batches that straddle a split point, problems.
@Suite("Decision log: parallel reads")
struct ParallelLogReadTests {
    @Test func aLargeLogReadsTheSameInPartsAsInOnePass() throws {
        let directory = TemporaryDirectory()
        var text = ""
        var line = 0
        while text.utf8.count < Int(DecisionLog.parallelReadThreshold) + (2 << 20) {
            line += 1
            if line % 997 == 0 { text += "garbage line \(line)\n"; continue }
            if line % 1_499 == 0 { text += "\n"; continue }
            var decision = Decision(submissionID: "s\(line)", kind: line % 3 == 0 ? .rejected : .accepted, reviewer: "r\(line % 7)",
                                    osUser: "u", decidedAt: 1_790_000_000_000 + Int64(line), reason: line % 3 == 0 ? "reason \(line)" : nil)
            // Batches of 10 all along the file (so some straddle the split), none broken by garbage.
            let block = (line / 50) * 50
            let clean = !(block + 20..<block + 30).contains { $0 % 997 == 0 || $0 % 1_499 == 0 }
            if clean && (20..<30).contains(line % 50) { decision.batch = BatchMark(id: "b\(line / 50)", size: 10) }
            text += String(decoding: decision.encodedLine(), as: UTF8.self)
        }
        let path = directory.write("decisions.jsonl", text)
        let parallel = try DecisionLog(path: path).readNew()
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let single = try DecisionLog.parseLines(descriptor: descriptor, from: 0, to: Int64(text.utf8.count), parts: 1)
        let records = single[0].lines.compactMap { parsed -> (String, Int)? in
            if case .record(let decision, let number, _, _, _, _) = parsed { return (decision.submissionID, number) }
            return nil
        }
        #expect(parallel.decisions.map(\.decision.submissionID) == records.map(\.0))
        #expect(parallel.decisions.map(\.line) == records.map(\.1))
        #expect(parallel.problems.count == line / 997)
        #expect(parallel.problems.allSatisfy { $0.message.contains("invalid JSON") })
        #expect(parallel.problems.map(\.line) == (1...line).filter { $0 % 997 == 0 })
        let halves = try DecisionLog.parseLines(descriptor: descriptor, from: 0, to: Int64(text.utf8.count), parts: 2)
        #expect(halves.count == 2)
        #expect(halves.map(\.lineCount).reduce(0, +) == single[0].lineCount)
    }
}
