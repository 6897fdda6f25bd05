import Testing
@testable import DeskCore

/// Bytes read back from a queue file are decoded only when they are still a valid string's
/// content: the decoder trusts what it is given.
@Suite struct JSONStringContentTests {
    private func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { JSONStringContent.isValid(UnsafeRawBufferPointer($0)) }
    }

    private func isValid(bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { JSONStringContent.isValid($0) } }

    @Test func acceptsWhatAJSONStringHolds() {
        #expect(isValid(""))
        #expect(isValid("I object to the use of my posts, all of them."))
        #expect(isValid("Ne pas utiliser mes données — ни за что 我的数据 😀"))
        #expect(isValid(#"a \" quote, a \\ backslash, \/ \b \f \n \r \t and \u00e9 \u00E9"#))
        #expect(isValid(#"a pair \ud83d\ude00 of halves, long enough to pass eight bytes at a time"#))
    }

    @Test func refusesWhatIsNoLongerAStringsContent() {
        #expect(!isValid(#"a bare " quote"#))
        #expect(!isValid("a raw\nline break"))
        #expect(!isValid(#"a dangling backslash \"#))
        #expect(!isValid(#"an unknown \x escape"#))
        #expect(!isValid(#"a short \u00e escape"#))
        #expect(!isValid(#"a lone high half \ud83d and text"#))
        #expect(!isValid(#"a lone low half \ude00 and text"#))
        #expect(!isValid(#"a high half before \u0041"#.replacingOccurrences(of: "before", with: #"\ud83d"#)))
        #expect(!isValid(bytes: Array("twelve bytes ".utf8) + [0xC3]))  // truncated sequence
        #expect(!isValid(bytes: Array("overlong ".utf8) + [0xC0, 0xAF]))
        #expect(!isValid(bytes: Array("surrogate ".utf8) + [0xED, 0xA0, 0x80]))
        #expect(!isValid(bytes: Array("continuation ".utf8) + [0x80, 0x41]))
        #expect(!isValid(bytes: [UInt8](repeating: 0x41, count: 9) + [0x7F - 0x60] + [UInt8](repeating: 0x41, count: 9)))
    }
}
