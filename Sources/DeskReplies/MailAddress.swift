import DeskCore

/// The requester's email as one `To` recipient: a plain address, or a display name and an address
/// in angle brackets — never a list, a group or a comment.
///
/// The email is the public's text. A comma or semicolon makes a second recipient
/// (`victim@example.com, attacker@evil.example`), parentheses a comment, quotes a quoted string
/// that readers disagree about; a line break adds headers and a bidi control makes the address
/// read as another. Such an email is refused rather than repaired: the reply is left out and named.
struct MailAddress: Equatable {
    /// The display name as written (may be empty).
    var displayName: String
    /// `local@domain`; UTF-8 as written (RFC 6532), at most 254 bytes.
    var address: String

    /// RFC 5321's limit on a path is 256 bytes including the angle brackets.
    static let maximumAddressBytes = 254

    /// Why an email cannot be used as the recipient.
    struct Refusal: Error, Equatable {
        var reason: String
    }

    init(_ email: String) throws(Refusal) {
        guard !email.isEmpty, !email.unicodeScalars.contains(where: Self.isControl) else {
            throw Refusal(reason: "its email address is empty or holds control characters")
        }
        guard !email.unicodeScalars.contains(where: { TerminalSafety.isUnsafe($0.value) }) else {
            throw Refusal(reason: "its email address holds invisible or bidirectional control characters")
        }
        var name = ""
        var address = email.trimmingSpaces()
        if address.hasSuffix(">"), let open = address.lastIndex(of: "<") {
            name = String(address[..<open]).trimmingSpaces()
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        let listOrComment: Set<Unicode.Scalar> = [",", ";", ":", "<", ">", "(", ")", "\"", "\\", "[", "]"]
        guard !name.unicodeScalars.contains(where: { listOrComment.contains($0) || $0 == "@" }),
              !address.unicodeScalars.contains(where: { listOrComment.contains($0) || $0 == " " }) else {
            throw Refusal(reason: "its email address is not one plain address (a comma, semicolon, quote, bracket or parenthesis could add recipients)")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw Refusal(reason: "its email address is not of the form name@domain")
        }
        guard address.utf8.count <= Self.maximumAddressBytes else {
            throw Refusal(reason: "its email address is longer than \(Self.maximumAddressBytes) bytes")
        }
        displayName = name
        self.address = address
    }

    /// C0, DEL, C1 and the line and paragraph separators: anything that could end a header line.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
