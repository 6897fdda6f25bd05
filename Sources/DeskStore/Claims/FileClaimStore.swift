import DeskCore

/// Claims as files in a directory beside the decision log: `<decisions>.claims/<holder>.claim`.
///
/// Taking a claim holds `flock(LOCK_EX)` on `<directory>/lock` while it reads the others' claims
/// and writes its own, so two screens opened at the same moment split the rows between them.
/// Reading takes no lock (files are replaced whole by `rename`). Expired claims and claims of
/// dead processes on this host are ignored by readers and removed by the next taker.
package final class FileClaimStore: ClaimStore {
    package let directory: String
    /// This machine's name: claims from it whose process is gone stop counting at once.
    package let host: String
    private let files: ClaimDirectory
    private let trust: ClaimTrust
    /// Files that could not be read as claims at the last look, as `name: reason`.
    package private(set) var problems: [String] = []
    /// The live claims as last judged, reused while the directory is unchanged, no claim has
    /// expired and the holders' processes were checked less than a second ago.
    private var live: (generation: Int, claims: [Claim], lapsed: [String], until: Int64, checkedAt: Int64)?
    private var lastTemporarySweep: Int64 = .min / 2

    /// The claims directory that goes with a decision log: `decisions.jsonl.claims` beside it.
    package static func directory(forDecisionLog path: String) -> String { path + ".claims" }

    /// `maximumLease`: the longest expiry after renewal a screen writes (milliseconds); claims
    /// reaching further are forged or broken and do not count.
    package init(directory: String, host: String = ClaimHolder.currentHost, maximumLease: Int64 = Claim.standardMaximumLease) {
        self.directory = directory
        self.host = host
        files = ClaimDirectory(path: directory)
        trust = ClaimTrust(maximumLease: maximumLease, thisHost: host)
    }

    package var watchPath: String? { directory }

    package func claim(_ ids: [String], for holder: ClaimHolder, until expiresAt: Int64, now: Int64) throws -> ClaimOutcome {
        let fileMode = try files.prepare()
        return try files.withLock(fileMode: fileMode) {
            let current = try liveAndLapsed(now: now)
            for lapsed in current.lapsed where lapsed != holder.id {
                // Expired, its process gone, or not trusted; in a sticky team directory only its owner
                // may remove it, so a failure is fine.
                try? files.remove(holder: lapsed)
            }
            if now - lastTemporarySweep > 60_000 {
                lastTemporarySweep = now
                files.removeStaleTemporaries(olderThan: 600)
            }
            let others = ClaimBook(current.claims.filter { $0.holder != holder.id })
            var granted: [String] = []
            var heldByOthers: [String: String] = [:]
            var seen = Set<String>()
            // Only as many ids as readers will read (the file's size limit); the rest stay unclaimed.
            var room = ClaimDirectory.maximumFileSize - Self.encodedSize(of: holder, now: now, until: expiresAt) - 16
            for id in ids where seen.insert(id).inserted {
                if let other = others.claim(on: id) {
                    heldByOthers[id] = other.holder
                } else {
                    room -= Self.encodedSize(of: id) + 1
                    guard room >= 0 else { continue }
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
            return ClaimOutcome(granted: granted, heldByOthers: heldByOthers, others: others.claims, mine: mine)
        }
    }

    package func release(_ holder: ClaimHolder) throws {
        try files.remove(holder: holder.id)
    }

    package func liveClaims(now: Int64) throws -> [Claim] {
        try liveAndLapsed(now: now).claims
    }

    /// The claims that count at `now` and the holders whose claims no longer do. The same array
    /// is returned while nothing can have changed, so a caller can compare it cheaply.
    private func liveAndLapsed(now: Int64) throws -> (claims: [Claim], lapsed: [String]) {
        let entries = try files.scan()
        if let live, live.generation == files.generation, now >= live.checkedAt, now < live.until,
           now - live.checkedAt < 1000 || live.claims.isEmpty {
            return (live.claims, live.lapsed)
        }
        record(entries, now: now)
        var claims: [Claim] = []
        var lapsed: [String] = []
        for (_, entry) in entries {
            guard let claim = entry.claim else { continue }
            if counts(entry, now: now) { claims.append(claim) } else { lapsed.append(claim.holder) }
        }
        let until = claims.map(\.expiresAt).min() ?? .max
        live = (files.generation, claims, lapsed, until, now)
        return (claims, lapsed)
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

    /// Bytes of a claim file without ids.
    private static func encodedSize(of holder: ClaimHolder, now: Int64, until: Int64) -> Int {
        ClaimFileFormat.encode(Claim(holder: holder.id, reviewer: holder.reviewer, osUser: holder.osUser, host: holder.host,
                                     pid: holder.pid, renewedAt: now, expiresAt: until, ids: [])).count
    }

    private static func encodedSize(of id: String) -> Int {
        var bytes: [UInt8] = []
        JSONObjectWriter.appendQuoted(id, to: &bytes)
        return bytes.count
    }
}
