#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// A queue rewritten under its derived files (index, clusters, search text) — in place, replaced
/// by a copy, or edited with its old modification time put back — and grown by one row, so that
/// an append and a rewrite look alike by size: nothing derived from the old bytes may be used.
@Suite(.serialized) struct RewrittenQueueTests {
    enum Rewrite: CaseIterable, CustomStringConvertible {
        /// `open(O_WRONLY)` without truncation, the changed bytes written over the old ones.
        case inPlace
        /// `rm` then a copy: a new file, which often gets the freed inode back.
        case removedAndCopied
        /// Same-size edit in place, then the old modification time restored (`utimensat`).
        case oldModificationTimeRestored

        var description: String {
            switch self {
            case .inPlace: "in place"
            case .removedAndCopied: "rm + cp"
            case .oldModificationTimeRestored: "old mtime restored"
            }
        }
    }

    /// 3,000 generated rows (~350 KB, well past the first and last 64 KiB) with one Swedish row in
    /// the middle whose text holds a word no other row has; every derived file written.
    struct Fixture {
        let directory = TemporaryDirectory()
        let path: String
        static let options = DerivedFileOptions(writesSynchronously: true)

        init() throws {
            var lines = generatedQueueLines(count: 3_000)
            lines[1_500] = submissionLine(id: "m1500", country: "SE", justification: "Zanzibar objection, written once")
            path = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
            let first = try open()
            _ = first.clusters
            _ = first.foldedText()
            first.saveSearchTextIfUseful()
            #expect(DerivedFiles.waitForPendingWrites())
            let warm = try open()
            _ = warm.foldedText()
            #expect(warm.queueFile!.rowsFromIndex == warm.table.count)
            #expect(warm.table.searchText.restoredRows == warm.table.count)
            guard case .loaded = ClusterFile.load(for: QueueSource(warm.queueFile!), parameters: warm.clusterParameters) else {
                Issue.record("the fixture's clusters were not saved")
                return
            }
        }

        func open(index: DerivedFileOptions = Fixture.options) throws -> Desk {
            try Desk(queuePath: path, decisionsPath: directory.file("d.jsonl"), index: index)
        }

        /// Makes the Swedish row American with other words (and another id when `newID`), the
        /// same number of bytes, and appends one valid row.
        func rewrite(_ kind: Rewrite, newID: Bool = false) {
            let old = fileBytes(path)
            let start = old.firstRange(of: Array(#""id":"m1500""#.utf8))!.lowerBound
            var edited = old
            func replace(_ from: String, _ to: String) {
                let range = edited[start...].firstRange(of: Array(from.utf8))!
                edited.replaceSubrange(range, with: Array(to.utf8))
            }
            replace(#""country":"SE""#, #""country":"US""#)
            replace("Zanzibar", "Quokkaaa")
            if newID { replace(#""id":"m1500""#, #""id":"x1500""#) }
            #expect(edited.count == old.count)
            let appended = Array((submissionLine(id: "late1", country: "FR", justification: "Arrived after the rewrite") + "\n").utf8)
            let changed = edited.indices.filter { edited[$0] != old[$0] }
            let time = modificationTime(path)
            switch kind {
            case .inPlace, .oldModificationTimeRestored:
                overwrite(path, at: changed.first!, with: Array(edited[changed.first!...changed.last!]))
                directory.append("q.jsonl", String(decoding: appended, as: UTF8.self))
                if kind == .oldModificationTimeRestored { setModificationTime(path, to: time) }
            case .removedAndCopied:
                unlink(path)
                // A plain create and write, as `cp` does (the freed inode usually comes back).
                let file = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
                let bytes = edited + appended
                #expect(bytes.withUnsafeBytes { write(file, $0.baseAddress!, $0.count) } == bytes.count)
                close(file)
            }
        }
    }

    /// What a cold read (no derived file) of the file as it is now says.
    private func expectSameAsCold(_ desk: Desk, _ fixture: Fixture, _ kind: Rewrite) throws {
        let cold = try fixture.open(index: .disabled)
        #expect(QueueFacts(desk.queueFile!) == QueueFacts(cold.queueFile!), "\(kind)")
        #expect(foldedRows(desk.table) == foldedRows(cold.table), "\(kind)")
    }

    @Test(arguments: Rewrite.allCases)
    func theIndexOfTheOldBytesIsNotUsed(_ kind: Rewrite) throws {
        let fixture = try Fixture()
        fixture.rewrite(kind)
        let desk = try fixture.open()
        #expect(desk.queueFile!.rowsFromIndex == 0, "\(kind)")
        #expect(desk.rows(matching: try FilterParser.parse("country:SE"), now: WallClock.now()).isEmpty, "\(kind)")
        #expect(desk.rows(matching: try FilterParser.parse("country:US"), now: WallClock.now()).contains { desk.table.id(Int($0)) == "m1500" }, "\(kind)")
        try expectSameAsCold(desk, fixture, kind)
    }

    @Test(arguments: Rewrite.allCases)
    func theSavedSearchTextOfTheOldBytesIsNotUsed(_ kind: Rewrite) throws {
        let fixture = try Fixture()
        fixture.rewrite(kind)
        let desk = try fixture.open()
        _ = desk.foldedText()
        #expect(desk.table.searchText.restoredRows == 0, "\(kind)")
        #expect(desk.rows(matching: try FilterParser.parse("zanzibar"), now: WallClock.now()).isEmpty, "\(kind)")
        #expect(desk.rows(matching: try FilterParser.parse("quokkaaa"), now: WallClock.now()).count == 1, "\(kind)")
        try expectSameAsCold(desk, fixture, kind)
    }

    @Test(arguments: Rewrite.allCases)
    func theSavedClustersOfTheOldBytesAreNotUsed(_ kind: Rewrite) throws {
        let fixture = try Fixture()
        fixture.rewrite(kind)
        let desk = try fixture.open()
        guard case .rejected = ClusterFile.load(for: QueueSource(desk.queueFile!), parameters: desk.clusterParameters) else {
            Issue.record("the clusters of the old bytes were accepted (\(kind))")
            return
        }
    }

    /// The stamp every derived file carries covers the whole prefix, not its ends.
    @Test func aStampNoticesAnEditAnywhereInThePrefix() throws {
        let fixture = try Fixture()
        let desk = try fixture.open()
        let stamp = try #require(QueuePrefixStamp(QueueSource(desk.queueFile!), rows: desk.table.count))
        fixture.rewrite(.oldModificationTimeRestored)
        #expect(throws: DerivedFileError.self) { try stamp.check(QueueSource(desk.queueFile!)) }
    }

    @Test func aRowWhoseLineChangedIsNamedByTheRecheck() throws {
        let fixture = try Fixture()
        let desk = try fixture.open()
        let swedish = desk.rows(matching: try FilterParser.parse("country:SE"), now: WallClock.now())
        let other = try #require(desk.table.row(forID: "g1501"))
        #expect(swedish.count == 1)
        fixture.rewrite(.inPlace, newID: true)
        let checked = desk.recheck(swedish + [Int32(other)], comparingFacts: true)
        #expect(checked.unchanged == [Int32(other)])
        #expect(checked.changed.map(\.id) == ["m1500"])
        #expect(checked.changed.first?.reason.contains("x1500") == true, "\(checked.changed)")
    }

    @Test func aRowWhoseFactsChangedButNotItsIdIsNamedUnlessOnlyTheIdCounts() throws {
        let fixture = try Fixture()
        let desk = try fixture.open()
        let swedish = desk.rows(matching: try FilterParser.parse("country:SE"), now: WallClock.now())
        fixture.rewrite(.inPlace)
        #expect(desk.recheck(swedish, comparingFacts: true).changed.map(\.id) == ["m1500"])
        #expect(desk.recheck(swedish, comparingFacts: false).unchanged == swedish)
    }
}
