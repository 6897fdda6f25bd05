import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing
@testable import DeskReplies

@Suite("mbox messages")
struct MboxFormatTests {
    private func reply(subject: String = "Plain subject", body: String, to: String = "a@example.org") -> Reply {
        Reply(submissionID: "id-1", to: to, language: .de, subject: subject, body: body, decision: .rejected,
              decidedAt: Timestamp.parseRFC3339("2026-11-03T04:05:06Z")!)
    }

    @Test func separatorAndHeaders() throws {
        let message = try MboxFormat.message(reply(body: "Hallo\n"))
        #expect(message == """
            From MAILER-DAEMON Tue Nov  3 04:05:06 2026
            To: a@example.org
            Subject: Plain subject
            Date: Tue, 3 Nov 2026 04:05:06 +0000
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit
            Content-Language: de
            X-Objection-Desk-Submission: id-1
            X-Objection-Desk-Decision: rejected

            Hallo


            """)
    }

    /// mboxrd: `From ` after any number of `>` gets one more, so reading can undo it exactly.
    @Test func fromLinesAreQuoted() throws {
        let message = try MboxFormat.message(reply(body: "From now on\n>From here\n>>From there\nFrom\nFromage\n From x\n"))
        let body = message.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        #expect(body == ">From now on\n>>From here\n>>>From there\nFrom\nFromage\n From x\n\n")
    }

    @Test func lineBreaksAreUnifiedAndOverlongLinesWrapped() {
        #expect(MboxFormat.bodyLines("a\r\nb\rc\n") == ["a", "b", "c"])
        let word = String(repeating: "é", count: 300)  // 600 bytes
        let lines = MboxFormat.bodyLines(word + " " + word + "\n")
        #expect(lines == [Substring(word), Substring(word)])
        let unbroken = String(repeating: "ż", count: 1000)
        #expect(MboxFormat.bodyLines(unbroken).allSatisfy { $0.utf8.count <= 998 })
        #expect(MboxFormat.bodyLines(unbroken).joined() == unbroken)
    }

    @Test func nonASCIIOrLongHeadersBecomeEncodedWordsOfWholeCharacters() {
        #expect(MboxFormat.headerValue("Ihr Widerspruch", nameLength: 9) == "Ihr Widerspruch")
        let value = "Państwa sprzeciw obj-1: odpowiedź najpóźniej 3 lutego 2027 r. żółć"
        let encoded = MboxFormat.headerValue(value, nameLength: 9)
        let words = encoded.components(separatedBy: "\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }
        #expect(!decoded.contains { $0.contains("\u{FFFD}") }, "no character split across words")
        #expect(decoded.joined() == value)
        #expect(MboxFormat.headerValue("line\nbreak", nameLength: 9).hasPrefix("=?UTF-8?B?"))
        #expect(MboxFormat.headerValue("=?UTF-8?B?eA==?=", nameLength: 9) != "=?UTF-8?B?eA==?=")
    }

    @Test(arguments: ["", "a@b\nBcc: c@d", "a@b\r", "a\u{85}b", "a\u{2028}b"])
    func addressesThatCouldBreakHeadersAreRefused(to: String) {
        #expect(throws: MboxFormat.Unusable.self) { try MboxFormat.message(reply(body: "x", to: to)) }
    }

    /// One address, never a list: a comma, a semicolon or a second address would add recipients.
    @Test(arguments: ["victim@example.com, attacker@evil.example", "a@b;c@d", "Group: a@b;", "a@b <c@d>", "Eve <a@b>, c@d",
                      "\"a,b\"@example.com", "a@b (comment)", "no-at-sign", "two@@example.com", "a@b\u{202E}moc.live",
                      "Eve\u{202E} <a@b>", "a@b\u{200B}"])
    func addressesThatAreNotOnePlainAddressAreRefused(to: String) {
        #expect(throws: MboxFormat.Unusable.self) { try MboxFormat.message(reply(body: "x", to: to)) }
    }

    @Test func anAddressLongerThanSMTPAllowsIsRefused() {
        let long = String(repeating: "a", count: 3000) + "@example.com"
        #expect(throws: MboxFormat.Unusable.self) { try MboxFormat.message(reply(body: "x", to: long)) }
    }

    @Test func aDisplayNameIsKeptEncodedWhenNotASCIIAndFoldedWhenLong() throws {
        #expect(try MboxFormat.message(reply(body: "x", to: "Marie <marie@example.fr>")).contains("\nTo: Marie <marie@example.fr>\n"))
        let name = String(repeating: "Zoë ", count: 40) + "Bücher"
        let message = try MboxFormat.message(reply(body: "x", to: name + " <zoe@example.org>"))
        let header = try #require(message.components(separatedBy: "\nSubject: ").first?.components(separatedBy: "\nTo: ").last)
        let lines = header.components(separatedBy: "\n")
        #expect(lines.count > 1)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") }, "continuation lines start with a space")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 && $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(lines.last?.hasSuffix("<zoe@example.org>") == true)
    }

    @Test func everyHeaderLineIsFoldedUnder78BytesAndNoBidiControlIsWrittenRaw() throws {
        let subject = "Your objection " + String(repeating: "x", count: 200) + " \u{202E}gnp.exe"
        let message = try MboxFormat.message(Reply(submissionID: "id-\u{202E}1", to: "a@example.org", language: .en, subject: subject,
                                                   body: "Reason: \u{202E}evil\u{2066}\n", decision: .rejected, decidedAt: 0))
        let headers = try #require(message.components(separatedBy: "\n\n").first)
        for line in headers.split(separator: "\n").dropFirst() { #expect(line.utf8.count <= 78, "\(line)") }
        #expect(!message.unicodeScalars.contains { [0x202E, 0x2066].contains($0.value) })
        #expect(message.contains("Reason: \\u202Eevil\\u2066"))
        let subjectWords = headers.components(separatedBy: "\nSubject: ")[1].components(separatedBy: "\nDate:")[0]
        let decoded = subjectWords.components(separatedBy: "\n ").map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded.hasSuffix("\\u202Egnp.exe"))
    }

    @Test func internationalAddressesStayAsWritten() throws {
        #expect(try MboxFormat.message(reply(body: "x", to: "zoë@bücher.example")).contains("\nTo: zoë@bücher.example\n"))
    }
}
