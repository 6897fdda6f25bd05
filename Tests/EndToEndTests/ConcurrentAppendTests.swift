import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Concurrent appends from several processes")
struct ConcurrentAppendTests {
    @Test func eightProcessesTimesOneThousandAppendsLoseAndBreakNothing() throws {
        let workspace = Workspace()
        let log = workspace.file("decisions.jsonl")
        let workers = 8
        let perWorker = 1_000
        var processes: [Process] = []
        for worker in 0..<workers {
            let process = Process()
            process.executableURL = CLIRunner.executable("objection-desk-bench")
            process.arguments = ["append-worker", "--decisions", log, "--count", "\(perWorker)", "--worker", "\(worker)"]
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let raw = try Data(contentsOf: URL(fileURLWithPath: log))
        #expect(raw.last == 0x0A)
        let lines = raw.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == workers * perWorker)
        var parser = DecisionLineParser()
        var nextIndex = [Int](repeating: 0, count: workers)
        for line in lines {
            let decision = try #require(try? line.withUnsafeBytes { raw in try parser.parse(raw) })
            let parts = decision.submissionID.dropFirst().split(separator: "-").map { Int($0)! }
            // Each worker's records appear whole and in the order it wrote them.
            #expect(parts[1] == nextIndex[parts[0]])
            nextIndex[parts[0]] += 1
            #expect(decision.reason?.hasPrefix("worker \(parts[0]) record \(parts[1]) — \"quoted\" reason\n") == true)
        }
        #expect(nextIndex == [Int](repeating: perWorker, count: workers))
        let batch = try DecisionLog(path: log).readNew()
        #expect(batch.decisions.count == workers * perWorker)
        #expect(batch.problems.isEmpty && batch.tornTail == nil)
    }

    @Test func concurrentDecideCommandsLoseNothing() throws {
        let workspace = Workspace()
        var queue = ""
        for index in 0..<40 {
            queue += #"{"id":"q\#(index)","submitted_at":"2026-11-01T00:00:00Z","country":"FR","email":"a@b","justification":""}"# + "\n"
        }
        workspace.write("submissions.jsonl", queue)
        var processes: [Process] = []
        for index in 0..<40 {
            let process = Process()
            process.executableURL = CLIRunner.executable("objection-desk")
            process.arguments = ["decide", "reject", "q\(index)", "--reason", "reason \(index)"]
            process.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let ids = Set(workspace.lines("decisions.jsonl").map { line in
            (try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["submission_id"] as! String
        })
        #expect(ids == Set((0..<40).map { "q\($0)" }))
    }
}
