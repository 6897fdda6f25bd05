import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// A claim counts only when the file system and the process table back what it says.
@Suite("Claims: forged files do not count")
struct ClaimTrustTests {
    private let minute: Int64 = 60_000

    /// Writes a claim file as `ClaimFileFormat` does, but with whatever a teammate typed.
    private func forge(_ path: String, holder: String, osUser: String, pid: Int32, renewedAt: Int64, expiresAt: Int64,
                       host: String = ClaimHolder.currentHost) {
        let claim = Claim(holder: holder, reviewer: osUser, osUser: osUser, host: host, pid: pid,
                          renewedAt: renewedAt, expiresAt: expiresAt, ids: ["obj-1", "obj-2"])
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path + "/\(holder).claim", contents: Data(ClaimFileFormat.encode(claim)))
    }

    @Test func aClaimNamingAnotherAccountThanItsFilesOwnerIsIgnoredAndReported() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let now = WallClock.now()
        // Written by this account, naming another one that exists on every Debian system.
        let other = try #require(["nobody", "daemon"].first { (name: String) in
            guard let entry = getpwnam(name) else { return false }
            return entry.pointee.pw_uid != getuid()
        })
        forge(path, holder: "forged", osUser: other, pid: getpid(), renewedAt: now, expiresAt: now + minute)
        let store = FileClaimStore(directory: path)
        #expect(try store.liveClaims(now: now).isEmpty)
        #expect(store.problems == ["forged.claim: written by \(OSUser.current) but names os_user \"\(other)\"; ignored"])
        // The same claim naming its real writer counts.
        forge(path, holder: "honest", osUser: OSUser.current, pid: getpid(), renewedAt: now, expiresAt: now + minute)
        #expect(try store.liveClaims(now: now).map(\.holder) == ["honest"])
    }

    @Test func anExpiryMoreThanOneLeaseAheadOfItsRenewalOrOfNowIsIgnored() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let now = WallClock.now()
        let me = OSUser.current
        forge(path, holder: "until-2099", osUser: me, pid: getpid(), renewedAt: now, expiresAt: 4_070_908_800_000)
        forge(path, holder: "renewed-in-2099", osUser: me, pid: getpid(), renewedAt: 4_070_908_500_000, expiresAt: 4_070_908_800_000)
        forge(path, holder: "lease", osUser: me, pid: getpid(), renewedAt: now, expiresAt: now + 5 * minute + 30_000)
        let store = FileClaimStore(directory: path)
        #expect(try store.liveClaims(now: now).map(\.holder) == ["lease"])
        #expect(store.problems.count == 2)
        #expect(store.problems.allSatisfy { $0.contains("more than one lease (330 s) after its renewal or now; ignored") })
    }

    @Test func pidOneOrAProcessOfAnotherAccountHoldsNothingOnThisHost() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("claims")
        let now = WallClock.now()
        forge(path, holder: "init", osUser: OSUser.current, pid: 1, renewedAt: now, expiresAt: now + minute)
        let store = FileClaimStore(directory: path)
        #expect(try store.liveClaims(now: now).isEmpty)
        #expect(store.problems == ["init.claim: names pid 1, which is not a review screen; ignored"])
        // Another host's pid is not looked up here: that claim ends by its expiry.
        forge(path, holder: "remote", osUser: OSUser.current, pid: 1, renewedAt: now, expiresAt: now + minute, host: "elsewhere.example")
        #expect(try store.liveClaims(now: now).map(\.holder) == ["remote"])
    }
}
