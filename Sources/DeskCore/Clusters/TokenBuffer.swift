#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array of token hashes in malloc'd memory, read through a stable pointer.
///
/// Hand-written instead of `[UInt32]`: the grouping stage reads the tokens of two texts for every
/// candidate pair (hundreds of thousands of times), and going through arrays stored inside an
/// array of structs cost a retain and release per array per access. Once a sketch batch is
/// complete its buffer is never written again, so concurrent readers are safe.
final class TokenBuffer: @unchecked Sendable {
    private(set) var pointer: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        pointer = malloc(self.capacity * MemoryLayout<UInt32>.stride)!.assumingMemoryBound(to: UInt32.self)
    }

    deinit { free(pointer) }

    func append(contentsOf tokens: UnsafeBufferPointer<UInt32>) {
        if count + tokens.count > capacity {
            capacity = max(count + tokens.count, capacity * 2)
            pointer = realloc(pointer, capacity * MemoryLayout<UInt32>.stride)!.assumingMemoryBound(to: UInt32.self)
        }
        (pointer + count).update(from: tokens.baseAddress!, count: tokens.count)
        count += tokens.count
    }

    /// Frees unused capacity once the buffer is complete.
    func shrinkToFit() {
        guard capacity > count + 1024 else { return }
        capacity = max(count, 16)
        pointer = realloc(pointer, capacity * MemoryLayout<UInt32>.stride)!.assumingMemoryBound(to: UInt32.self)
    }
}
