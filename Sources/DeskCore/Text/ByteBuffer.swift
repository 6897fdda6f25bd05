#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer whose unchecked appends compile to plain stores.
///
/// Used where `[UInt8].append` per byte is measurably too slow (folding hundreds of megabytes at
/// load): callers reserve room once per string, then append without per-byte capacity checks.
package struct ByteBuffer: @unchecked Sendable {
    /// malloc'd rather than `UnsafeMutablePointer.allocate` so growth and shrinking use `realloc`,
    /// which glibc serves with `mremap` for large blocks: no copy, no fresh page faults.
    private final class Storage {
        var pointer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        /// What keeps borrowed bytes alive (a mapped saved search text); nil for malloc'd storage.
        /// Borrowed storage is never written: appending copies it first.
        let owner: AnyObject?
        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            pointer = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
            owner = nil
        }
        init(borrowing bytes: UnsafeRawPointer, count: Int, owner: AnyObject) {
            self.owner = owner
            pointer = UnsafeMutablePointer(mutating: bytes.assumingMemoryBound(to: UInt8.self))
            capacity = count
        }
        func resize(to newCapacity: Int) {
            precondition(owner == nil)
            pointer = realloc(pointer, newCapacity)!.assumingMemoryBound(to: UInt8.self)
            capacity = newCapacity
        }
        deinit { if owner == nil { free(pointer) } }
    }

    private var storage: Storage
    package private(set) var count = 0

    package init(capacity: Int = 4096) {
        storage = Storage(capacity: capacity)
    }

    package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.pointer, count: count) }

    /// Makes room for `additional` more bytes.
    package mutating func reserve(additional: Int) {
        let needed = count + additional
        if storage.owner != nil || !isKnownUniquelyReferenced(&storage) {
            let fresh = Storage(capacity: Swift.max(needed, storage.capacity))
            fresh.pointer.update(from: storage.pointer, count: count)
            storage = fresh
        }
        guard needed > storage.capacity else { return }
        storage.resize(to: Swift.max(needed, storage.capacity * 2))
    }

    /// Empties the buffer for reuse; the capacity stays (a copy shared elsewhere is left intact).
    package mutating func removeAllKeepingCapacity() {
        count = 0
    }

    /// Frees unused capacity once the buffer is complete.
    package mutating func shrinkToFit() {
        guard storage.owner == nil, storage.capacity > count + 4096, isKnownUniquelyReferenced(&storage) else { return }
        storage.resize(to: Swift.max(count, 64))
    }

    @inline(__always)
    package mutating func appendUnchecked(byte: UInt8) {
        storage.pointer[count] = byte
        count += 1
    }

    @inline(__always)
    package mutating func appendUnchecked(_ word: UInt64) {
        UnsafeMutableRawPointer(storage.pointer + count).storeBytes(of: word, as: UInt64.self)
        count += 8
    }

    /// Appends the first `length` (at most 8) bytes of `word`; writes all eight, so the buffer
    /// must have room for eight.
    @inline(__always)
    package mutating func appendUnchecked(_ word: UInt64, length: Int) {
        UnsafeMutableRawPointer(storage.pointer + count).storeBytes(of: word, as: UInt64.self)
        count += length
    }

    package mutating func appendUnchecked(contentsOf bytes: [UInt8]) {
        for byte in bytes { appendUnchecked(byte: byte) }
    }

    package mutating func appendUnchecked(scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            appendUnchecked(byte: UInt8(scalar))
        case 0x80..<0x800:
            appendUnchecked(byte: UInt8(0xC0 | scalar >> 6))
            appendUnchecked(byte: UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            appendUnchecked(byte: UInt8(0xE0 | scalar >> 12))
            appendUnchecked(byte: UInt8(0x80 | scalar >> 6 & 0x3F))
            appendUnchecked(byte: UInt8(0x80 | scalar & 0x3F))
        default:
            appendUnchecked(byte: UInt8(0xF0 | scalar >> 18))
            appendUnchecked(byte: UInt8(0x80 | scalar >> 12 & 0x3F))
            appendUnchecked(byte: UInt8(0x80 | scalar >> 6 & 0x3F))
            appendUnchecked(byte: UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Appends with a capacity check.
    package mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {
        reserve(additional: bytes.count)
        guard let source = bytes.baseAddress else { return }
        (storage.pointer + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        count += bytes.count
    }

    package mutating func append(_ byte: UInt8) {
        reserve(additional: 1)
        appendUnchecked(byte: byte)
    }

    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: count))
    }

    /// `count` bytes at `bytes`, read-only, kept alive by `owner` (a mapped file) while any copy
    /// of this buffer lives.
    package init(borrowing bytes: UnsafeRawPointer, count: Int, owner: AnyObject) {
        storage = Storage(borrowing: bytes, count: count, owner: owner)
        self.count = count
    }

    /// A buffer of exactly `count` bytes that `fill` writes (reading an index section in place).
    package init(filling count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        storage = Storage(capacity: count)
        try fill(UnsafeMutableRawBufferPointer(start: storage.pointer, count: count))
        self.count = count
    }

    /// The first `length` bytes, sharing this buffer's storage (appending to either copies it).
    package func prefix(_ length: Int) -> ByteBuffer {
        precondition(length >= 0 && length <= count)
        var copy = self
        copy.count = length
        return copy
    }
}
