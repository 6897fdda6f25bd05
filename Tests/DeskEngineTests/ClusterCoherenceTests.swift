import DeskSampleData
import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// A cluster holds only texts near-identical to its representative itself, never a chain of texts
/// each close to the next: a bulk decision on a cluster must cover only what its text says.
@Suite(.serialized) struct ClusterCoherenceTests {
    private func desk(_ directory: TemporaryDirectory, _ justifications: [String]) throws -> Desk {
        let lines = justifications.enumerated().map { index, text in submissionLine(id: "s\(index + 1)", justification: text) }
        let queue = directory.write("q.jsonl", lines.joined(separator: "\n") + "\n")
        return try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
    }

    /// Every member of every cluster of a mixed queue (personal texts composed from sentences
    /// many people use, and viral pastes) passes the outside yardstick against its representative.
    @Test func everyMemberIsNearIdenticalToItsRepresentative() throws {
        let directory = TemporaryDirectory()
        let queue = directory.file("q.jsonl")
        _ = try SyntheticQueueWriter(seed: 3).write(count: 30_000, queueTo: queue, decisionsTo: nil)
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        let clusters = desk.clusters
        var incoherent: [String] = []
        var members = 0
        for cluster in 0..<clusters.count {
            let representative = try CoherenceScore.shingles(of: desk.submission(at: clusters.representativeRow(ofCluster: cluster)).justification)
            for row in clusters.members(ofCluster: cluster) {
                members += 1
                let member = try CoherenceScore.shingles(of: desk.submission(at: Int(row)).justification)
                if !CoherenceScore.isNearIdentical(member, representative) { incoherent.append(desk.table.id(Int(row))) }
            }
        }
        #expect(members > 10_000)
        #expect(Double(incoherent.count) <= 0.01 * Double(members), "\(incoherent.count) of \(members) members are not near-identical to their representative, e.g. \(incoherent.prefix(5))")
    }

    /// A short sentence many people open with does not sweep in the longer personal texts that
    /// hold it; a copy with a short remark added joins and is flagged as adding words.
    @Test func aLongTextHoldingAShortCommonSentenceIsNotACopyOfIt() throws {
        let directory = TemporaryDirectory()
        let short = "Me opongo al tratamiento de mis datos personales para entrenar modelos."
        let desk = try desk(directory, [
            short, short, short,                                                                           // s1-s3
            short + " Gracias.",                                                                           // s4 courtesy
            short + " Borren también mi cuenta.",                                                          // s5 a remark
            short + " Nunca he dado mi consentimiento para que usen mis publicaciones, fotos y comentarios, y soy fotógrafa profesional: mis imágenes son mi trabajo y mi sustento.",  // s6
            "Nunca he dado mi consentimiento para que usen mis publicaciones. " + short + " Trabajo como enfermera y escribo sobre pacientes de forma anónima, pero aun así no quiero que esos textos alimenten ningún modelo.",  // s7
        ])
        let clusters = desk.clusters
        #expect(clusters.count == 1)
        #expect(clusters.members(ofCluster: 0).map { desk.table.id(Int($0)) } == ["s1", "s2", "s3", "s4", "s5"])
        #expect(clusters.addsWords(4))
        #expect(!clusters.addsWords(3))
    }

    /// A is close to B and B to C, but C shares little with A: C is not put with A through B.
    @Test func closeToAMemberIsNotEnough() throws {
        let directory = TemporaryDirectory()
        let first = "I object to the use of my posts and photos for training artificial intelligence models of any kind."
        let second = "My pictures show my children and my home, and I never agreed that anyone may copy them."
        let third = "I work as a nurse and write about my shifts, always without names, but still want none of it used."
        let a = first + " " + second
        let b = first + " " + second + " " + third
        let c = second + " " + third
        let desk = try desk(directory, [a, a, a, b, c])
        let clusters = desk.clusters
        #expect(clusters.cluster(ofRow: 3) == clusters.cluster(ofRow: 0))
        #expect(clusters.cluster(ofRow: 4) != clusters.cluster(ofRow: 0))
    }

    /// Texts composed from sentences many people use: a copy whose middle sentence was replaced by
    /// another shares most of its word pairs, yet says something else. Typos and a greeting still
    /// make a copy.
    @Test func aReplacedSentenceMakesADifferentText() throws {
        let directory = TemporaryDirectory()
        let nurse = "I'm a nurse and I've vented here about very hard shifts. No patient is named, but colleagues could recognise the situations. That is not something I want reproduced by an AI."
        let replaced = "I'm a nurse and I've vented here about very hard shifts. That is not something I want reproduced by an AI. Vi chiedo cortesemente un riscontro."
        let typos = "I'm a nurse and I've vneted here about very hard shifts. No patient is named, but coleagues could recognise the situations. That is not something I want reproduced by an AI."
        let greeting = "Hello, " + nurse
        let desk = try desk(directory, [nurse, nurse, nurse, replaced, typos, greeting])
        let clusters = desk.clusters
        #expect(clusters.cluster(ofRow: 3) != clusters.cluster(ofRow: 0))
        #expect(clusters.cluster(ofRow: 4) == clusters.cluster(ofRow: 0))
        #expect(clusters.cluster(ofRow: 5) == clusters.cluster(ofRow: 0))
        #expect(!CoherenceScore.isNearIdentical(CoherenceScore.shingles(of: replaced), CoherenceScore.shingles(of: nurse)))
    }

    /// A sentence replaced by a short remark leaves word pairs that still pass (0.5), and no long
    /// passage on the copy's side: only the characters tell that the copy lost half of what the
    /// text says (5-character shingles: Jaccard 0.47, containment 0.77).
    @Test func aSentenceReplacedByAShortRemarkIsDecidedByTheCharacters() throws {
        let directory = TemporaryDirectory()
        let translator = "I'm a freelance translator; my public threads show my working method and sample translations. An AI trained on them competes directly with me for the same clients."
        let remark = "Hello, I'm a freelance translator; my public threads show my working method and sample translations. Aguardo confirmação."
        let typos = "I'm a freelance translatr; my public threads show my workng method and sample translations. An AI trained on them competes directly with me for the same clients."
        let desk = try desk(directory, [translator, translator, translator, remark, typos])
        let clusters = desk.clusters
        #expect(clusters.cluster(ofRow: 3) != clusters.cluster(ofRow: 0))
        #expect(clusters.cluster(ofRow: 4) == clusters.cluster(ofRow: 0))
    }

    /// The yardstick's shingles of a folded text are the scorer's.
    @Test func theYardstickCountsTheScorersShingles() {
        for text in ["i object to the use of my data", "a  b\tc\n\nd", "abc", "pas d'ia avec mes données svp 🙏🎨"] {
            let ours = Array(text.utf8).withUnsafeBytes { ShingleYardstick.shingles(folded: $0) }
            #expect(Set(ours).count == CoherenceScore.shingles(of: text).count, "\(text)")
        }
    }

    /// The one-pass shingles are the windows of the collapsed scalars, in order: spaces at either
    /// end dropped, runs of them one space, a text under five scalars one shingle.
    @Test func theYardstickShinglesEveryWindowOfTheCollapsedText() {
        let texts = ["", " ", "  \n ", "ab", " abcd ", "abcde", " abcde", "abcdef  ", "a b  c\u{3000}d\u{2029}e f",
                     "\t\tstop   using\nmy data  ", "żółć gęślą jaźń", "日本語のテキストです", "👍🏽 yes 👍🏽", "x\u{85}y\u{A0}z w v"]
        var reused: [UInt64] = []
        for text in texts {
            let ours = Array(text.utf8).withUnsafeBytes { ShingleYardstick.shingles(folded: $0) }
            Array(text.utf8).withUnsafeBytes { ShingleYardstick.shingles(folded: $0, into: &reused) }
            #expect(ours == Self.referenceWindows(text), "\(text.debugDescription)")
            #expect(reused == ours, "\(text.debugDescription)")
        }
    }

    /// The windows written out plainly: a scalar list, then each window's scalars packed.
    private static func referenceWindows(_ text: String) -> [UInt64] {
        var scalars: [UInt64] = []
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !lastWasSpace { scalars.append(0x20) }
                lastWasSpace = true
            } else {
                scalars.append(UInt64(scalar.value))
                lastWasSpace = false
            }
        }
        if scalars.last == 0x20 { scalars.removeLast() }
        func key(_ window: ArraySlice<UInt64>) -> UInt64 {
            // Five ASCII scalars: their bytes, the first lowest, tagged.
            if window.count == 5 && window.allSatisfy({ $0 < 0x80 }) {
                return window.reversed().reduce(0) { $0 << 8 | $1 } | 1 << 61
            }
            let low = window.reduce(0) { $0 << 12 | $1 & 0xFFF }
            let high = window.reduce(0) { $0 << 9 | $1 >> 12 }
            return ShingleYardstick.key(low: low, high: high)
        }
        if scalars.isEmpty { return [] }
        if scalars.count < 5 { return [key(scalars[...]) | 1 << 62] }
        return (0...(scalars.count - 5)).map { key(scalars[$0..<($0 + 5)]) }
    }
}
