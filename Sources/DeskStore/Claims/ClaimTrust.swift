#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which claim files a reader believes: members of the team's group can write any file in the
/// claims directory, so a claim's own words (its `os_user`, expiry and pid) are checked against
/// what the file system and the process table say.
///
/// A claim counts only when its file belongs to the OS account it names, it expires at most one
/// lease after its renewal and after now, and — on the host that wrote it — its process runs
/// under that account (pid 1, init, never holds a screen). A teammate's file naming someone else,
/// a claim until 2099 or one "held" by init is ignored and reported by `objection-desk claims`.
final class ClaimTrust {
    /// The longest lease a screen writes: expiry minus renewal, in milliseconds.
    let maximumLease: Int64
    let thisHost: String
    /// Account names already looked up: the directory is read every 100 ms.
    private var uids: [String: uid_t?] = [:]

    init(maximumLease: Int64, thisHost: String) {
        self.maximumLease = maximumLease
        self.thisHost = thisHost
    }
    /// Clocks of several hosts drift a little even with NTP.
    static let clockSkew: Int64 = 5_000

    /// Why `claim` (from a file owned by `owner`) does not count at `now`, or nil when it counts.
    /// Expiry is not a reason worth reporting: it is the normal end of a claim.
    func problem(with claim: Claim, owner: uid_t, now: Int64) -> String? {
        let named = uids[claim.osUser] ?? { let uid = Self.uid(of: claim.osUser); uids[claim.osUser] = uid; return uid }()
        guard named == owner else {
            return "written by \(Self.name(of: owner)) but names os_user \"\(claim.osUser)\"; ignored"
        }
        if claim.expiresAt - claim.renewedAt > maximumLease || claim.expiresAt - now > maximumLease + Self.clockSkew {
            return "expires \(Timestamp.formatUTCMillis(claim.expiresAt)), more than one lease (\(maximumLease / 1000) s) after its renewal or now; ignored"
        }
        if claim.host == thisHost && claim.pid <= 1 {
            return "names pid \(claim.pid), which is not a review screen; ignored"
        }
        return nil
    }

    /// Whether `claim` counts at `now`: trusted, not expired, and its process (on this host) runs
    /// under the claim's account.
    func counts(_ claim: Claim, owner: uid_t, now: Int64) -> Bool {
        guard problem(with: claim, owner: owner, now: now) == nil, claim.expiresAt > now else { return false }
        if claim.host == thisHost {
            return ProcessLiveness.isRunning(claim.pid) && ProcessLiveness.owner(of: claim.pid).map { $0 == owner } ?? true
        }
        return true
    }

    /// The uid of an account name as `OSUser.current` writes it (a name, or `uid-N` without one).
    static func uid(of name: String) -> uid_t? {
        if let entry = getpwnam(name) { return entry.pointee.pw_uid }
        if name.hasPrefix("uid-"), let number = UInt32(name.dropFirst(4)) { return uid_t(number) }
        return nil
    }

    static func name(of uid: uid_t) -> String {
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid-\(uid)"
    }
}
