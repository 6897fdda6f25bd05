import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// Clusters on small handmade queues: what groups, what does not, ids, flags and filters.
@Suite struct ClustersTests {
    static let letter = "I hereby object under Article 21 GDPR to the use of my posts, photos and comments for training artificial intelligence. I never agreed to this and I do not want my content in any model, now or in the future."
    static let opening = "Hello, I object to the use of my personal data for training your artificial intelligence models."

    private func desk(_ directory: TemporaryDirectory, _ justifications: [String], times: [String]? = nil) throws -> Desk {
        let lines = justifications.enumerated().map { index, text in
            submissionLine(id: "s\(index + 1)", submittedAt: times?[index] ?? "2026-11-01T10:00:00Z", justification: text)
        }
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        return try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
    }

    private func ids(_ desk: Desk, _ cluster: Int) -> [String] {
        desk.clusters.members(ofCluster: cluster).map { desk.table.id(Int($0)) }
    }

    @Test func smallEditsGroupAndSharedOpeningsDoNot() throws {
        let directory = TemporaryDirectory()
        let desk = try desk(directory, [
            Self.letter,                                                                                   // s1
            Self.letter.uppercased(),                                                                       // s2 case
            "Dear team,\n\n" + Self.letter.replacingOccurrences(of: "photos", with: "phtoos") + "\n\nKind regards,\nAnna Nowak",  // s3 greeting, typo, sign-off
            String(Self.letter.prefix(130)),                                                                // s4 truncated copy
            Self.letter + " Please also delete my account.",                                                // s5 sentence added
            Self.opening + " I am a freelance illustrator and my portfolio is on my profile; an image generator now imitates my style and my commissions have dropped.",  // s6
            Self.opening + " Years ago I wrote about my cancer treatment in a support group, and that health data must not end up in a model anyone can query.",  // s7
            "",                                                                                             // s8 empty
            "https://social.example/@anna",                                                                 // s9 link only
            "https://social.example/@bob",                                                                  // s10 link only
        ])
        let clusters = desk.clusters
        #expect(clusters.count == 1)
        #expect(ids(desk, 0) == ["s1", "s2", "s3", "s4", "s5"])
        for row in 5..<10 { #expect(clusters.cluster(ofRow: row) == nil, "row \(row)") }
        #expect(clusters.kind(ofRow: 7) == .empty)
        #expect(clusters.kind(ofRow: 8) == .linkOnly)
        #expect(clusters.clusterSize(ofRow: 0) == 5)
        #expect(clusters.clusterSize(ofRow: 5) == 1)
    }

    @Test func idIsTheFirstMemberInTheFileAndStaysAsRowsArrive() throws {
        let directory = TemporaryDirectory()
        let desk = try desk(directory, ["Something else entirely, about my holiday photos and nothing more.", Self.letter, Self.letter + "!!"],
                            times: ["2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z", "2026-11-03T10:00:00Z"])
        #expect(desk.clusterID(ofRow: 1) == "s2")
        // A copy arriving later with an earlier timestamp (an offline phone) joins; the id stays.
        directory.append("q.jsonl", submissionLine(id: "late", submittedAt: "2026-10-01T10:00:00Z", justification: "i hereby object under article 21 gdpr to the use of my posts photos and comments for training artificial intelligence i never agreed to this and i do not want my content in any model now or in the future") + "\n")
        directory.append("q.jsonl", submissionLine(id: "new", justification: "Something unrelated: please fix the login page, it crashes on my phone every time.") + "\n")
        let changes = try desk.refresh()
        #expect(changes.newRows == 2)
        #expect(desk.clusterID(ofRow: 3) == "s2")
        #expect(desk.clusters.clusterSize(ofRow: 3) == 3)
        #expect(desk.clusters.cluster(ofRow: 4) == nil)
        // A full build from scratch agrees.
        let rebuilt = Clusters(table: desk.table)
        #expect(rebuilt.cluster(ofRow: 3).map { desk.table.id(rebuilt.firstRow(ofCluster: $0)) } == "s2")
    }

    @Test func addsFlagAndAddedWords() throws {
        let directory = TemporaryDirectory()
        let desk = try desk(directory, [
            Self.letter, Self.letter, Self.letter.lowercased(),                                  // the common form
            "Hi, " + Self.letter + " Thanks!",                                                  // courtesy only
            Self.letter.replacingOccurrences(of: "comments", with: "commnets"),                 // a typo
            Self.letter + " And delete my account.",                                            // asks for more
        ])
        let clusters = desk.clusters
        #expect(clusters.count == 1)
        #expect(clusters.representativeRow(ofCluster: 0) == 0)
        #expect((0..<6).map { clusters.addsWords($0) } == [false, false, false, false, false, true])
        let added = try desk.addedWords(ofRow: 5)
        // "And" and "my" are words of the representative too: only the new words count.
        #expect(added.map(\.text) == ["delete", "account"])
        let text = try desk.submission(at: 5).justification
        #expect(added.map { String(text[$0.range]) } == ["delete", "account"])
        #expect(try desk.addedWords(ofRow: 0).isEmpty)
    }

    @Test func representativeIsTheMostCommonWording() throws {
        let directory = TemporaryDirectory()
        let shortened = String(Self.letter.prefix(150))
        let desk = try desk(directory, [shortened, Self.letter, Self.letter, Self.letter])
        #expect(desk.clusters.representativeRow(ofCluster: 0) == 1)
        #expect(desk.clusterID(ofRow: 1) == "s1")
        #expect(desk.clusters.addsWords(0) == false)  // a truncated copy adds nothing
    }

    @Test func shortTextsGroupOnlyWhenTheirWordsAreEqual() throws {
        let directory = TemporaryDirectory()
        let desk = try desk(directory, ["I object.", "i OBJECT!", "I objected.", "No AI please 🙏", "no ai, please"])
        #expect(desk.clusters.count == 2)
        #expect(ids(desk, 0) == ["s1", "s2"])
        #expect(ids(desk, 1) == ["s4", "s5"])
        #expect(desk.clusters.kind(ofRow: 0) == .short)
    }

    @Test func viralPendingAndFilters() throws {
        let directory = TemporaryDirectory()
        var texts = Array(repeating: Self.letter, count: 55)
        texts += ["A completely different text about my children's photos and why they must stay private."]
        texts += Array(repeating: Self.opening + " My reasons are my own and nobody else's, written here once.", count: 3)
        let desk = try desk(directory, texts)
        try desk.record([Decision(submissionID: "s2", kind: .accepted, reviewer: "ana", osUser: "u", decidedAt: 0)])
        let clusters = desk.clusters
        #expect(clusters.isViral(0))
        #expect(!clusters.isViral(56))
        #expect(clusters.pendingCount(ofCluster: 0, ledger: desk.ledger) == 54)
        func ids(_ filter: String) throws -> [String] {
            desk.rows(matching: try FilterParser.parse(filter), now: WallClock.now()).map { desk.table.id(Int($0)) }
        }
        #expect(try ids("cluster:s57") == ["s57", "s58", "s59"])
        #expect(try ids("cluster:s58") == ["s57", "s58", "s59"])  // any member names its cluster
        #expect(try ids("cluster:s56").isEmpty)                    // a singleton is no cluster
        #expect(try ids("cluster>=50").count == 55)
        #expect(try ids("cluster>=3 -cluster>=50") == ["s57", "s58", "s59"])
        #expect(try ids("-cluster>=2") == ["s56"])
        #expect(try ids("cluster>=50 status:accepted") == ["s2"])
        let line = String(decoding: try desk.exportRow(57).jsonLine(), as: UTF8.self)
        #expect(line.hasSuffix(#","cluster":"s57","cluster_size":3}"#))
        let single = String(decoding: try desk.exportRow(55).jsonLine(), as: UTF8.self)
        #expect(single.hasSuffix(#","cluster":null,"cluster_size":1}"#))
    }

    @Test func clusterTermsParseAndPrint() throws {
        #expect(try FilterParser.parse("cluster:obj-1").terms == [FilterTerm(.cluster("obj-1"))])
        #expect(try FilterParser.parse("cluster>=50").description == "cluster>=50")
        #expect(try FilterParser.parse("cluster>49").description == "cluster>=50")
        #expect(try FilterParser.parse("-CLUSTER>=2").description == "-cluster>=2")
        #expect(throws: FilterSyntaxError.self) { try FilterParser.parse("cluster<5") }
        #expect(throws: FilterSyntaxError.self) { try FilterParser.parse("cluster>=many") }
    }
}
