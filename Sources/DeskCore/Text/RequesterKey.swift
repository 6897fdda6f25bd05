import Foundation

/// The same requester behind different spellings of an email address.
///
/// Normalised for comparison only (the raw value is what is shown and exported): Unicode NFKC, lower
/// case, an internationalised domain in its ASCII (punycode) form, and a `+tag` dropped from the
/// local part (`Ana+ai@Example.org` and `ana@example.org` are one person).
package enum RequesterKey {
    package static func normalize(_ email: String) -> String {
        let folded = email.precomposedStringWithCompatibilityMapping.lowercased().trimmingCharacters(in: .whitespaces)
        guard let at = folded.lastIndex(of: "@") else { return folded }
        var local = folded[..<at]
        if let plus = local.firstIndex(of: "+") { local = local[..<plus] }
        return String(local) + "@" + Punycode.asciiDomain(String(folded[folded.index(after: at)...]))
    }

    /// A stable 64-bit hash of the normalised form (FNV-1a), computed at load for every row.
    ///
    /// Hand-written fast path, since it runs once per submission on the load's hot path: ASCII
    /// addresses (nearly all) are lower-cased and cut at `+` byte by byte without building a
    /// String; anything else goes through `normalize`, which yields the same bytes for ASCII.
    package static func hash(_ email: UnsafeRawBufferPointer) -> UInt64 {
        let count = email.count
        guard let base = email.baseAddress?.assumingMemoryBound(to: UInt8.self), count > 0 else { return fnv(email) }
        // One pass finds the last `@` and whether the address is simple; raw pointers, since the
        // enumerated loop with its checks was a fifteenth of the load.
        var at = -1
        for index in 0..<count {
            let byte = base[index]
            if byte >= 0x80 || byte == 0x20 || byte == 0x09 {
                var normalized = normalize(String(decoding: email, as: UTF8.self))
                return normalized.withUTF8 { fnv(UnsafeRawBufferPointer($0)) }
            }
            if byte == UInt8(ascii: "@") { at = index }
        }
        @inline(__always) func step(_ value: UInt64, _ byte: UInt8) -> UInt64 {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            return (value ^ UInt64(lower)) &* 0x0000_0100_0000_01B3
        }
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        var index = 0
        if at >= 0 {
            // The local part up to a `+` tag, then the domain from the `@`.
            while index < at && base[index] != UInt8(ascii: "+") {
                value = step(value, base[index])
                index += 1
            }
            index = at
        }
        while index < count {
            value = step(value, base[index])
            index += 1
        }
        return value
    }

    package static func hash(_ email: String) -> UInt64 {
        var copy = email
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    private static func fnv(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return value
    }
}

/// What a justification is, before anyone reads it: empty of words, or a bare link.
package enum JustificationShape {
    /// No letter or digit at all (empty, spaces, punctuation, emoji).
    package static func isEmpty(_ text: UnsafeRawBufferPointer) -> Bool {
        var hasNonASCII = false
        for byte in text {
            if (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) { return false }
            if byte >= 0x80 { hasNonASCII = true }
        }
        guard hasNonASCII else { return true }
        // Decoded in place, not through a String (a copy of the text per row without ASCII words);
        // invalid bytes count as no letter, as String's replacement character does.
        var bytes = text.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return false }
            case .emptyInput:
                return true
            case .error:
                continue
            }
        }
    }

    /// The trimmed text is one http(s) URL and nothing else. Runs for every new text of a load:
    /// compared byte by byte, without the arrays a prefix compared as collections allocated
    /// (their allocation was about 1% of a first `stats`).
    package static func isURLOnly(_ text: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        var end = text.count
        while start < end, isSpace(text[start]) { start += 1 }
        while end > start, isSpace(text[end - 1]) { end -= 1 }
        let body = UnsafeRawBufferPointer(rebasing: text[start..<end])
        let scheme: Int
        if hasPrefixIgnoringCase(body, "https://") { scheme = 8 } else if hasPrefixIgnoringCase(body, "http://") { scheme = 7 } else { return false }
        guard body.count > scheme else { return false }
        return !body.contains(where: isSpace)
    }

    /// `bytes` starts with the lowercase ASCII `prefix`, ignoring the case of ASCII letters.
    private static func hasPrefixIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        for index in 0..<prefix.utf8CodeUnitCount {
            let byte = bytes[index]
            if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != prefix.utf8Start[index] { return false }
        }
        return true
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
