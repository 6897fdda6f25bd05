import DeskCore

/// Where open screens publish what they are working on, so that two reviewers never work on the
/// same submissions. Coordination only: the decision log stays the record of what was decided.
///
/// Shaped for more than one backing: `FileClaimStore` keeps one small file per holder beside the
/// decision log; a database store would keep one row per claimed id (holder, expires_at), taken
/// with `SELECT … FOR UPDATE SKIP LOCKED` or an upsert that only overwrites expired rows. Either
/// way a taker gets the free ids and is told which ones others hold — never both holders at once.
/// Every store passes the same contract tests (`ClaimStoreContract` in Tests/StoreContracts).
package protocol ClaimStore: AnyObject {
    /// A directory a file watcher can watch to learn of changes at once; nil when the store does
    /// not live in files (poll `liveClaims` instead).
    var watchPath: String? { get }

    /// Makes `ids`, minus the ones another holder's live claim covers, the holder's whole claim
    /// until `expiresAt`; ids it held before and no longer lists are released. Race-free against
    /// other takers: two holders asking for the same ids at the same moment split them.
    ///
    /// Renewing is claiming the same ids again with a later expiry. Claiming no ids, or only
    /// ids others hold, leaves the holder without a claim. `now` is the caller's clock, used to
    /// judge others' expiry.
    func claim(_ ids: [String], for holder: ClaimHolder, until expiresAt: Int64, now: Int64) throws -> ClaimOutcome

    /// Ends the holder's claim at once (quitting, hanging up). Releasing nothing is not an error.
    func release(_ holder: ClaimHolder) throws

    /// Every claim that counts at `now`, every holder's (the caller filters out its own).
    /// Cheap enough to call several times a second.
    func liveClaims(now: Int64) throws -> [Claim]
}

/// Claims indexed by submission id, for asking "who holds this one?" of many ids.
package struct ClaimBook: Sendable {
    package let claims: [Claim]
    private let index: [String: Int]

    package init(_ claims: [Claim]) {
        self.claims = claims
        var index: [String: Int] = [:]
        for (position, claim) in claims.enumerated() {
            for id in claim.ids where index[id] == nil { index[id] = position }
        }
        self.index = index
    }

    /// The claim covering `id`, if any.
    package func claim(on id: String) -> Claim? { index[id].map { claims[$0] } }

    package var isEmpty: Bool { index.isEmpty }
}
