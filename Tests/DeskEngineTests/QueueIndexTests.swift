import DeskSampleData
import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Queue index: the same table as reading every line")
struct QueueIndexTests {
    /// Reads `path` with and without the index; they must agree on every column, id, problem and
    /// folded text. Returns the cold read.
    @discardableResult
    private func expectSameTables(_ path: String, _ options: DerivedFileOptions, rowsFromIndex: Int) throws -> QueueFile {
        let cold = try QueueFile(path: path, index: .disabled)
        let indexed = try QueueFile(path: path, index: options)
        #expect(indexed.rowsFromIndex == rowsFromIndex)
        #expect(QueueFacts(indexed) == QueueFacts(cold))
        #expect(foldedRows(indexed.table) == foldedRows(cold.table))
        // Nothing to tell the operator: the index was used or written as it should be.
        #expect(indexed.takeNotes().isEmpty && cold.takeNotes().isEmpty)
        return cold
    }

    @Test func indexLoadsGiveTheTablesOfAColdReadAsTheQueueGrows() throws {
        let directory = TemporaryDirectory()
        let options = indexOptions(directory)
        let indexPath = directory.file(".q.jsonl.odx")
        // Problems, duplicates, blank and CRLF lines, and a last record without its newline.
        let path = directory.write("q.jsonl", generatedQueueLines(count: 1201).joined(separator: "\n"))
        let first = try expectSameTables(path, options, rowsFromIndex: 0)
        #expect(first.tookUnterminatedTail && first.problems.count > 20)
        #expect(FileManager.default.fileExists(atPath: indexPath))
        try expectSameTables(path, options, rowsFromIndex: first.table.count)

        // A little growth (below the rewrite threshold): the taken record's newline, new lines
        // with a duplicate of an indexed id and a bad line, and a line still being written.
        let more = generatedQueueLines(count: 30, idPrefix: "h").dropFirst().joined(separator: "\n")
        directory.append("q.jsonl", "\n" + more + "\n" + submissionLine(id: "g3") + "\n{not json\n" + #"{"id":"partial","submit"#)
        let indexBefore = fileBytes(indexPath)
        let third = try expectSameTables(path, options, rowsFromIndex: first.table.count)
        #expect(third.inFlightTail != nil)
        #expect(third.problems.contains { $0.message.contains("duplicate id \"g3\"") })
        #expect(fileBytes(indexPath) == indexBefore)

        // The partial line completes and much more arrives: read after the index, which is rewritten.
        let rest = #"ted_at":"2026-01-01T00:00:00Z","country":"PL","email":"x","justification":""}"# + "\n"
        directory.append("q.jsonl", rest + generatedQueueLines(count: 400, idPrefix: "k").dropFirst().joined(separator: "\n") + "\n   ")
        let fourth = try expectSameTables(path, options, rowsFromIndex: first.table.count)
        #expect(fourth.inFlightTail == nil && fourth.table.row(forID: "partial") != nil)
        #expect(fileBytes(indexPath) != indexBefore)
        try expectSameTables(path, options, rowsFromIndex: fourth.table.count)
    }

    @Test func aQueueReadInParallelPartsLoadsTheSameFromItsIndex() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("big.jsonl")
        // Over 8 MiB, so the cold read splits it into parts.
        _ = try SyntheticQueueWriter(seed: 3).write(count: 20_000, queueTo: path, decisionsTo: nil, decidedFraction: 0)
        directory.append("big.jsonl", generatedQueueLines(count: 300, idPrefix: "z").dropFirst().joined(separator: "\n") + "\n")
        let sequential = try QueueFile(path: path, parallelism: 1, index: .disabled)
        let written = try QueueFile(path: path, parallelism: 2, index: indexOptions(directory))
        let loaded = try QueueFile(path: path, parallelism: 2, index: indexOptions(directory))
        #expect(written.rowsFromIndex == 0 && loaded.rowsFromIndex == sequential.table.count)
        #expect(QueueFacts(written) == QueueFacts(sequential))
        #expect(QueueFacts(loaded) == QueueFacts(sequential))
        #expect(foldedRows(loaded.table) == foldedRows(sequential.table))
    }

    @Test func deskFiltersAndSortsAlikeFromTheIndex() throws {
        let directory = TemporaryDirectory()
        let queuePath = directory.write("q.jsonl", generatedQueueLines(count: 800).joined(separator: "\n") + "\n")
        let logPath = directory.file("d.jsonl")
        let cold = try Desk(queuePath: queuePath, decisionsPath: logPath, index: .disabled)
        _ = try Desk(queuePath: queuePath, decisionsPath: logPath, index: indexOptions(directory))
        let indexed = try Desk(queuePath: queuePath, decisionsPath: logPath, index: indexOptions(directory))
        #expect(indexed.queueFile!.rowsFromIndex == indexed.table.count)
        #expect(!indexed.isSearchTextReady)
        _ = cold.foldedText()
        // Column terms leave few rows: a text term folds just those, without building the rest.
        for filter in ["country:FR verified:yes donnees", "country:DE verified:no -strasse", "country:GR verified:yes email:ivan daten",
                       "country:FR daten", "-country:US,DE,PL email:example.org"] {
            let expression = try FilterParser.parse(filter)
            #expect(indexed.rows(matching: expression, now: WallClock.now()) == cold.rows(matching: expression, now: WallClock.now()), "\(filter)")
            #expect(!cold.rows(matching: expression, now: WallClock.now()).isEmpty, "\(filter)")
        }
        #expect(!indexed.isSearchTextReady)
        for filter in ["donnees", "country:FR daten", "email:example.org", "flag:repeat", "-flag:hostile strasse", "flag:mixed_script"] {
            let expression = try FilterParser.parse(filter)
            for sort in ["email", "-country", "submitted"] {
                let spec = try SortKey.parse(sort)
                #expect(indexed.rows(matching: expression, sortedBy: spec, now: WallClock.now()) == cold.rows(matching: expression, sortedBy: spec, now: WallClock.now()), "\(filter) \(sort)")
            }
        }
        #expect(indexed.isSearchTextReady)
    }

    @Test func searchTextBuiltLaterEqualsTextFoldedWhileParsing() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", "")
        let inline = try QueueFile(path: path, index: .disabled)
        _ = inline.table.foldedText()  // wanted from now on: new rows are folded as they are parsed
        directory.append("q.jsonl", generatedQueueLines(count: 700).joined(separator: "\n") + "\n")
        _ = try inline.refresh()
        #expect(inline.table.isSearchTextReady)
        let lazy = try QueueFile(path: path, index: .disabled)
        #expect(!lazy.table.isSearchTextReady)
        #expect(foldedRows(lazy.table) == foldedRows(inline.table))
        #expect(lazy.table.isSearchTextReady)
        // Flags of escaped text come from `needsEscaping` when nothing is folded at load.
        #expect(lazy.table.columns.attributes.map(\.rawValue) == inline.table.columns.attributes.map(\.rawValue))
    }

    @Test func searchTextPreparedInTheBackgroundBecomesReady() throws {
        let directory = TemporaryDirectory()
        let queuePath = directory.write("q.jsonl", generatedQueueLines(count: 500).joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queuePath, decisionsPath: directory.file("d.jsonl"), index: .disabled)
        desk.prepareSearchText()
        let deadline = Date(timeIntervalSinceNow: 20)
        while !desk.isSearchTextReady && Date() < deadline { usleep(2_000) }
        #expect(desk.isSearchTextReady)
        let cold = try QueueFile(path: queuePath, index: .disabled)
        #expect(foldedRows(desk.table) == foldedRows(cold.table))
    }

    @Test func anOlderCopyOfTheTableSeesOnlyItsOwnRowsText() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", generatedQueueLines(count: 300).joined(separator: "\n") + "\n")
        let queue = try QueueFile(path: path, index: .disabled)
        let older = queue.table
        directory.append("q.jsonl", generatedQueueLines(count: 200, idPrefix: "n").dropFirst().joined(separator: "\n") + "\n")
        _ = try queue.refresh()
        let newer = foldedRows(queue.table)
        let old = foldedRows(older)
        #expect(old.count == older.count && newer.count == queue.table.count && newer.count > old.count)
        #expect(Array(newer.prefix(old.count)) == old)
    }

    @Test func rowsReadBackMustStillHoldTheirRecord() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", submissionLine(id: "a1") + "\n" + submissionLine(id: "b1") + "\n")
        let queue = try QueueFile(path: path, index: .disabled)
        overwrite(path, at: fileBytes(path).firstRange(of: Array("\"b1\"".utf8))!.lowerBound, with: Array("\"c1\"".utf8))
        #expect(throws: StoreError.self) { try queue.submission(at: 1) }
        // The search text of a row whose line changed is empty, and the change is noted once.
        #expect(foldedRows(queue.table)[1] == [0x01])
        #expect(notes(about: path, from: queue).count == 1)
    }

    @Test func xxHash64MatchesTheReferenceVectors() {
        #expect(XXHash64.hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        let long = Array("Nobody inspects the spammish repetition".utf8)
        #expect(XXHash64.hash(long) == 0xFBCE_A83C_8A37_8BF1)
    }

    @Test func escapingCheckAgreesWithTheFolder() {
        var samples = generatedQueueLines(count: 40).map { $0 }
        samples += ["plain", "tab\there", "cr\r\nlf", "lone\rcr", "\u{1B}[31m", "\u{7F}", "\u{85}", "\u{AD}", "a\u{34F}b",
                    "\u{1F468}\u{200D}\u{1F469}", "x\u{200D}y", "\u{2764}\u{FE0F}", "a\u{FE0F}", "\u{E000}", "\u{10FFFF}",
                    "\u{E0041}", "\u{3164}", "\u{2028}", "12345678\u{202E}", "abcdefgh", "ABCDEFGHIJKLMNOP\u{1}"]
        for sample in samples {
            var folder = SearchFolder()
            var output = ByteBuffer()
            let bytes = Array(sample.utf8)
            let folded = bytes.withUnsafeBytes { folder.appendFolded($0, to: &output) }
            #expect(bytes.withUnsafeBytes { SearchFolder.needsEscaping($0) } == folded, "\(sample.debugDescription)")
        }
    }
}

@Suite("Flag counts")
struct FlagCountTests {
    @Test func columnWiseCountsEqualCountingEachRow() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("q.jsonl", generatedQueueLines(count: 900).joined(separator: "\n") + "\n")
        let table = try QueueFile(path: path, index: .disabled).table
        let perRow = RowFlag.allCases.map { flag in (0..<table.count).filter { table.has(flag, row: $0) }.count }
        #expect(table.flagCounts() == perRow)
        #expect(perRow[RowFlag.allCases.firstIndex(of: .repeated)!] > 0)
    }
}

@Suite("Folded text lookups")
struct FoldedTextTests {
    @Test func sortingByEmailBreaksTiesByTimeNotByTheNextRowsText() throws {
        let directory = TemporaryDirectory()
        let lines = [
            submissionLine(id: "late", submittedAt: "2026-03-01T00:00:00Z", email: "same@example.org", justification: "aaa"),
            submissionLine(id: "other", submittedAt: "2026-01-01T00:00:00Z", email: "zed@example.org"),
            submissionLine(id: "early", submittedAt: "2026-02-01T00:00:00Z", email: "Same@Example.org", justification: "zzz"),
            submissionLine(id: "first", submittedAt: "2026-01-01T00:00:00Z", email: "a@example.org"),
        ]
        let desk = try Desk(queuePath: directory.write("q.jsonl", lines.joined(separator: "\n") + "\n"),
                            decisionsPath: directory.file("d.jsonl"), index: .disabled)
        let sorted = desk.rows(matching: .matchAll, sortedBy: try SortKey.parse("email"), now: WallClock.now()).map { desk.table.id(Int($0)) }
        #expect(sorted == ["first", "early", "late", "other"])
        let text = desk.foldedText()
        #expect(text.withEmail(2) { Array($0) } == Array("same@example.org".utf8))
        #expect(text.withJustification(2) { Array($0) } == Array("zzz".utf8))
    }
}
