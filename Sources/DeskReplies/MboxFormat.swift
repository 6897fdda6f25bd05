import DeskCore
import Foundation

/// Replies as an mbox file (the mboxrd variant) for a mail system to send or a person to open.
///
/// Each message: a `From ` separator line, the headers `To`, `Subject`, `Date` (the decision's
/// time), `MIME-Version`, `Content-Type: text/plain; charset=utf-8`,
/// `Content-Transfer-Encoding: 8bit`, `Content-Language` and `X-Objection-Desk-Submission` /
/// `-Decision`, a blank line, the body and a blank line. Body lines that begin with `From ` after
/// any number of `>` get one more `>` (mboxrd), so readers can undo the quoting exactly. Header
/// lines stay within 78 bytes (encoded words on folded continuation lines; an address is at most
/// 254 bytes), and bidi controls are never written (`MailAddress` refuses them in the address,
/// elsewhere they are shown as `\u202E`).
package enum MboxFormat {
    /// Why a reply cannot be written as a message.
    package struct Unusable: Error, Equatable, Sendable {
        package var submissionID: String
        package var reason: String
    }

    /// Lines of 8bit text may hold 998 bytes before the line break (RFC 5322 2.1.1).
    static let maximumLineBytes = 998

    package static func message(_ reply: Reply) throws(Unusable) -> String {
        // The address is the requester's text: a line break in it would add headers of their
        // choosing, a comma another recipient.
        let recipient: MailAddress
        do throws(MailAddress.Refusal) {
            recipient = try MailAddress(reply.to)
        } catch {
            throw Unusable(submissionID: reply.submissionID, reason: error.reason)
        }
        var text = "From MAILER-DAEMON \(asctime(reply.decidedAt))\n"
        text += "To: \(toValue(recipient))\n"
        text += "Subject: \(headerValue(withBidiEscaped(reply.subject), nameLength: 9))\n"
        text += "Date: \(rfc5322Date(reply.decidedAt))\n"
        text += "MIME-Version: 1.0\n"
        text += "Content-Type: text/plain; charset=utf-8\n"
        text += "Content-Transfer-Encoding: 8bit\n"
        text += "Content-Language: \(reply.language.code)\n"
        text += "X-Objection-Desk-Submission: \(headerValue(withBidiEscaped(reply.submissionID), nameLength: 29))\n"
        text += "X-Objection-Desk-Decision: \(reply.decision.name)\n"
        text += "\n"
        for line in bodyLines(withBidiEscaped(reply.body)) { text += quoted(line) + "\n" }
        return text + "\n"
    }

    /// `name <address>` or the address alone. A display name that is not short printable ASCII
    /// becomes encoded words (RFC 2047 allows them in a phrase, never in the address itself),
    /// and the address goes on a continuation line when the line would pass 78 bytes.
    static func toValue(_ recipient: MailAddress) -> String {
        guard !recipient.displayName.isEmpty else { return recipient.address }
        let name = headerValue(recipient.displayName, nameLength: 4)
        let lastLine = name.split(separator: "\n").last ?? ""
        let startColumn = name.contains("\n") ? 0 : 4
        let fits = startColumn + lastLine.utf8.count + 1 + recipient.address.utf8.count + 2 <= 78
        return name + (fits ? " " : "\n ") + "<" + recipient.address + ">"
    }

    /// Bidi controls are shown as `\u202E`, never written: in a subject or body they would make the
    /// person read the text in another order (Trojan Source), and mail readers decode encoded words.
    static func withBidiEscaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isBidiControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isBidiControl(scalar) { result += TerminalSafety.visibleEscape(scalar.value) } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `>`-quotes a line that would otherwise read as (or unquote to) a message separator.
    static func quoted(_ line: Substring) -> String {
        let afterQuotes = line.drop { $0 == ">" }
        return afterQuotes.hasPrefix("From ") ? ">" + line : String(line)
    }

    /// The body split into lines: CR LF and lone CR become LF, and a line too long for 8bit
    /// transport is broken at its last space that fits (or, with none, between characters).
    static func bodyLines(_ body: String) -> [Substring] {
        let unified = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = unified.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.flatMap(wrapped)
    }

    private static func wrapped(_ line: Substring) -> [Substring] {
        var pieces: [Substring] = []
        var rest = line
        while rest.utf8.count > maximumLineBytes {
            var end = rest.startIndex
            var bytes = 0
            var lastSpace: Substring.Index?
            for index in rest.indices {
                let size = rest[index].utf8.count
                if bytes + size > maximumLineBytes { break }
                bytes += size
                if rest[index] == " " && index > rest.startIndex { lastSpace = index }
                end = rest.index(after: index)
            }
            let cut = lastSpace ?? end
            pieces.append(rest[..<cut])
            rest = rest[cut...]
            if rest.first == " " { rest = rest.dropFirst() }
        }
        pieces.append(rest)
        return pieces
    }

    /// Printable ASCII as is when short; otherwise RFC 2047 encoded words of whole characters,
    /// folded onto continuation lines. `nameLength`: the header name and its ": ".
    static func headerValue(_ value: String, nameLength: Int) -> String {
        let printable = value.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
        if printable && nameLength + value.utf8.count <= 78 && !value.contains("=?") { return value }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in value {
            let bytes = Array(String(character).utf8)
            // 45 bytes → 60 base64 characters; with "=?UTF-8?B?" and "?=" a word stays under 75.
            // The first word also shares its line with the header's name: 78 bytes in all.
            let before = words.isEmpty ? nameLength : 1
            let budget = min(45, max(3, (78 - before - 12) / 4 * 3))
            if chunk.count + bytes.count > budget && !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday.
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func parts(_ epochMillis: Int64) -> (weekday: String, day: Int64, month: String, year: Int64, time: String) {
        let (days, millisOfDay) = Timestamp.floorDivision(epochMillis, AnswerDeadline.millisecondsPerDay)
        let (year, month, day) = Timestamp.civil(fromDays: days)
        let seconds = millisOfDay / 1000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        return (weekdays[Int(Timestamp.floorDivision(days, 7).remainder)], day, months[Int(month) - 1], year, time)
    }

    /// The separator line's date, as C's asctime writes it: `Fri Nov 20 09:00:00 2026`, in UTC.
    static func asctime(_ epochMillis: Int64) -> String {
        let p = parts(epochMillis)
        return "\(p.weekday) \(p.month) \(p.day < 10 ? " " : "")\(p.day) \(p.time) \(p.year)"
    }

    /// `Fri, 20 Nov 2026 09:00:00 +0000`.
    static func rfc5322Date(_ epochMillis: Int64) -> String {
        let p = parts(epochMillis)
        return "\(p.weekday), \(p.day) \(p.month) \(p.year) \(p.time) +0000"
    }
}
