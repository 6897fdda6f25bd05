import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The derived files on disk (`DerivedFileInventory`, `DerivedFileCache`): which file each belongs
/// to, orphans, pruning by age and by budget, the daily prune, and never touching anything else.
@Suite struct DerivedFileCacheTests {
    /// A directory whose queues keep their derived files in its own cache directory.
    private struct Fixture {
        let directory = TemporaryDirectory()
        var cacheDirectory: String { directory.file("cache/objection-desk") }

        /// Derived files go to the cache (a directory that takes none), written before returning.
        var options: DerivedFileOptions {
            var options = DerivedFileOptions(cacheHome: directory.file("cache"), writesSynchronously: true)
            options.directoryIsWritable = { _ in false }
            return options
        }

        /// A queue of `rows` rows named `name`, opened once so that its index is in the cache.
        @discardableResult
        func queue(_ name: String, rows: Int = 200, options: DerivedFileOptions? = nil) throws -> String {
            let path = directory.write(name, generatedQueueLines(count: rows, idPrefix: name + "-").joined(separator: "\n") + "\n")
            _ = try QueueFile(path: path, index: options ?? self.options)
            return path
        }

        func inventory(beside: [String] = [], inUse: [String] = []) -> DerivedFileInventory {
            DerivedFileInventory(cacheDirectory: cacheDirectory, besideFilesOf: beside, inUse: inUse, now: WallClock.now())
        }

        /// Every name in the cache directory.
        var cached: Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)) ?? []) }
    }

    private static let day: Int64 = 86_400_000

    /// Sets both times of `path` to `milliseconds` ago.
    private func age(_ path: String, by milliseconds: Int64) {
        let then = WallClock.now() - milliseconds
        var times = [timespec(tv_sec: Int(then / 1000), tv_nsec: 0), timespec(tv_sec: Int(then / 1000), tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW) == 0)
    }

    /// Ages every file of `queue`'s cache set.
    private func age(set entries: [DerivedFileEntry], of queue: String, by milliseconds: Int64) {
        for entry in entries where entry.source == real(queue) { age(entry.path, by: milliseconds) }
    }

    private func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    // MARK: Which queue an entry belongs to

    @Test func aCacheEntryRecordsItsQueueAndIsCurrent() throws {
        let fixture = Fixture()
        let queue = try fixture.queue("q.jsonl")
        let entries = fixture.inventory().entries
        let index = try #require(entries.first { $0.kind == .queueIndex })
        #expect(index.place == .cache && index.source == real(queue) && index.state == .current && index.sourceKind == "queue")
        #expect(index.bytes > 0 && index.bytes == Int64(fileBytes(index.path).count))
        // The record that says so: KEY.odo beside KEY.odx.
        #expect(entries.contains { $0.kind == .sourceRecord && $0.group == index.group })
        #expect(fixture.cached == [index.group + ".odx", index.group + ".odo"])
    }

    @Test func anEntryWhoseQueueIsGoneIsAnOrphan() throws {
        let fixture = Fixture()
        let queue = try fixture.queue("q.jsonl")
        #expect(unlink(queue) == 0)
        let entries = fixture.inventory().entries
        #expect(!entries.isEmpty && entries.allSatisfy { $0.state == .orphan(.gone) && $0.source == fixture.directory.path.resolvingRealPath + "/q.jsonl" })
    }

    @Test func anEntryWhoseQueueWasReplacedByAnotherFileIsAnOrphan() throws {
        let fixture = Fixture()
        let queue = try fixture.queue("q.jsonl")
        // `cp new q.jsonl.tmp && mv q.jsonl.tmp q.jsonl`: same path, another inode.
        let replacement = fixture.directory.write("q.jsonl.new", fileBytes(queue))
        #expect(rename(replacement, queue) == 0)
        let entries = fixture.inventory().entries
        #expect(!entries.isEmpty && entries.allSatisfy { $0.state == .orphan(.replaced) })
        // A queue rewritten in place (same inode) is still the entry's: stale, not orphaned.
        let other = Fixture()
        let kept = try other.queue("q.jsonl")
        let handle = try #require(FileHandle(forWritingAtPath: kept))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("{}\n".utf8))
        try handle.close()
        #expect(other.inventory().entries.allSatisfy { $0.state == .current })
    }

    @Test func anEntryWithoutARecordHasAnUnknownQueueAndIsNoOrphan() throws {
        let fixture = Fixture()
        let queue = try fixture.queue("q.jsonl")
        let record = try #require(fixture.inventory().entries.first { $0.kind == .sourceRecord })
        #expect(unlink(record.path) == 0)
        #expect(unlink(queue) == 0)
        let entries = fixture.inventory().entries
        #expect(entries.count == 1 && entries[0].state == .unknown && entries[0].source == nil)
        var inventory = fixture.inventory()
        #expect(inventory.prune(DerivedFilePrunePolicy(orphans: true), now: WallClock.now()).removed.isEmpty)
    }

    @Test func aLedgerSnapshotBelongsToItsDecisionLog() throws {
        let fixture = Fixture()
        let record = DerivedFileSource(path: "/nonexistent/d.jsonl", device: 1, inode: 2)
        try FileManager.default.createDirectory(atPath: fixture.cacheDirectory, withIntermediateDirectories: true)
        let snapshot = fixture.cacheDirectory + "/" + record.key + ".odl"
        #expect(FileManager.default.createFile(atPath: snapshot, contents: Data(LedgerFile.magic + [UInt8](repeating: 0, count: 200)), attributes: [.posixPermissions: 0o600]))
        #expect(SourceRecord.write(record, to: fixture.cacheDirectory + "/" + record.key + ".odo"))
        let entry = try #require(fixture.inventory().entries.first { $0.kind == .ledgerSnapshot })
        #expect(entry.sourceKind == "decision log" && entry.source == "/nonexistent/d.jsonl" && entry.state == .orphan(.gone))
        #expect(DerivedFileEntry.Orphan.gone.reason(entry.sourceKind) == "its decision log is gone")
    }

    @Test func filesBesideTheQueueAreMatchedToItByNameAndHeader() throws {
        let fixture = Fixture()
        var beside = DerivedFileOptions(writesSynchronously: true)
        beside.directoryIsWritable = { _ in true }
        let queue = try fixture.queue("q.jsonl", options: beside)
        let index = fixture.directory.file(".q.jsonl.odx")
        #expect(exists(index))
        var entries = fixture.inventory(beside: [queue], inUse: [queue]).entries
        #expect(entries.count == 1 && entries[0].place == .beside && entries[0].path.hasSuffix("/.q.jsonl.odx"))
        #expect(entries[0].state == .current && entries[0].inUse && entries[0].source == real(queue))
        // Another queue of that name (`mv`): the file beside it describes the one that is gone.
        #expect(rename(fixture.directory.write("new", fileBytes(queue)), queue) == 0)
        entries = fixture.inventory(beside: [queue], inUse: [queue]).entries
        #expect(entries.count == 1 && entries[0].state == .orphan(.replaced) && !entries[0].inUse)
        #expect(unlink(queue) == 0)
        #expect(fixture.inventory(beside: [queue]).entries.first?.state == .orphan(.gone))
        var inventory = fixture.inventory(beside: [queue])
        let report = inventory.prune(DerivedFilePrunePolicy(orphans: true), now: WallClock.now())
        #expect(report.removed.map(\.entry.path) == [entries[0].path] && !exists(index))
    }

    // MARK: Pruning

    @Test func pruneRemovesOrphansWithTheirRecordAndKeepsTheRest() throws {
        let fixture = Fixture()
        let gone = try fixture.queue("gone.jsonl")
        let kept = try fixture.queue("kept.jsonl", rows: 300)
        let keptFiles = Set(fixture.inventory().entries.filter { $0.source == real(kept) }.map { PathParts.name(of: $0.path) })
        #expect(keptFiles.count == 2)
        #expect(unlink(gone) == 0)
        var inventory = fixture.inventory()
        let report = inventory.prune(DerivedFilePrunePolicy(orphans: true), now: WallClock.now())
        #expect(report.removed.count == 2 && report.removed.allSatisfy { $0.entry.source == fixture.directory.path.resolvingRealPath + "/gone.jsonl" })
        #expect(report.removed.first { $0.entry.kind == .queueIndex }?.why == "its queue is gone")
        #expect(report.freedBytes == report.removed.reduce(0) { $0 + $1.entry.bytes } && report.freedBytes > 0)
        #expect(fixture.cached == keptFiles)
        #expect(inventory.entries.allSatisfy { $0.source == real(kept) })
    }

    @Test func pruneRemovesSetsUnusedForDaysButNotTheOneInUse() throws {
        let fixture = Fixture()
        let old = try fixture.queue("old.jsonl")
        let inUse = try fixture.queue("inuse.jsonl", rows: 250)
        let recent = try fixture.queue("recent.jsonl", rows: 300)
        let entries = fixture.inventory().entries
        age(set: entries, of: old, by: 40 * Self.day)
        age(set: entries, of: inUse, by: 40 * Self.day)
        age(set: entries, of: recent, by: 10 * Self.day)
        var inventory = fixture.inventory(inUse: [inUse])
        let report = inventory.prune(DerivedFilePrunePolicy(orphans: true, unusedForDays: 30), now: WallClock.now())
        #expect(Set(report.removed.map(\.entry.source)) == [real(old)])
        #expect(report.removed.first { $0.entry.kind == .queueIndex }?.why == "unused for 40 days")
        #expect(Set(inventory.entries.compactMap(\.source)) == [real(inUse), real(recent)])
        #expect(fixture.cached.count == 4)
    }

    @Test func theBudgetEvictsTheLeastRecentlyUsedWholeSetsButNeverTheOneInUse() throws {
        let fixture = Fixture()
        let oldest = try fixture.queue("oldest.jsonl", rows: 400)  // in use
        let older = try fixture.queue("older.jsonl", rows: 400)
        let old = try fixture.queue("old.jsonl", rows: 400)
        let newest = try fixture.queue("newest.jsonl", rows: 400)
        let entries = fixture.inventory().entries
        age(set: entries, of: oldest, by: 4 * Self.day)
        age(set: entries, of: older, by: 3 * Self.day)
        age(set: entries, of: old, by: 2 * Self.day)
        age(set: entries, of: newest, by: Self.day)
        func bytes(_ queue: String) -> Int64 { entries.filter { $0.source == real(queue) }.reduce(0) { $0 + $1.bytes } }
        // Room for three sets: the one in use, whatever its age, and the two most recently used.
        let budget = bytes(oldest) + bytes(old) + bytes(newest)
        var inventory = fixture.inventory(inUse: [oldest])
        let report = inventory.prune(DerivedFilePrunePolicy(orphans: true, cacheBudget: budget), now: WallClock.now())
        #expect(Set(report.removed.map(\.entry.source)) == [real(older)])
        #expect(report.removed.count == 2)  // the index and its record: the whole set
        #expect(report.removed[0].why.hasPrefix("least recently used, over the cache budget"))
        #expect(report.cacheBytes <= budget && report.inUseOverBudget == nil)
        #expect(Set(inventory.entries.compactMap(\.source)) == [real(oldest), real(old), real(newest)])

        // A budget smaller than the files in use: everything else goes, they stay, and it is said.
        var tight = fixture.inventory(inUse: [oldest])
        let squeezed = tight.prune(DerivedFilePrunePolicy(orphans: true, cacheBudget: 1), now: WallClock.now())
        #expect(Set(squeezed.removed.map(\.entry.source)) == [real(old), real(newest)])
        #expect(squeezed.inUseOverBudget == bytes(oldest))
        #expect(Set(tight.entries.compactMap(\.source)) == [real(oldest)])
    }

    @Test func aTemporaryFileIsAWriteUnderWayForAnHourThenAnOrphan() throws {
        let fixture = Fixture()
        try fixture.queue("q.jsonl")
        let key = try #require(fixture.inventory().entries.first?.group)
        let fresh = fixture.cacheDirectory + "/" + key + ".ods.tmp-999999-1"
        let stale = fixture.cacheDirectory + "/" + key + ".odc.tmp-999999-2"
        let empty = fixture.cacheDirectory + "/" + key + ".odx.tmp-999999-3"
        for path in [fresh, stale, empty] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(path == empty ? [] : Array("ODSEARCH".utf8) + [1, 2, 3]),
                                                   attributes: [.posixPermissions: 0o600]))
        }
        _ = FileManager.default.createFile(atPath: fresh, contents: Data(SearchTextFile.magic + [1]), attributes: [.posixPermissions: 0o600])
        _ = FileManager.default.createFile(atPath: stale, contents: Data(ClusterFile.magic + [1]), attributes: [.posixPermissions: 0o600])
        age(stale, by: 2 * 3_600_000)
        age(empty, by: 2 * 3_600_000)
        let entries = fixture.inventory().entries
        #expect(entries.first { $0.path == fresh }?.inUse == true)
        #expect(entries.first { $0.path == stale }?.state == .orphan(.interruptedWrite))
        #expect(entries.first { $0.path == empty }?.state == .orphan(.interruptedWrite))
        var inventory = fixture.inventory()
        let report = inventory.prune(DerivedFilePrunePolicy(orphans: true, unusedForDays: 0, cacheBudget: 0), now: WallClock.now())
        #expect(exists(fresh) && !exists(stale) && !exists(empty))
        #expect(report.removed.contains { $0.entry.path == stale && $0.why == "left by an interrupted write" })
    }

    @Test func nothingButThisUsersDerivedFilesIsEverRemoved() throws {
        let fixture = Fixture()
        let queue = try fixture.queue("q.jsonl")
        let key = try #require(fixture.inventory().entries.first?.group)
        let cache = fixture.cacheDirectory
        let other = String(repeating: "ab", count: 16)
        // Named like ours, but: another kind's contents, a symbolic link (to the queue), a file
        // others may write, a queue named like a derived file, and files that are no derived file.
        let wrongMagic = cache + "/" + other + ".odx"
        _ = FileManager.default.createFile(atPath: wrongMagic, contents: Data("{\"id\":\"x\"}\n".utf8), attributes: [.posixPermissions: 0o600])
        let link = cache + "/" + String(repeating: "cd", count: 16) + ".odx"
        #expect(symlink(queue, link) == 0)
        let writable = cache + "/" + String(repeating: "ef", count: 16) + ".odc"
        _ = FileManager.default.createFile(atPath: writable, contents: Data(ClusterFile.magic + [0, 0]), attributes: [.posixPermissions: 0o666])
        #expect(chmod(writable, 0o666) == 0)
        let unrelated = cache + "/notes.txt"
        _ = FileManager.default.createFile(atPath: unrelated, contents: Data("keep".utf8), attributes: [.posixPermissions: 0o600])
        let stamp = cache + "/" + DerivedFileCache.stampName
        DerivedFileCache.touchStamp(cache)
        let queueLikeIndex = fixture.directory.write(".queue.jsonl.odx", "{\"id\":\"s1\"}\n")
        let log = fixture.directory.write("d.jsonl", "")
        var foreign: String?
        if geteuid() == 0 {
            // Another user's file of the right kind, in the cache and beside the queue.
            foreign = cache + "/" + String(repeating: "01", count: 16) + ".odx"
            _ = FileManager.default.createFile(atPath: foreign!, contents: Data(fileBytes(cache + "/" + key + ".odx")), attributes: [.posixPermissions: 0o600])
            #expect(chown(foreign!, 65534, 65534) == 0)
        }
        for path in [wrongMagic, writable, unrelated, queueLikeIndex] + [foreign].compactMap({ $0 }) { age(path, by: 400 * Self.day) }
        #expect(unlink(queue) == 0)  // and the real entry is now an orphan
        var inventory = fixture.inventory(beside: [queue, log])
        #expect(inventory.entries.allSatisfy { $0.group == key })
        let report = inventory.prune(DerivedFilePrunePolicy(orphans: true, unusedForDays: 0, cacheBudget: 0), now: WallClock.now())
        #expect(report.failures.isEmpty)
        #expect(Set(report.removed.map { PathParts.name(of: $0.entry.path) }) == [key + ".odx", key + ".odo"])
        for path in [wrongMagic, link, writable, unrelated, stamp, queueLikeIndex, log] + [foreign].compactMap({ $0 }) {
            #expect(exists(path), "\(path) was removed")
        }
    }

    @Test func listingDoesNotMakeAFileLookUsed() throws {
        let fixture = Fixture()
        try fixture.queue("q.jsonl")
        let index = try #require(fixture.inventory().entries.first { $0.kind == .queueIndex })
        age(index.path, by: 10 * Self.day)
        _ = fixture.inventory()
        _ = fixture.inventory()
        let again = try #require(fixture.inventory().entries.first { $0.kind == .queueIndex })
        #expect(WallClock.now() - again.lastUsed > 9 * Self.day)
    }

    // MARK: The commands' daily prune

    @Test func theDailyPruneRemovesOrphansAtMostOnceADay() throws {
        let fixture = Fixture()
        let queue = try fixture.queue("q.jsonl")
        let gone = try fixture.queue("gone.jsonl", rows: 120)
        #expect(unlink(gone) == 0)
        let first = DerivedFileCache.commandStarted(queue: queue, log: nil, options: fixture.options, budget: DerivedFileCache.defaultBudget, now: WallClock.now())
        #expect(first?.removed.count == 2 && first?.removed.allSatisfy { $0.entry.state == .orphan(.gone) } == true)
        let stamp = fixture.cacheDirectory + "/" + DerivedFileCache.stampName
        #expect(exists(stamp))

        // Within the day: not again, whatever became an orphan meanwhile.
        let later = try fixture.queue("later.jsonl", rows: 130)
        #expect(unlink(later) == 0)
        #expect(DerivedFileCache.commandStarted(queue: queue, log: nil, options: fixture.options, budget: DerivedFileCache.defaultBudget, now: WallClock.now()) == nil)
        #expect(fixture.inventory().entries.contains { $0.state == .orphan(.gone) })

        // A day later it runs again.
        age(stamp, by: Self.day + 60_000)
        let next = DerivedFileCache.commandStarted(queue: queue, log: nil, options: fixture.options, budget: DerivedFileCache.defaultBudget, now: WallClock.now())
        #expect(next?.removed.count == 2)
        #expect(fixture.inventory().entries.allSatisfy { $0.source == real(queue) })
    }

    @Test func theDailyPruneKeepsTheBudgetWithoutTheQueueInUse() throws {
        let fixture = Fixture()
        let inUse = try fixture.queue("inuse.jsonl", rows: 400)
        let other = try fixture.queue("other.jsonl", rows: 400)
        let entries = fixture.inventory().entries
        age(set: entries, of: inUse, by: 5 * Self.day)
        let report = DerivedFileCache.commandStarted(queue: inUse, log: nil, options: fixture.options, budget: 1, now: WallClock.now())
        #expect(Set(report?.removed.map(\.entry.source) ?? []) == [real(other)])
        #expect(fixture.inventory().entries.allSatisfy { $0.source == real(inUse) })
    }

    @Test func aCommandMarksTheFilesOfItsQueueUsedAndRecordsAMissingSource() throws {
        let fixture = Fixture()
        let queue = try fixture.queue("q.jsonl")
        DerivedFileCache.touchStamp(fixture.cacheDirectory)  // the daily prune is not due
        let entries = fixture.inventory().entries
        let index = try #require(entries.first { $0.kind == .queueIndex })
        let record = try #require(entries.first { $0.kind == .sourceRecord })
        age(index.path, by: 20 * Self.day)
        #expect(unlink(record.path) == 0)
        #expect(DerivedFileCache.commandStarted(queue: queue, log: nil, options: fixture.options, budget: DerivedFileCache.defaultBudget, now: WallClock.now()) == nil)
        let after = fixture.inventory().entries
        #expect(WallClock.now() - (after.first { $0.kind == .queueIndex }?.lastUsed ?? 0) < 60_000)
        #expect(after.first { $0.kind == .queueIndex }?.source == real(queue))
        #expect(exists(record.path))
    }

    @Test func derivedFilesTurnedOffMeansNoDailyPrune() throws {
        let fixture = Fixture()
        try fixture.queue("gone.jsonl")
        #expect(unlink(fixture.directory.file("gone.jsonl")) == 0)
        var options = fixture.options
        options.mode = .disabled
        #expect(DerivedFileCache.commandStarted(queue: nil, log: nil, options: options, budget: 1, now: WallClock.now()) == nil)
        #expect(fixture.cached.count == 2)
    }

    // MARK: Sizes

    @Test func sizesAreReadAndWrittenInUnitsOf1024() {
        #expect(DerivedFileCache.parseSize("2G") == 2 << 30)
        #expect(DerivedFileCache.parseSize("2GB") == 2 << 30)
        #expect(DerivedFileCache.parseSize("500M") == 500 << 20)
        #expect(DerivedFileCache.parseSize("1.5 GiB") == 3 << 29)
        #expect(DerivedFileCache.parseSize("750mb") == 750 << 20)
        #expect(DerivedFileCache.parseSize("1048576") == 1 << 20)
        #expect(DerivedFileCache.parseSize("0") == 0)
        for bad in ["", "lots", "-1", "2X", "1e30", "G"] { #expect(DerivedFileCache.parseSize(bad) == nil, "\(bad)") }
        #expect(DerivedFileCache.formatSize(101_000_000) == "96 MB")
        #expect(DerivedFileCache.formatSize(512) == "512 B")
        #expect(DerivedFileCache.formatSize(1536) == "1.5 KB")
        #expect(DerivedFileCache.formatSize(2 << 30) == "2.0 GB")
        #expect(DerivedFileCache.budget(environment: [:]) == DerivedFileCache.defaultBudget)
        #expect(DerivedFileCache.budget(environment: ["OBJECTION_DESK_CACHE_MAX": "3G"]) == 3 << 30)
        #expect(DerivedFileCache.budget(environment: ["OBJECTION_DESK_CACHE_MAX": "plenty"]) == nil)
    }

    @Test func aSourceRecordReadsBackAndRefusesDamage() throws {
        let source = DerivedFileSource(path: "/srv/team/submissions.jsonl", device: 2049, inode: 1_234_567)
        let bytes = SourceRecord.encode(source)
        #expect(SourceRecord.decode(bytes) == source)
        for index in [0, 9, 20, 40, bytes.count - 1] {
            var damaged = bytes
            damaged[index] ^= 1
            #expect(SourceRecord.decode(damaged) == nil)
        }
        #expect(SourceRecord.decode(Array(bytes.dropLast())) == nil)
    }
}

private extension String {
    var resolvingRealPath: String {
        guard let resolved = realpath(self, nil) else { return self }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
