import Testing
@testable import DeskCore

/// Scanning a string eight and sixteen bytes at a time, two-byte UTF-8 sequences included, finds
/// what reading it byte by byte finds: its end, whether it is plain or safe, or that it is invalid.
@Suite struct JSONStringScanTests {
    private struct Scanned: Equatable {
        var end: Int
        var plain: Bool
        var safe: Bool
    }

    private func scan(_ bytes: [UInt8]) -> Scanned? {
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = JSONCursor(base: buffer.baseAddress!, end: buffer.count)
            guard let result = try? cursor.scanString() else { return nil }
            return Scanned(end: result.end, plain: result.plain, safe: result.safe)
        }
    }

    /// Byte by byte, for contents whose only escapes are `\n`, `\t`, `\"`, `\\` and `\/`.
    private func reference(_ bytes: [UInt8]) -> Scanned? {
        var content: [UInt8] = []
        var escaped = false
        var index = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                guard String(validating: content, as: UTF8.self) != nil else { return nil }
                let printable = content.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
                return Scanned(end: index, plain: printable && !escaped, safe: printable)
            }
            if byte < 0x20 { return nil }
            if byte == 0x5C {
                // An escape is ASCII where it stands: it splits a UTF-8 sequence around it.
                escaped = true
                content += bytes[index..<min(index + 2, bytes.count)]
                index += 2
                continue
            }
            content.append(byte)
            index += 1
        }
        return nil
    }

    @Test func seededRandomStringsScanAsByteByByte() {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("plain text ".utf8), Array("données".utf8), Array("Προστασία δεδομένων".utf8), Array("żółć".utf8),
            Array("我的".utf8), Array("🤖".utf8), [0x5C, 0x6E], [0x5C, 0x22], [0x5C, 0x5C], [0x5C, 0x2F], [0x5C, 0x74], [0x7F],
            [0x01], [0x09], [0xC3], [0xA9], [0xC0, 0xAF], [0xC1, 0x81], [0xDF, 0xBF], [0xC2, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0xA4],
            [0xED, 0xA0, 0x80], [0xFF], [0xC3, 0xC3, 0xA9], Array("12345678".utf8), Array("ab".utf8), [0xCE, 0xB1, 0xCE],
        ]
        var generator = SeededGenerator(state: 20_261_207)
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = [0x22]
            for _ in 0..<Int.random(in: 0...24, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            // Mostly well-formed: most strings drop the pieces that make them invalid.
            if Int.random(in: 0..<4, using: &generator) != 0 {
                bytes = bytes.enumerated().filter { $0.offset == 0 || $0.element >= 0x20 }.map(\.element)
                bytes = [0x22] + Array(String(decoding: bytes.dropFirst(), as: UTF8.self).utf8)
                if bytes.last == 0x5C { bytes.removeLast() }
            }
            bytes += [0x22] + Array(",\"x\":1}".utf8)
            let expected = reference(bytes)
            invalid += expected == nil ? 1 : 0
            #expect(scan(bytes) == expected, "\(bytes)")
        }
        #expect(invalid > 1_000 && invalid < 10_000)
    }
}
