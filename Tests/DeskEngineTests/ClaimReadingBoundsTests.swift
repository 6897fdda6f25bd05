import Foundation
import StoreContracts
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// What reading claims costs is bounded: big files are not read, unchanged ones not read again.
@Suite("File claim store: reading bounds and caching")
struct ClaimReadingBoundsTests {
    private let now = ClaimStoreContract.now
    private let minute = ClaimStoreContract.minute

    /// A live claim of another host (so no process check), as its file's bytes. It names the
    /// account that writes the file, or the store would not trust it.
    private func claimFile(holder: String, ids: [String]) -> [UInt8] {
        ClaimFileFormat.encode(Claim(holder: holder, reviewer: "mallory", osUser: OSUser.current, host: "elsewhere", pid: 1,
                                     renewedAt: now, expiresAt: now + 5 * minute, ids: ids))
    }

    private func backdate(_ path: String, seconds: Int = 60) {
        let old = timespec(tv_sec: time(nil) - seconds, tv_nsec: 0)
        _ = [old, old].withUnsafeBufferPointer { utimensat(AT_FDCWD, path, $0.baseAddress, AT_SYMLINK_NOFOLLOW) }
    }

    @Test func aClaimFileOverTheSizeLimitIsIgnoredWithANote() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        #expect(mkdir(path, 0o700) == 0)
        let big = claimFile(holder: "big", ids: (0..<10_000).map { "obj-\($0)" })
        #expect(big.count > 64 << 10)
        _ = directory.write("claims/big.claim", big)
        _ = directory.write("claims/small.claim", claimFile(holder: "small", ids: ["s1"]))
        let store = FileClaimStore(directory: path)
        #expect(try store.liveClaims(now: now).map(\.holder) == ["small"])
        #expect(store.problems == ["big.claim: larger than 64 KiB; ignored"])
    }

    @Test func aScreenNeverWritesMoreThanReadersRead() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let ids = (0..<20_000).map { "obj-2026-\($0)" }
        let outcome = try FileClaimStore(directory: path).claim(ids, for: ClaimStoreContract.holder("ana"), until: now + minute, now: now)
        #expect(outcome.granted.count > 2_000 && outcome.granted.count < ids.count)
        #expect(outcome.granted == Array(ids.prefix(outcome.granted.count)), "the first ids, in request order")
        let reader = FileClaimStore(directory: path)
        #expect(try reader.liveClaims(now: now).first?.ids == outcome.granted)
        #expect(reader.problems.isEmpty)
    }

    /// 3,000 claim files, unchanged: reading them again lists nothing and reads no file (an idle
    /// screen reads every 100 ms), and gives the same claims.
    @Test func rereadingAnUnchangedDirectoryOfManyClaimFilesIsCheap() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        #expect(mkdir(path, 0o700) == 0)
        for index in 0..<3_000 {
            let file = directory.write("claims/h\(index).claim", claimFile(holder: "h\(index)", ids: ["obj-\(index)"]))
            backdate(file)
        }
        backdate(path)
        let files = ClaimDirectory(path: path)
        let first = try files.scan()
        #expect(first.count == 3_000)
        for _ in 0..<10 { #expect(try files.scan().count == 3_000) }
        #expect(files.listings == 1 && files.filesRead == 3_000, "listings \(files.listings), files read \(files.filesRead)")
        let store = FileClaimStore(directory: path)
        let claims = try store.liveClaims(now: now)
        #expect(claims.count == 3_000)
        #expect(try store.liveClaims(now: now) == claims)
    }

    @Test func theListingIsReusedUntilTheDirectoryChanges() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        #expect(mkdir(path, 0o700) == 0)
        for index in 0..<3 {
            let file = directory.write("claims/h\(index).claim", claimFile(holder: "h\(index)", ids: ["obj-\(index)"]))
            backdate(file)
        }
        backdate(path)
        let files = ClaimDirectory(path: path)
        #expect(try files.scan().count == 3)
        #expect(try files.scan().count == 3)
        #expect(files.listings == 1 && files.filesRead == 3)
        _ = directory.write("claims/h3.claim", claimFile(holder: "h3", ids: ["obj-3"]))
        #expect(try files.scan().count == 4)
        #expect(files.listings == 2 && files.filesRead == 4, "only the new file is read")
    }
}
