import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Queue file")
struct QueueFileTests {
    @Test func toleratesBOMCRLFAndBlankLines() throws {
        let directory = TemporaryDirectory()
        let text = "\u{FEFF}" + submissionLine(id: "a") + "\r\n\r\n   \n" + submissionLine(id: "b") + "\r\n"
        let queue = try QueueFile(path: directory.write("q.jsonl", text))
        #expect(queue.table.count == 2)
        #expect(queue.problems.isEmpty)
        #expect(queue.table.columns.lineNumbers == [1, 4])
        #expect(try queue.submission(at: 0).id == "a")
    }

    @Test func reportsEachBadLineAndKeepsEveryValidOne() throws {
        let directory = TemporaryDirectory()
        let lines = [
            submissionLine(id: "a"),
            "{not json",
            #"{"id":"b","submitted_at":"2026-01-01T00:00:00Z","country":"FR","email":"x"}"#,
            #"{"id":7,"submitted_at":"2026-01-01T00:00:00Z","country":"FR","email":"x","justification":""}"#,
            submissionLine(id: "a"),
            submissionLine(id: "c", country: "ZZ"),
            submissionLine(id: "d", submittedAt: "2026-02-30T00:00:00Z"),
            submissionLine(id: "e", extra: #","email_verified":"yes""#),
            submissionLine(id: "f", country: " de", extra: #","unknown":{"nested":[1,2]},"platform":null"#),
        ]
        let queue = try QueueFile(path: directory.write("q.jsonl", lines.joined(separator: "\n") + "\n"))
        #expect((0..<queue.table.count).map { queue.table.id($0) } == ["a", "f"])
        let problems = queue.problems.sorted { $0.line < $1.line }
        #expect(problems.map(\.line) == [2, 3, 4, 5, 6, 7, 8])
        #expect(problems.map(\.file).allSatisfy { $0.hasSuffix("q.jsonl") })
        #expect(problems[1].message.contains("missing required field \"justification\""))
        #expect(problems[2].message.contains("\"id\" must be a string, found number"))
        #expect(problems[3].message.contains("duplicate id \"a\" (first on line 1)"))
        #expect(problems[4].message.contains("ZZ"))
        #expect(problems[5].message.contains("submitted_at"))
        #expect(problems[6].message.contains("email_verified"))
        #expect(queue.table.country(1).description == "DE")
        #expect(try queue.submission(at: 1).countryText == " de")
    }

    @Test func readsOnlyAppendedLinesAndWaitsForUnterminatedOnes() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", submissionLine(id: "a") + "\n")
        let queue = try QueueFile(path: path)
        directory.append("q.jsonl", submissionLine(id: "b") + "\n" + #"{"id":"c","submitted"#)
        var growth = try queue.refresh()
        #expect(growth.newRows == 1..<2)
        #expect(queue.inFlightTail?.line == 3)
        #expect(queue.problems.isEmpty)
        directory.append("q.jsonl", #"_at":"2026-01-01T00:00:00Z","country":"PL","email":"x","justification":""}"# + "\n")
        growth = try queue.refresh()
        #expect(growth.newRows == 2..<3)
        #expect(queue.inFlightTail == nil)
        #expect(queue.table.columns.lineNumbers == [1, 2, 3])
        #expect(try queue.refresh().newRows.isEmpty)
    }

    @Test func takesACompleteLastLineWithoutNewline() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", submissionLine(id: "a") + "\n" + submissionLine(id: "b"))
        let queue = try QueueFile(path: path)
        #expect(queue.table.count == 2)
        directory.append("q.jsonl", "\n" + submissionLine(id: "c") + "\n")
        _ = try queue.refresh()
        #expect(queue.table.count == 3)
        #expect(queue.table.columns.lineNumbers == [1, 2, 3])
        #expect(queue.problems.isEmpty)
    }

    @Test func rereadsAReplacedFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", submissionLine(id: "a") + "\n" + submissionLine(id: "b") + "\n")
        let queue = try QueueFile(path: path)
        let replacement = directory.write("new.jsonl", submissionLine(id: "z") + "\n")
        rename(replacement, path)
        let growth = try queue.refresh()
        #expect(growth.wasReplaced)
        #expect(queue.table.count == 1 && queue.table.id(0) == "z")
    }

    @Test func parallelLoadMatchesSequentialLoad() throws {
        let directory = TemporaryDirectory()
        var text = ""
        for index in 0..<40_000 {
            let justification = index % 7 == 0 ? "Données \(index)\nligne" : "plain text \(index) " + String(repeating: "x", count: index % 300)
            text += submissionLine(id: "id-\(index % 39_000)", country: index % 2 == 0 ? "FR" : "de", justification: justification) + "\n"
            if index % 5_000 == 0 { text += "broken line \(index)\n" }
        }
        let path = directory.write("q.jsonl", text)
        let sequential = try QueueFile(path: path, parallelism: 1)
        let parallel = try QueueFile(path: path, parallelism: 4)
        #expect(parallel.table.count == sequential.table.count)
        #expect(parallel.table.count == 39_000)
        #expect(parallel.table.columns.lineNumbers == sequential.table.columns.lineNumbers)
        #expect(parallel.problems.sorted { $0.line < $1.line } == sequential.problems.sorted { $0.line < $1.line })
        #expect(parallel.problems.count == 1_000 + 8)
        for row in [0, 1, 12_345, 38_999] {
            #expect(try parallel.submission(at: row) == sequential.submission(at: row))
            #expect(parallel.table.row(forID: parallel.table.id(row)) == row)
        }
    }

    @Test func reportsOverlongLinesAndCarriesOn() throws {
        let directory = TemporaryDirectory()
        let huge = submissionLine(id: "big", justification: String(repeating: "a", count: LineReader.maximumLineLength + 10))
        let path = directory.write("q.jsonl", submissionLine(id: "a") + "\n" + huge + "\n" + submissionLine(id: "b") + "\n")
        let queue = try QueueFile(path: path)
        #expect((0..<queue.table.count).map { queue.table.id($0) } == ["a", "b"])
        #expect(queue.problems.map(\.line) == [2])
        #expect(queue.table.columns.lineNumbers == [1, 3])
    }

    @Test func aLongButAllowedLineLoads() throws {
        let directory = TemporaryDirectory()
        let long = submissionLine(id: "long", justification: String(repeating: "é", count: 3_000_000))
        let queue = try QueueFile(path: directory.write("q.jsonl", long + "\n"))
        #expect(queue.table.count == 1)
        #expect(try queue.submission(at: 0).justification.count == 3_000_000)
    }

    @Test func flagsTextThatNeedsEscaping() throws {
        let directory = TemporaryDirectory()
        let lines = [
            submissionLine(id: "plain", justification: "Bonjour\nà tous\tici\r\nfin"),
            submissionLine(id: "escape", justification: "x\u{1B}[2Jy"),
            submissionLine(id: "bidi", email: "a\u{202E}b@example.org"),
            submissionLine(id: "family", justification: "👨\u{200D}👩\u{200D}👧"),
            submissionLine(id: "zwj", justification: "pay\u{200D}pal"),
        ]
        let queue = try QueueFile(path: directory.write("q.jsonl", lines.joined(separator: "\n") + "\n"))
        let flagged = (0..<queue.table.count).filter { queue.table.columns.attributes[$0].contains(.needsEscaping) }
        #expect(flagged.map { queue.table.id($0) } == ["escape", "bidi", "zwj"])
    }
}
