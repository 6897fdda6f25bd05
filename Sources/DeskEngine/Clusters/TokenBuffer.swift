#if canImport(Glibc)
import DeskCore
import DeskStore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A token as stored for verification: the tokenizer's 32-bit hash folded to 16 bits.
///
/// Sixteen bits halve the largest buffer of clustering (tokens of every distinct text, ~70 MB at a
/// million rows). Word pairs stay 32-bit, so two different pairs look alike only when both of
/// their words collide (one in four billion); sketches and exact keys use the full 32 bits.
typealias StoredToken = UInt16

@inline(__always)
func storedToken(_ token: UInt32) -> StoredToken { StoredToken(truncatingIfNeeded: token ^ (token >> 16)) }

/// A growable array of stored tokens in malloc'd memory, read through a stable pointer.
///
/// Hand-written instead of `[UInt32]`: the grouping stage reads the tokens of two texts for every
/// candidate pair (hundreds of thousands of times), and going through arrays stored inside an
/// array of structs cost a retain and release per array per access. Once a sketch batch is
/// complete its buffer is never written again, so concurrent readers are safe.
final class TokenBuffer: @unchecked Sendable {
    private(set) var pointer: UnsafeMutablePointer<StoredToken>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        pointer = malloc(self.capacity * MemoryLayout<StoredToken>.stride)!.assumingMemoryBound(to: StoredToken.self)
    }

    deinit { free(pointer) }

    /// Appends the tokenizer's hashes, folded to stored tokens.
    func append(narrowing tokens: UnsafeBufferPointer<UInt32>) {
        if count + tokens.count > capacity {
            capacity = max(count + tokens.count, capacity * 2)
            pointer = realloc(pointer, capacity * MemoryLayout<StoredToken>.stride)!.assumingMemoryBound(to: StoredToken.self)
        }
        for index in tokens.indices { pointer[count + index] = storedToken(tokens[index]) }
        count += tokens.count
    }

    /// Frees unused capacity once the buffer is complete.
    func shrinkToFit() {
        guard capacity > count + 1024 else { return }
        capacity = max(count, 16)
        pointer = realloc(pointer, capacity * MemoryLayout<StoredToken>.stride)!.assumingMemoryBound(to: StoredToken.self)
    }
}
