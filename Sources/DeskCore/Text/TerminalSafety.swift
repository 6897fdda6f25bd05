/// Decides which characters of untrusted text may reach a terminal, and how the others are shown.
///
/// Every character that is not plainly printable is escaped — C0, DEL, C1, bidi controls, zero-width
/// and other format characters, line and paragraph separators — because filtering only "known bad
/// sequences" is bypassable (terminals disagree on where a sequence ends).
public enum TerminalSafety {
    /// True when `scalar` must never be sent to a terminal as it is.
    @inline(__always)
    public static func isUnsafe(_ scalar: UInt32) -> Bool {
        if scalar < 0x20 || scalar == 0x7F { return true }
        if scalar < 0xA0 { return scalar >= 0x80 }
        if scalar < 0x0600 { return scalar == 0xAD }
        if scalar < 0x2000 {
            switch scalar {
            case 0x0600...0x0605, 0x061C, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x180E: return true
            default: return false
            }
        }
        if scalar <= 0x206F {
            switch scalar {
            case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F: return true
            default: return false
            }
        }
        if scalar < 0xFE00 { return false }
        switch scalar {
        case 0xFEFF, 0xFFF9...0xFFFB: return true
        case 0x110BD, 0x110CD, 0x13430...0x1343F, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A: return true
        case 0xE0001, 0xE0020...0xE007F: return true
        default: return false
        }
    }

    /// Pictographs that may be joined by U+200D into one emoji; such joiners are not an attack.
    @inline(__always)
    static func isEmojiComponent(_ scalar: UInt32) -> Bool {
        (scalar >= 0x1F000 && scalar <= 0x1FAFF) || (scalar >= 0x2600 && scalar <= 0x27BF)
            || scalar == 0xFE0F || scalar == 0x2640 || scalar == 0x2642
    }

    /// How an unsafe character is shown instead: `\e`, `\0`, `\x7F`, `\u202E`.
    public static func visibleEscape(_ scalar: UInt32) -> String {
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
    ///   Tabs become a space. Joiners inside emoji sequences are dropped (terminals disagree on the
    ///   width of joined emoji), not flagged.
    public static func sanitize(_ text: String, multiline: Bool = false) -> (text: String, escaped: Bool) {
        var output = String.UnicodeScalarView()
        var escaped = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            defer { index += 1 }
            if value == 0x0A {
                output.append(contentsOf: (multiline ? "\n" : "↵").unicodeScalars)
                continue
            }
            if value == 0x0D && index + 1 < scalars.count && scalars[index + 1].value == 0x0A {
                continue  // CRLF is a line break; the LF that follows renders it
            }
            if value == 0x09 {
                output.append(" ")
                continue
            }
            if value == 0x200D, index > 0, index + 1 < scalars.count,
               isEmojiComponent(scalars[index - 1].value), isEmojiComponent(scalars[index + 1].value) {
                continue
            }
            if isUnsafe(value) {
                escaped = true
                output.append(contentsOf: visibleEscape(value).unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return (String(output), escaped)
    }

    /// Whether `text` holds anything `sanitize` would escape (line breaks and tabs do not count).
    public static func needsEscaping(_ text: String) -> Bool {
        sanitize(text, multiline: true).escaped
    }
}
