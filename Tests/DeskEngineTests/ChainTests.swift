import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The decision log's hash chain: written under the lock, checked link by link.
@Suite("Decision log: tamper-evident chain")
struct ChainTests {
    private func decision(_ id: String, by reviewer: String = "ana") -> Decision {
        Decision(submissionID: id, kind: .accepted, reviewer: reviewer, osUser: reviewer, decidedAt: 1_790_000_000_123)
    }

    /// A log of `count` records written one append at a time, and its lines.
    private func chainedLog(_ directory: TemporaryDirectory, count: Int = 6) throws -> (path: String, lines: [String]) {
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        for index in 0..<count { try log.append([decision("s\(index)")]) }
        return (path, directory.read("decisions.jsonl").split(separator: "\n").map(String.init))
    }

    private func prev(of line: String) -> String? {
        var parser = DecisionLineParser(keepsChainLinks: true)
        return try? parser.parse(line).prev
    }

    @Test func eachRecordLinksToTheExactBytesOfTheLineBefore() throws {
        let directory = TemporaryDirectory()
        let (path, lines) = try chainedLog(directory)
        #expect(prev(of: lines[0]) == String(repeating: "0", count: 64))
        for index in 1..<lines.count {
            #expect(prev(of: lines[index]) == SHA256Digest.hex(lines[index - 1]))
        }
        let report = try ChainVerifier.verify(path: path)
        #expect(report.isIntact)
        #expect(report.records == 6)
        #expect(report.head == SHA256Digest.hex(lines[5]))
        #expect(report.headLine == 6)
    }

    @Test func aKnownDigestFromLibcrypto() {
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Edits that the chain must catch, each with the line verify must name.
    @Test(arguments: [
        ("edit one byte of an old line", 3),
        ("delete an old line", 3),
        ("insert a forged line", 4),  // a forger can link to the line before, not to the one after
        ("swap two lines", 2),
    ])
    func tamperingIsCaughtAtTheFirstBrokenLink(edit: String, brokenLine: Int) throws {
        let directory = TemporaryDirectory()
        var (path, lines) = try chainedLog(directory)
        switch edit {
        case "edit one byte of an old line": lines[1] = lines[1].replacingOccurrences(of: "\"s1\"", with: "\"s7\"")
        case "delete an old line": lines.remove(at: 2)
        case "insert a forged line":
            var forged = decision("forged")
            forged.prev = SHA256Digest.hex(lines[1])
            lines.insert(String(decoding: forged.encodedLine().dropLast(), as: UTF8.self), at: 2)
        default: lines.swapAt(1, 2)
        }
        _ = directory.write("decisions.jsonl", lines.joined(separator: "\n") + "\n")
        let report = try ChainVerifier.verify(path: path)
        #expect(report.firstBreak?.line == brokenLine, "\(edit)")
        #expect(report.firstBreak?.description.hasPrefix("\(path):\(brokenLine): ") == true)
    }

    @Test func droppingTheLastRecordsLeavesNoBrokenLinkButTheOldHeadIsGone() throws {
        let directory = TemporaryDirectory()
        let (path, lines) = try chainedLog(directory)
        let oldHead = try ChainVerifier.verify(path: path).head!
        _ = directory.write("decisions.jsonl", lines.dropLast(2).joined(separator: "\n") + "\n")
        let report = try ChainVerifier.verify(path: path, findingHead: oldHead)
        #expect(report.isIntact)
        #expect(report.foundHeadLine == nil)
        #expect(try ChainVerifier.verify(path: path, findingHead: SHA256Digest.hex(lines[1])).foundHeadLine == 2)
    }

    @Test func aTornTailIsNotALinkAndTheNextRecordChainsPastIt() throws {
        let directory = TemporaryDirectory()
        let (path, lines) = try chainedLog(directory, count: 2)
        directory.append("decisions.jsonl", #"{"submission_id":"torn","deci"#)
        #expect(try ChainVerifier.verify(path: path).isIntact)
        try DecisionLog(path: path).append([decision("after")])
        let all = directory.read("decisions.jsonl").split(separator: "\n").map(String.init)
        #expect(prev(of: all[3]) == SHA256Digest.hex(lines[1]))
        let report = try ChainVerifier.verify(path: path)
        #expect(report.isIntact)
        #expect(report.records == 3)
        #expect(report.notRecords.map(\.line) == [3])
    }

    @Test func aLogWrittenBeforeChainingStaysValidAndTheChainStartsAfterIt() throws {
        let directory = TemporaryDirectory()
        let old = ["a", "b"].map { String(decoding: decision($0).encodedLine(), as: UTF8.self) }.joined()
        let path = directory.write("decisions.jsonl", old)
        try DecisionLog(path: path).append([decision("c")])
        let report = try ChainVerifier.verify(path: path)
        #expect(report.isIntact)
        #expect(report.unchainedRecords == 2)
        #expect(report.chainStartLine == 3)
        // An unchained line slipped in after the chain started is a break.
        directory.append("decisions.jsonl", String(decoding: decision("d").encodedLine(), as: UTF8.self))
        #expect(try ChainVerifier.verify(path: path).firstBreak?.line == 4)
    }

    @Test func eightConcurrentWritersKeepOneUnbrokenChain() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let log = try DecisionLog(path: path)  // its own descriptors: flock excludes the others
                    for index in 0..<50 {
                        let batch = index % 5 == 0 ? [decision("w\(writer)-\(index)a"), decision("w\(writer)-\(index)b")] : [decision("w\(writer)-\(index)")]
                        try log.append(batch)
                    }
                }
            }
            try await group.waitForAll()
        }
        let report = try ChainVerifier.verify(path: path)
        #expect(report.isIntact)
        #expect(report.records == 8 * 60)
        #expect(report.notRecords.isEmpty)
    }
}
