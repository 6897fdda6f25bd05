import DeskCore
import CCrypto

/// SHA-256 from the system's libcrypto: the decision log's chain links and heads.
package enum SHA256Digest {
    /// The chain's link for a log's first record: 64 zeros.
    package static let zeroHex = String(repeating: "0", count: 64)

    /// The lowercase hex SHA-256 of `bytes`.
    package static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        hexString(self.bytes(bytes))
    }

    /// The 32 bytes of the SHA-256 of `bytes`.
    package static func bytes(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { out in
            EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1 && length == 32, "libcrypto's SHA-256 failed")
        return digest
    }

    package static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hex($0) } }

    package static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hexString(_ digest: [UInt8]) -> String {
        var characters = [UInt8]()
        characters.reserveCapacity(64)
        for byte in digest {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Whether `text` looks like a digest: 64 lowercase hex digits.
    package static func isDigest(_ text: String) -> Bool { SHA256Text.isDigest(text) }

    package static func isDigest<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool { SHA256Text.isDigest(bytes) }

    package static func isDigest(_ bytes: UnsafeRawBufferPointer) -> Bool { SHA256Text.isDigest(bytes) }
}
