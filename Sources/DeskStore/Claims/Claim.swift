#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open screen's claim on submissions: coordination between reviewers, never part of the
/// decision log (the legal record).
///
/// A claim is a lease: it counts until `expiresAt` unless its holder releases it earlier, and a
/// store may drop it at once when it can tell the holder is gone (a dead process on this host).
package struct Claim: Equatable, Sendable {
    /// Who holds it: one open screen (host, pid and a random part), not one person.
    package var holder: String
    /// The name the reviewer works under (`--reviewer`, else the login name).
    package var reviewer: String
    /// The real OS account of the holding process.
    package var osUser: String
    package var host: String
    package var pid: Int32
    /// Milliseconds since the epoch.
    package var renewedAt: Int64
    package var expiresAt: Int64
    /// The claimed submission ids.
    package var ids: [String]

    package init(holder: String, reviewer: String, osUser: String, host: String, pid: Int32,
                renewedAt: Int64, expiresAt: Int64, ids: [String]) {
        self.holder = holder
        self.reviewer = reviewer
        self.osUser = osUser
        self.host = host
        self.pid = pid
        self.renewedAt = renewedAt
        self.expiresAt = expiresAt
        self.ids = ids
    }

    /// `ben (bsmith@host, pid 4711)`: the reviewer, then where the claim comes from. Raw text:
    /// sanitize before showing it in a terminal.
    package var holderDescription: String {
        "\(reviewer) (\(osUser)@\(host), pid \(pid))"
    }

    /// The longest lease a standard screen writes: five minutes after the last key plus the 30 s
    /// a renewal runs ahead. Readers ignore claims that reach further (`ClaimTrust`).
    package static let standardMaximumLease: Int64 = 330_000
}

/// Whether a process on this host still runs.
package enum ProcessLiveness {
    /// False when the pid is gone (ESRCH) or is a zombie (Linux `/proc/<pid>/stat` state `Z`/`X`):
    /// a process killed under a parent that has not reaped it yet (seen with tmux) keeps its pid.
    /// A process of another user (EPERM) runs.
    package static func isRunning(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 { return errno != ESRCH }
        let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0, let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")), close + 2 < count else { return true }
        let state = buffer[close + 2]
        return state != UInt8(ascii: "Z") && state != UInt8(ascii: "X")
    }

    /// The real uid a process runs under (`/proc/<pid>/status`), or nil where that cannot be read.
    static func owner(of pid: Int32) -> uid_t? {
        let descriptor = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
              let real = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first else { return nil }
        return uid_t(real)
    }
}

/// The identity under which one open screen (or another process) holds claims.
///
/// Identified per process and screen, not per reviewer: two screens of the same reviewer are two
/// holders and split the queue between them like any two reviewers would.
package struct ClaimHolder: Equatable, Hashable, Sendable {
    /// Unique per screen: `host-pid-random`; also the claim file's name in a file store.
    package let id: String
    package let reviewer: String
    package let osUser: String
    package let host: String
    package let pid: Int32

    package init(id: String, reviewer: String, osUser: String, host: String, pid: Int32) {
        self.id = id
        self.reviewer = reviewer
        self.osUser = osUser
        self.host = host
        self.pid = pid
    }

    /// A new holder for this process, under `reviewer`.
    package static func thisProcess(reviewer: String) -> ClaimHolder {
        let host = currentHost
        let pid = getpid()
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        let safeHost = String(host.unicodeScalars.map { scalar -> Character in
            let value = scalar.value
            let allowed = (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || scalar == "." || scalar == "-"
            return allowed ? Character(scalar) : "_"
        }.prefix(64))
        return ClaimHolder(id: "\(safeHost.isEmpty ? "host" : safeHost)-\(pid)-\(random)", reviewer: reviewer,
                           osUser: OSUser.current, host: host, pid: pid)
    }

    /// This machine's name, as `gethostname` gives it.
    package static var currentHost: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `claim` was taken by the same person: the same reviewer name and the same OS
    /// account. The command line is not blocked by its own reviewer's screens.
    package func isSamePerson(as claim: Claim) -> Bool {
        claim.reviewer == reviewer && claim.osUser == osUser
    }
}

/// What taking a claim gave: the ids now held, the ids others hold, and everyone else's claims.
package struct ClaimOutcome: Equatable, Sendable {
    /// The requested ids that are now this holder's, in request order, without repeats.
    package var granted: [String]
    /// The requested ids that another holder's live claim covers, each with that holder's id.
    package var heldByOthers: [String: String]
    /// Every other holder's live claim as seen while taking.
    package var others: [Claim]
    /// What the store now keeps for this holder (nil when nothing was granted).
    package var mine: Claim?

    package init(granted: [String], heldByOthers: [String: String], others: [Claim], mine: Claim?) {
        self.granted = granted
        self.heldByOthers = heldByOthers
        self.others = others
        self.mine = mine
    }
}
