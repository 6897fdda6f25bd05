import CCrypto

/// SHA-256 from the system's libcrypto: the decision log's chain links and heads.
public enum SHA256Digest {
    /// The chain's link for a log's first record: 64 zeros.
    public static let zeroHex = String(repeating: "0", count: 64)

    /// The lowercase hex SHA-256 of `bytes`.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        hexString(self.bytes(bytes))
    }

    /// The 32 bytes of the SHA-256 of `bytes`.
    public static func bytes(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { out in
            EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1 && length == 32, "libcrypto's SHA-256 failed")
        return digest
    }

    public static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hex($0) } }

    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

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
    public static func isDigest(_ text: String) -> Bool { isDigest(Array(text.utf8)) }

    public static func isDigest<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.count == 64 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    public static func isDigest(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 64 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
