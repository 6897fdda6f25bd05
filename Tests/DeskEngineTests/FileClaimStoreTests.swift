import Foundation
import StoreContracts
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("File claim store")
struct FileClaimStoreTests {
    private let now = ClaimStoreContract.now
    private let minute = ClaimStoreContract.minute

    @Test(arguments: ClaimStoreContract.Check.allCases)
    func meetsTheClaimStoreContract(_ check: ClaimStoreContract.Check) throws {
        let directory = TemporaryDirectory()
        let path = FileClaimStore.directory(forDecisionLog: directory.file("decisions.jsonl"))
        try ClaimStoreContract.verify(check) { FileClaimStore(directory: path, maximumLease: 120 * ClaimStoreContract.minute) }
        withExtendedLifetime(directory) {}
    }

    @Test func theDirectoryIsBesideTheLogAndEveryFileIsPrivate() throws {
        let directory = TemporaryDirectory()
        let path = FileClaimStore.directory(forDecisionLog: directory.file("decisions.jsonl"))
        #expect(path == directory.file("decisions.jsonl.claims"))
        let store = makeStore(path)
        #expect(store.watchPath == path)
        let ana = ClaimStoreContract.holder("ana")
        _ = try store.claim(["a", "b"], for: ana, until: now + minute, now: now)
        #expect(mode(path) == 0o700)
        #expect(mode(path + "/lock") == 0o600)
        #expect(mode(path + "/\(ana.id).claim") == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        #expect(names == ["\(ana.id).claim", "lock"])
    }

    @Test func aSetgidTeamDirectoryGivesGroupAccessButNeverWorld() throws {
        let directory = TemporaryDirectory()
        #expect(chmod(directory.path, 0o2775) == 0)
        let path = FileClaimStore.directory(forDecisionLog: directory.file("decisions.jsonl"))
        let ana = ClaimStoreContract.holder("ana")
        _ = try makeStore(path).claim(["a"], for: ana, until: now + minute, now: now)
        #expect(mode(path) == 0o3770)
        #expect(mode(path + "/lock") == 0o660)
        #expect(mode(path + "/\(ana.id).claim") == 0o660)
    }

    @Test func theFileHoldsWhoWhereWhenAndTheIDs() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let holder = ClaimHolder(id: "desk1-4711-9f3a0c21", reviewer: "ben", osUser: "bsmith", host: "desk1", pid: 4711)
        _ = try makeStore(path).claim(["obj-1", "obj-\"2\""], for: holder, until: now + 5 * minute, now: now)
        let text = try String(contentsOfFile: path + "/desk1-4711-9f3a0c21.claim", encoding: .utf8)
        #expect(text == #"{"holder":"desk1-4711-9f3a0c21","reviewer":"ben","os_user":"bsmith","host":"desk1","pid":4711,"renewed_at":"2026-11-20T12:00:00.000Z","expires_at":"2026-11-20T12:05:00.000Z","count":2,"ids":["obj-1","obj-\"2\""]}"# + "\n")
        let decoded = try ClaimFileFormat.decode(Array(text.utf8))
        #expect(decoded.ids == ["obj-1", "obj-\"2\""] && decoded.pid == 4711 && decoded.expiresAt == now + 5 * minute)
    }

    @Test func aWorldWritableDirectoryOrASymlinkIsRefused() throws {
        let directory = TemporaryDirectory()
        let open = directory.file("open")
        #expect(mkdir(open, 0o777) == 0 && chmod(open, 0o777) == 0)
        let ana = ClaimStoreContract.holder("ana")
        #expect(throws: ClaimStoreError.writableByOthers(path: open, mode: UInt32(S_IFDIR | 0o777))) {
            try makeStore(open).claim(["a"], for: ana, until: now + minute, now: now)
        }
        let link = directory.file("link")
        #expect(symlink(directory.path, link) == 0)
        #expect(throws: ClaimStoreError.notADirectory(path: link)) {
            try makeStore(link).claim(["a"], for: ana, until: now + minute, now: now)
        }
    }

    @Test func unreadableFilesAreIgnoredAndReported() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let store = makeStore(path)
        _ = try store.claim(["a"], for: ClaimStoreContract.holder("ana"), until: now + minute, now: now)
        _ = FileManager.default.createFile(atPath: path + "/empty.claim", contents: Data())
        _ = FileManager.default.createFile(atPath: path + "/other.claim", contents: Data(#"{"holder":"someone-else","reviewer":"x","os_user":"x","host":"h","pid":1,"renewed_at":"2026-11-20T12:00:00Z","expires_at":"2099-01-01T00:00:00Z","ids":["b"]}"#.utf8))
        _ = FileManager.default.createFile(atPath: path + "/notes.txt", contents: Data("ignored".utf8))
        let live = try store.liveClaims(now: now)
        #expect(live.flatMap(\.ids) == ["a"])
        #expect(store.problems.count == 2)
        #expect(store.problems.contains { $0.hasPrefix("empty.claim: not JSON") })
        #expect(store.problems.contains { $0.hasPrefix("other.claim: names holder") })
    }

    @Test func aMissingDirectoryHoldsNoClaimsAndReadingCreatesNothing() throws {
        let directory = TemporaryDirectory()
        let store = makeStore(directory.file("never-made"))
        #expect(try store.liveClaims(now: now).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.file("never-made")))
        try store.release(ClaimStoreContract.holder("ana"))
    }

    @Test func aZombieProcessHoldsNothing() throws {
        // Exited but not reaped (its parent has not waited yet): the pid still answers kill(pid, 0).
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { free(argv[0]) }
        #expect(posix_spawn(&pid, "/bin/true", nil, nil, &argv, nil) == 0)
        defer { var status: Int32 = 0; waitpid(pid, &status, 0) }
        var isZombie = false
        for _ in 0..<200 where !isZombie {
            usleep(10_000)
            isZombie = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true
        }
        try #require(isZombie)
        #expect(kill(pid, 0) == 0)
        let directory = TemporaryDirectory()
        let store = makeStore(directory.file("claims"))
        _ = try store.claim(["a"], for: ClaimStoreContract.holder("zombie", pid: pid), until: now + minute, now: now)
        #expect(try store.liveClaims(now: now).isEmpty)
    }

    @Test func takersRemoveClaimsThatNoLongerCount() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let expired = ClaimStoreContract.holder("old")
        let dead = ClaimStoreContract.holder("dead", pid: try ClaimStoreContract.finishedProcessID())
        _ = try makeStore(path).claim(["a"], for: expired, until: now + minute, now: now)
        _ = try makeStore(path).claim(["b"], for: dead, until: now + 60 * minute, now: now)
        _ = FileManager.default.createFile(atPath: path + "/.crashed-1-1.tmp", contents: Data("{".utf8))
        let old = timespec(tv_sec: time(nil) - 3_600, tv_nsec: 0)
        let times = [old, old]
        _ = times.withUnsafeBufferPointer { utimensat(AT_FDCWD, path + "/.crashed-1-1.tmp", $0.baseAddress, 0) }
        let ben = ClaimStoreContract.holder("ben")
        _ = try makeStore(path).claim(["c"], for: ben, until: now + 3 * minute, now: now + 2 * minute)
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        #expect(names == ["\(ben.id).claim", "lock"])
    }

    @Test func rereadingAnUnchangedDirectoryReusesTheParsedClaims() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let ids = (0..<50_000).map { "obj-\($0)" }
        _ = try makeStore(path).claim(ids, for: ClaimStoreContract.holder("ana"), until: now + minute, now: now)
        let reader = makeStore(path)
        let first = try reader.liveClaims(now: now)
        let clock = ContinuousClock()
        var again: [Claim] = []
        let elapsed = clock.measure { for _ in 0..<20 { again = (try? reader.liveClaims(now: now)) ?? [] } }
        #expect(again == first)
        #expect(elapsed < .milliseconds(500), "20 re-reads of an unchanged 50,000-id claim took \(elapsed)")
    }

    @Test func aSettledFileIsTrustedUntilItIsReplaced() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let ana = ClaimStoreContract.holder("ana")
        let writer = makeStore(path)
        _ = try writer.claim(["a"], for: ana, until: now + 60 * minute, now: now)
        let file = path + "/\(ana.id).claim"
        let old = timespec(tv_sec: time(nil) - 3_600, tv_nsec: 0)
        _ = [old, old].withUnsafeBufferPointer { utimensat(AT_FDCWD, file, $0.baseAddress, 0) }
        let reader = makeStore(path)
        #expect(try reader.liveClaims(now: now).flatMap(\.ids) == ["a"])
        #expect(try reader.liveClaims(now: now).flatMap(\.ids) == ["a"])  // from the memo
        _ = try writer.claim(["b"], for: ana, until: now + 60 * minute, now: now)
        #expect(try reader.liveClaims(now: now).flatMap(\.ids) == ["b"])
    }

    /// A store that believes the long leases these tests write.
    private func makeStore(_ path: String) -> FileClaimStore {
        FileClaimStore(directory: path, maximumLease: 120 * minute)
    }

    private func mode(_ path: String) -> mode_t {
        var status = stat()
        _ = lstat(path, &status)
        return status.st_mode & 0o7777
    }
}
