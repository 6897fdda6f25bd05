extension Array {
    /// `reserveCapacity` for a caller that appends piece by piece: at least doubles the storage.
    ///
    /// `reserveCapacity(count + n)` before each piece allocates exactly that much, so a table
    /// built from 32 load parts was copied whole 32 times (Swift does not round it up
    /// geometrically); this keeps appends amortized O(1).
    package mutating func reserveAmortized(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        reserveCapacity(Swift.max(minimumCapacity, capacity * 2))
    }
}
