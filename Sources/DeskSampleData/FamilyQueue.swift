import DeskCore
import Dispatch
import Foundation

/// A generated queue whose justifications come in known families of near-identical texts, with
/// the ground truth, for measuring how well the desk clusters them.
///
/// Families are drawn by `FamilyQueuePlan` (heavy-tailed sizes, hard negatives, noise rows) and
/// members by `FamilyVariation` (case, accents, NFC/NFD, whitespace and line breaks, punctuation,
/// quotes, greetings and sign-offs, names and @handles, emoji, typos, added or dropped sentences,
/// truncation), in ten languages. Output depends only on the seed and the count.
package struct FamilyQueue: Sendable {
    package let seed: UInt64
    package let count: Int

    package init(seed: UInt64 = 7, count: Int) {
        self.seed = seed
        self.count = count
    }

    /// What each line really is.
    package struct Truth: Sendable, Equatable {
        /// Per line: its family, or -1 for lines without comparable text (empty, link-only, a few
        /// words), which are not scored.
        package var families: [Int32]
        /// Per line: the edits its text received (empty for noise lines).
        package var edits: [FamilyEdits]

        package init(families: [Int32], edits: [FamilyEdits]) {
            self.families = families
            self.edits = edits
        }
    }

    /// Generates the queue file's bytes and the truth in memory.
    package func generate() -> (queue: [UInt8], truth: Truth) {
        let (parts, truth) = generateParts()
        return (Array(parts.joined()), truth)
    }

    /// Writes the queue (mode 0600) and the truth, one `family edits` line per queue line.
    @discardableResult
    package func write(queueTo queuePath: String, truthTo truthPath: String) throws(OutputFileError) -> Truth {
        let (parts, truth) = generateParts()
        let queue = try OutputFile(path: queuePath)
        for part in parts { try queue.write(part) }
        try queue.close()
        let labels = try OutputFile(path: truthPath)
        var text: [UInt8] = []
        text.reserveCapacity(count * 10)
        for (family, edits) in zip(truth.families, truth.edits) {
            text += Array("\(family) \(edits.rawValue)\n".utf8)
        }
        try labels.write(text)
        try labels.close()
        return truth
    }

    /// Reads a truth file written by `write`.
    package static func readTruth(from path: String) throws -> Truth {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var truth = Truth(families: [], edits: [])
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let family = Int32(fields[0]), let edits = UInt32(fields[1]) else {
                throw CocoaError(.fileReadCorruptFile)
            }
            truth.families.append(family)
            truth.edits.append(FamilyEdits(rawValue: edits))
        }
        return truth
    }

    private static let countries = ["IE", "FR", "DE", "ES", "IT", "PL", "NL", "PT", "SE", "GR"]
    /// 2024-11-20T12:00:00Z: the queue spans the two years before the synthetic queue's end.
    private static let startTime: Int64 = 1_732_104_000

    /// The lines in parts generated in parallel (each row has its own random stream).
    private func generateParts() -> (parts: [[UInt8]], truth: Truth) {
        let plan = FamilyQueuePlan(count: count, seed: seed)
        let pieces = max(1, min(64, count / 5_000))
        var parts = [[UInt8]](repeating: [], count: pieces)
        var families = [Int32](repeating: -1, count: count)
        var edits = [FamilyEdits](repeating: [], count: count)
        let seed = self.seed
        let count = self.count
        parts.withUnsafeMutableBufferPointer { partsBuffer in
            families.withUnsafeMutableBufferPointer { familiesBuffer in
                edits.withUnsafeMutableBufferPointer { editsBuffer in
                    let output = UnsafeOutput(parts: partsBuffer, families: familiesBuffer, edits: editsBuffer)
                    DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                        var bytes: [UInt8] = []
                        bytes.reserveCapacity((count / pieces + 1) * 420)
                        for row in (count * piece / pieces)..<(count * (piece + 1) / pieces) {
                            var rng = SplitMix64(seed: seed ^ (UInt64(row) &* 0x9E37_79B9_7F4A_7C15))
                            let family = plan.rowFamilies[row]
                            let justification: String
                            var language = 0
                            if family < 0 {
                                justification = Self.noise(kind: Int(-1 - family), &rng)
                                language = FamilyLanguage.weights.pick(&rng)
                                output.families[row] = -1
                            } else {
                                let base = plan.bases[Int(family)]
                                let variant = FamilyVariation.variant(of: base, &rng)
                                justification = variant.text
                                language = base.language
                                output.families[row] = family
                                output.edits[row] = variant.edits
                            }
                            bytes += Self.line(row: row, count: count, language: language, justification: justification)
                            bytes.append(0x0A)
                        }
                        output.parts[piece] = bytes
                    }
                }
            }
        }
        return (parts, Truth(families: families, edits: edits))
    }

    private static func noise(kind: Int, _ rng: inout SplitMix64) -> String {
        switch kind {
        case 0: return rng.pick(FamilyNoise.emptyish)
        case 1:
            let link = rng.pick(FamilyNoise.links) + "user\(rng.below(1_000_000))"
            return rng.percent(20) ? link + " " + rng.pick(FamilyNoise.links) + "x\(rng.below(1000))" : link
        default: return rng.pick(FamilyNoise.shortTexts)
        }
    }

    private static func line(row: Int, count: Int, language: Int, justification: String) -> [UInt8] {
        var timestamp: [UInt8] = []
        let span: Int64 = 730 * 86_400
        CivilTime.appendRFC3339(utcSeconds: startTime + span * Int64(row) / Int64(max(count, 1)), offsetMinutes: nil, to: &timestamp)
        var writer = JSONObjectWriter()
        writer.add("id", "fam-" + String(repeating: "0", count: max(0, 7 - String(row + 1).count)) + String(row + 1))
        writer.add("submitted_at", String(decoding: timestamp, as: UTF8.self))
        writer.add("country", countries[language])
        writer.add("email", "person\(row + 1)@mail.example")
        writer.add("email_verified", row % 10 < 7)
        writer.add("justification", justification)
        return writer.finish()
    }
}

/// Lets the parallel generator write disjoint rows of its outputs.
private struct UnsafeOutput: @unchecked Sendable {
    let parts: UnsafeMutableBufferPointer<[UInt8]>
    let families: UnsafeMutableBufferPointer<Int32>
    let edits: UnsafeMutableBufferPointer<FamilyEdits>
}
