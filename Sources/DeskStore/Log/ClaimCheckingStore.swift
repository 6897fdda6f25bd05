/// A decision store that checks claims itself, inside the transaction that writes (the
/// database). The screen turns the check off for a write whose reviewer confirmed deciding rows
/// another screen claims.
package protocol ClaimCheckingStore: AnyObject {
    var checksClaims: Bool { get set }
}
