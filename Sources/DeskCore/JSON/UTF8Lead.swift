/// What a UTF-8 sequence must look like after its first byte, as RFC 3629 allows it: shortest
/// forms only, no surrogates, nothing above U+10FFFF. Shared by the JSON scanner and the check of
/// bytes read back from a queue file, so that both accept the same text.
enum UTF8Lead {
    /// The sequence's length and the range of its second byte, for a first byte from 0x80 up;
    /// nil for a byte no sequence starts with.
    @inline(__always)
    static func shape(_ lead: UInt8) -> (length: Int, secondLow: UInt8, secondHigh: UInt8)? {
        switch lead {
        case 0xC2...0xDF: return (2, 0x80, 0xBF)
        case 0xE0: return (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80, 0xBF)
        case 0xED: return (3, 0x80, 0x9F)
        case 0xF0: return (4, 0x90, 0xBF)
        case 0xF1...0xF3: return (4, 0x80, 0xBF)
        case 0xF4: return (4, 0x80, 0x8F)
        default: return nil
        }
    }
}
