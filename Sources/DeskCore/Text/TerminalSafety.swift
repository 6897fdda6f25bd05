/// Decides which characters of untrusted text may reach a terminal, and how the others are shown.
///
/// Every character that is not plainly printable is escaped — C0, DEL, C1, format characters
/// (bidi controls, zero-width characters…), every default-ignorable code point (invisible
/// fillers, variation selectors, tags), line and paragraph separators, private-use and unassigned
/// code points — because filtering only "known bad sequences" is bypassable (terminals disagree on
/// where a sequence ends, and invisible characters hide text from the reviewer).
package enum TerminalSafety {
    /// True when `scalar` must never be sent to a terminal as it is.
    ///
    /// Exactly Unicode's controls (Cc), format characters (Cf), private use (Co), unassigned
    /// code points (Cn, noncharacters included), surrogates, line and paragraph separators (Zl,
    /// Zp) and Default_Ignorable_Code_Point, as Swift's Unicode tables give them; a test compares
    /// every code point. Called per scalar at load time, so Latin text never leaves the first
    /// lines; the rest is one bit in a table built once from the Unicode properties.
    @inline(__always)
    package static func isUnsafe(_ scalar: UInt32) -> Bool {
        isUnsafe(scalar, table: nil)
    }

    /// `isUnsafe(_:)` with `UnsafeScalarTable.bits` given by a hot loop that holds them.
    @inline(__always)
    static func isUnsafe(_ scalar: UInt32, table: [UInt64]?) -> Bool {
        if scalar < 0x20 || scalar == 0x7F { return true }
        if scalar < 0xA0 { return scalar >= 0x80 }
        // Latin-1, Latin Extended, IPA and combining marks are all assigned; U+00AD is a format
        // character and U+034F (combining grapheme joiner) is default-ignorable.
        if scalar < 0x0370 { return scalar == 0xAD || scalar == 0x34F }
        return UnsafeScalarTable.contains(scalar, in: table ?? UnsafeScalarTable.bits)
    }

    /// Pictographs that may be joined by U+200D into one emoji; such joiners are not an attack.
    @inline(__always)
    static func isEmojiComponent(_ scalar: UInt32) -> Bool {
        (scalar >= 0x1F000 && scalar <= 0x1FAFF) || (scalar >= 0x2600 && scalar <= 0x27BF)
            || scalar == 0xFE0F || scalar == 0x2640 || scalar == 0x2642
    }

    /// Whether the unsafe `scalar` is part of an emoji, and is dropped rather than escaped and
    /// flagged: U+200D between two pictographs (terminals disagree on the width of joined emoji)
    /// and U+FE0F (emoji presentation) right after a character that has an emoji form (terminals
    /// disagree on whether it makes the character two cells wide; without it every terminal
    /// agrees with `DisplayWidth`). Everywhere else both are escaped like any invisible character.
    @inline(__always)
    static func isDroppedInsideEmoji(_ scalar: UInt32, after previous: UInt32?, before next: () -> UInt32?) -> Bool {
        switch scalar {
        case 0x200D:
            guard let previous, isEmojiComponent(previous), let next = next() else { return false }
            return isEmojiComponent(next)
        case 0xFE0F:
            guard let previous, let base = Unicode.Scalar(previous) else { return false }
            return base.properties.isEmoji
        default:
            return false
        }
    }

    /// How an unsafe character is shown instead: `\e`, `\0`, `\x7F`, `\u202E`.
    package static func visibleEscape(_ scalar: UInt32) -> String {
        switch scalar {
        case 0x1B: return "\\e"
        case 0x00: return "\\0"
        case 0x07: return "\\a"
        case 0x08: return "\\b"
        case 0x0D: return "\\r"
        case 0x0C: return "\\f"
        case 0x0B: return "\\v"
        case 0..<0x100: return "\\x" + hex(scalar, digits: 2)
        case 0..<0x10000: return "\\u" + hex(scalar, digits: 4)
        default: return "\\U" + hex(scalar, digits: 8)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Text made safe for a terminal, and whether anything had to be escaped.
    ///
    /// - Parameter multiline: keep `\n` (and `\r\n`) as line breaks; otherwise show them as `↵`.
    ///   Tabs become a space. Joiners inside emoji sequences and U+FE0F after an emoji are
    ///   dropped, not flagged (see `isDroppedInsideEmoji`).
    package static func sanitize(_ text: String, multiline: Bool = false) -> (text: String, escaped: Bool) {
        // Printable ASCII needs nothing: most texts are, and rebuilding them scalar by scalar was
        // most of `clusters`' time.
        var text = text
        let isPlain = text.withUTF8 { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        if isPlain { return (text, false) }
        // Nor does text whose every scalar is safe (accented or non-Latin text: most of a mixed
        // queue, where rebuilding it was a fifth of a warm `clusters`).
        if !text.unicodeScalars.contains(where: { isUnsafe($0.value) }) { return (text, false) }
        // UTF-8 bytes, not a scalar view: appending scalar by scalar to a String was the slow part.
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 8)
        func append(_ piece: String) { output.append(contentsOf: piece.utf8) }
        var escaped = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            defer { index += 1 }
            if value == 0x0A {
                append(multiline ? "\n" : "↵")
                continue
            }
            if value == 0x0D && index + 1 < scalars.count && scalars[index + 1].value == 0x0A {
                continue  // CRLF is a line break; the LF that follows renders it
            }
            if value == 0x09 {
                output.append(0x20)
                continue
            }
            if isUnsafe(value) {
                let previous = index > 0 ? scalars[index - 1].value : nil
                if isDroppedInsideEmoji(value, after: previous, before: { index + 1 < scalars.count ? scalars[index + 1].value : nil }) {
                    continue
                }
                escaped = true
                append(visibleEscape(value))
            } else {
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        return (String(decoding: output, as: UTF8.self), escaped)
    }

    /// Whether `text` holds anything `sanitize` would escape (line breaks and tabs do not count).
    package static func needsEscaping(_ text: String) -> Bool {
        sanitize(text, multiline: true).escaped
    }
}

/// One bit per code point below U+40000 (planes 0 to 3, where assigned and unassigned code points
/// interleave), set when `TerminalSafety.isUnsafe` is true. Built on first use from Swift's Unicode
/// properties, about 20 ms once, so it follows the Unicode version of the runtime instead of a
/// table copied by hand. Everything from U+40000 on is unsafe: planes 4 to 13 are unassigned,
/// plane 14 holds only tags, variation selectors and unassigned code points, and planes 15 and 16
/// are private use.
enum UnsafeScalarTable {
    static let limit: UInt32 = 0x40000
    static let bits: [UInt64] = build()

    @inline(__always)
    static func contains(_ scalar: UInt32, in bits: [UInt64]) -> Bool {
        guard scalar < limit else { return true }
        return bits[Int(scalar &>> 6)] & (1 &<< UInt64(scalar & 63)) != 0
    }

    /// The definition the table is built from (and what the tests compare against).
    static func isUnsafeByProperties(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return true }  // a surrogate
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .privateUse, .unassigned, .surrogate, .lineSeparator, .paragraphSeparator:
            return true
        case .nonspacingMark, .otherLetter:
            // The default-ignorable code points that are not format characters or unassigned
            // (U+034F, U+115F, U+1160, U+17B4, U+3164, U+FE00…FE0F, U+FFA0, U+E0100…) are marks
            // and letters; asking only for those keeps the build fast.
            return properties.isDefaultIgnorableCodePoint
        default:
            return false
        }
    }

    /// On every core: the first text that is not plain ASCII waits for this, often while the
    /// other core has nothing to do.
    private static func build() -> [UInt64] {
        var words = [UInt64](repeating: 0, count: Int(limit / 64))
        let pieces = 64
        let wordsPerPiece = words.count / pieces
        words.withUnsafeMutableBufferPointer { buffer in
            let slots = SendablePointer(buffer)
            runConcurrently(pieces, parallelism: ProcessInfoCores.count) { piece in
                for word in (piece * wordsPerPiece)..<((piece + 1) * wordsPerPiece) {
                    var bits: UInt64 = 0
                    for bit in 0..<64 where isUnsafeByProperties(UInt32(word * 64 + bit)) { bits |= 1 << UInt64(bit) }
                    slots.buffer[word] = bits
                }
            }
        }
        return words
    }
}
