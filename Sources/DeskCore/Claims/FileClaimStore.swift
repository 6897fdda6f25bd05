/// Claims as files in a directory beside the decision log: `<decisions>.claims/<holder>.claim`.
///
/// Taking a claim holds `flock(LOCK_EX)` on `<directory>/lock` while it reads the others' claims
/// and writes its own, so two screens opened at the same moment split the rows between them.
/// Reading takes no lock (files are replaced whole by `rename`). Expired claims and claims of
/// dead processes on this host are ignored by readers and removed by the next taker.
public final class FileClaimStore: ClaimStore {
    public let directory: String
    /// This machine's name: claims from it whose process is gone stop counting at once.
    public let host: String
    private let files: ClaimDirectory
    private let trust: ClaimTrust
    /// Files that could not be read as claims at the last look, as `name: reason`.
    public private(set) var problems: [String] = []

    /// The claims directory that goes with a decision log: `decisions.jsonl.claims` beside it.
    public static func directory(forDecisionLog path: String) -> String { path + ".claims" }

    /// `maximumLease`: the longest expiry after renewal a screen writes (milliseconds); claims
    /// reaching further are forged or broken and do not count.
    public init(directory: String, host: String = ClaimHolder.currentHost, maximumLease: Int64 = Claim.standardMaximumLease) {
        self.directory = directory
        self.host = host
        files = ClaimDirectory(path: directory)
        trust = ClaimTrust(maximumLease: maximumLease, thisHost: host)
    }

    public var watchPath: String? { directory }

    public func claim(_ ids: [String], for holder: ClaimHolder, until expiresAt: Int64, now: Int64) throws -> ClaimOutcome {
        let fileMode = try files.prepare()
        return try files.withLock(fileMode: fileMode) {
            let entries = try files.scan()
            record(entries, now: now)
            var others: [(claim: Claim, ids: Set<String>)] = []
            for (_, entry) in entries {
                guard let claim = entry.claim, claim.holder != holder.id else { continue }
                if counts(entry, now: now) {
                    others.append((claim, entry.ids))
                } else {
                    // Expired, its process gone, or not trusted; in a sticky team directory
                    // only its owner may remove it, so a failure is fine.
                    try? files.remove(holder: claim.holder)
                }
            }
            files.removeStaleTemporaries(olderThan: 600)
            var granted: [String] = []
            var heldByOthers: [String: String] = [:]
            var seen = Set<String>()
            for id in ids where seen.insert(id).inserted {
                if let other = others.first(where: { $0.ids.contains(id) }) {
                    heldByOthers[id] = other.claim.holder
                } else {
                    granted.append(id)
                }
            }
            var mine: Claim?
            if granted.isEmpty {
                try files.remove(holder: holder.id)
            } else {
                let claim = Claim(holder: holder.id, reviewer: holder.reviewer, osUser: holder.osUser, host: holder.host,
                                  pid: holder.pid, renewedAt: now, expiresAt: expiresAt, ids: granted)
                try files.store(claim, fileMode: fileMode)
                mine = claim
            }
            return ClaimOutcome(granted: granted, heldByOthers: heldByOthers, others: others.map(\.claim), mine: mine)
        }
    }

    public func release(_ holder: ClaimHolder) throws {
        try files.remove(holder: holder.id)
    }

    public func liveClaims(now: Int64) throws -> [Claim] {
        let entries = try files.scan()
        record(entries, now: now)
        return entries.filter { counts($0.entry, now: now) }.compactMap(\.entry.claim)
    }

    private func counts(_ entry: ClaimDirectory.Entry, now: Int64) -> Bool {
        guard let claim = entry.claim, let owner = entry.identity?.owner else { return false }
        return trust.counts(claim, owner: owner, now: now)
    }

    private func record(_ entries: [(name: String, entry: ClaimDirectory.Entry)], now: Int64) {
        problems = entries.compactMap { item in
            if let problem = item.entry.problem { return "\(item.name): \(problem)" }
            guard let claim = item.entry.claim, let owner = item.entry.identity?.owner else { return nil }
            return trust.problem(with: claim, owner: owner, now: now).map { "\(item.name): \($0)" }
        }
    }
}
