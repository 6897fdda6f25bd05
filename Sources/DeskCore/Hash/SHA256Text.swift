/// What a SHA-256 looks like in the decision log: 64 lowercase hex digits. (The hashing itself
/// is the store's, `SHA256Digest`, with the system's libcrypto.)
package enum SHA256Text {
    package static func isDigest(_ text: String) -> Bool { isDigest(Array(text.utf8)) }

    package static func isDigest<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.count == 64 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    package static func isDigest(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 64 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
