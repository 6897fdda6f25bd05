import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Requesters and flags")
struct FlagTests {
    @Test(arguments: [
        ("Ana.Borg+ai@Example.ORG", "ana.borg@example.org"),
        ("ｊｏｅ@example.com", "joe@example.com"),
        ("olga@почта.рф", "olga@xn--80a1acny.xn--p1ai"),
        ("  x+y+z@b.eu ", "x@b.eu"),
        ("no-at-sign", "no-at-sign"),
    ])
    func emailsAreNormalisedForComparison(raw: String, normalized: String) {
        #expect(RequesterKey.normalize(raw) == normalized)
        #expect(RequesterKey.hash(raw) == RequesterKey.hash(normalized))
    }

    @Test func differentPeopleStayDifferent() {
        #expect(RequesterKey.hash("ana@example.org") != RequesterKey.hash("anna@example.org"))
        #expect(RequesterKey.hash("ana@example.org") != RequesterKey.hash("ana@example.com"))
    }

    private func desk(_ directory: TemporaryDirectory) throws -> Desk {
        let lines = [
            submissionLine(id: "plain", country: "FR", email: "ana@example.org", justification: "Je m'oppose.", extra: #","email_verified":true"#),
            submissionLine(id: "again", country: "DE", email: "Ana+second@EXAMPLE.org", justification: "Ich widerspreche.", extra: #","email_verified":true"#),
            submissionLine(id: "blank", country: "US", email: "b@example.com", justification: " ?! 🙏 "),
            submissionLine(id: "link", email: "c@example.com", justification: "  https://example.com/my-post  "),
            submissionLine(id: "spoof", email: "d@pаypal.com", justification: "I object \u{202E}evil"),
            submissionLine(id: "greek", country: "GR", email: "e@example.gr", justification: "Αντιτίθεμαι"),
        ]
        let queue = directory.write("submissions.jsonl", lines.joined(separator: "\n") + "\n")
        return try Desk(queuePath: queue, decisionsPath: directory.file("decisions.jsonl"))
    }

    @Test func everyFlagIsComputedAndFiltered() throws {
        let directory = TemporaryDirectory()
        let desk = try desk(directory)
        func ids(_ filter: String) throws -> [String] {
            desk.rows(matching: try FilterParser.parse(filter), now: WallClock.now()).map { desk.table.id(Int($0)) }
        }
        #expect(try ids("flag:unverified") == ["blank", "link", "spoof", "greek"])
        #expect(try ids("flag:non_eea") == ["blank"])
        #expect(try ids("flag:empty") == ["blank"])
        #expect(try ids("flag:url_only") == ["link"])
        #expect(try ids("flag:repeat") == ["plain", "again"])
        #expect(try ids("flag:mixed_script") == ["spoof"])
        #expect(try ids("flag:hostile") == ["spoof"])
        #expect(try ids("-flag:unverified -flag:repeat").isEmpty)
        #expect(try ids("requester:ANA@example.org") == ["plain", "again"])
        #expect(try FilterParser.parse("flag:url_only -flag:repeat requester:a@b.eu").description == "flag:url_only -flag:repeat requester:a@b.eu")
        #expect(throws: FilterSyntaxError.self) { try FilterParser.parse("flag:spam") }
        #expect(desk.table.flags(of: desk.table.row(forID: "blank")!) == [.unverified, .nonEEA, .empty])
    }

    @Test func justificationShapes() {
        func empty(_ text: String) -> Bool { var t = text; return t.withUTF8 { JustificationShape.isEmpty(UnsafeRawBufferPointer($0)) } }
        func link(_ text: String) -> Bool { var t = text; return t.withUTF8 { JustificationShape.isURLOnly(UnsafeRawBufferPointer($0)) } }
        #expect(empty("") && empty("  \n ") && empty("...!!!") && empty("🙏🙏"))
        #expect(!empty("ok") && !empty("Ωμέγα") && !empty("٣"))
        #expect(link("https://x.example/p") && link(" HTTP://x.example "))
        #expect(!link("see https://x.example/p") && !link("https://") && !link("ftp://x"))
        #expect(link("hTTpS://X.example") && !link("http:/x.example") && !link("http") && !link("https:/"))
        #expect(empty("🙏 — «»") && !empty("🙏 Ωμέγα") && !empty("— ٣"))
    }
}
