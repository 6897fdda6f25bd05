import Foundation

/// Which family each row of a generated queue belongs to, before any text is written.
///
/// The mix for `count` rows: 4% rows without comparable text (empty, link-only, a few words),
/// 24% texts written once, 7% "hard negatives" (texts that share a long opening, a greeting and an
/// objection sentence, followed by different reasons: distinct families that must not merge), and
/// the rest in families whose sizes are heavy-tailed: five viral chain letters of 4%, 2.5%, 1.5%,
/// 1% and 0.6% of the rows, then Pareto-distributed sizes (α = 2.1) from pairs up to 2% of the
/// rows. Rows are shuffled, so every family is spread over the whole queue.
struct FamilyQueuePlan: Sendable {
    /// Family bases; a row's family is an index into this (or a noise code below 0).
    var bases: [FamilyBase] = []
    /// Per row: the family, or `-1 - kind` for noise rows (kinds: 0 empty, 1 link, 2 short).
    var rowFamilies: [Int32] = []

    init(count: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0xFA11_1E5C_0000_0001)
        var rows: [Int32] = []
        rows.reserveCapacity(count)
        let noise = count * 4 / 100
        for index in 0..<noise { rows.append(-1 - Int32(index % 10 < 3 ? 0 : index % 10 < 6 ? 1 : 2)) }

        // Viral chain letters, then families with Pareto sizes.
        var familyRows = count * 65 / 100
        let viral = [40, 25, 15, 10, 6].map { count * $0 / 1_000 }
        for (index, size) in viral.enumerated() where size >= 2 {
            let text = [ViralTexts.english, ViralTexts.french, ViralTexts.german, ViralTexts.spanish, ViralTexts.italian][index]
            let language = [Language.english, .french, .german, .spanish, .italian][index]
            addFamily(FamilyBase(language: language.rawValue, sentences: Self.sentences(of: text)), size: size, to: &rows)
            familyRows -= size
        }
        let largest = max(2, count / 50)
        var paragraphUses = Set<String>()
        while familyRows >= 2 {
            var size = Self.pareto(&rng, minimum: 2, alpha: 2.1, maximum: largest)
            size = min(size, familyRows)
            let language = FamilyLanguage.weights.pick(&rng)
            var base: FamilyBase
            let material = FamilyLanguage.all[language]
            if size >= 200, let paragraph = material.paragraphs.first(where: { !paragraphUses.contains($0) }) {
                paragraphUses.insert(paragraph)
                base = FamilyBase(language: language, sentences: Self.sentences(of: paragraph))
            } else {
                base = Self.generatedBase(language: language, &rng)
                base.isFormLetter = rng.percent(10)
            }
            addFamily(base, size: size, to: &rows)
            familyRows -= size
        }

        // Hard negatives: groups sharing a greeting and an objection sentence.
        var hardRows = count * 7 / 100
        while hardRows > 0 {
            let language = FamilyLanguage.weights.pick(&rng)
            let material = FamilyLanguage.all[language]
            let opening = [rng.pick(material.greetings), rng.pick(material.objections)]
                + (rng.percent(50) ? [rng.pick(material.objections)] : [])
            for _ in 0..<min(hardRows, rng.int(in: 5...40)) {
                var sentences = opening
                for _ in 0..<rng.int(in: 3...5) { sentences.append(material.sentence(length: rng.int(in: 8...16), &rng)) }
                let size = min(hardRows, rng.percent(20) ? rng.int(in: 2...4) : 1)
                addFamily(FamilyBase(language: language, sentences: sentences), size: size, to: &rows)
                hardRows -= size
            }
        }
        while rows.count < count {
            addFamily(Self.generatedBase(language: FamilyLanguage.weights.pick(&rng), &rng), size: 1, to: &rows)
        }
        rng.shuffle(&rows)
        rowFamilies = rows
    }

    private mutating func addFamily(_ base: FamilyBase, size: Int, to rows: inout [Int32]) {
        let family = Int32(bases.count)
        bases.append(base)
        for _ in 0..<size { rows.append(family) }
    }

    /// Two to six new sentences, a third of the time after an objection sentence many people use.
    private static func generatedBase(language: Int, _ rng: inout SplitMix64) -> FamilyBase {
        let material = FamilyLanguage.all[language]
        var sentences: [String] = []
        if rng.percent(30) { sentences.append(rng.pick(material.objections)) }
        for _ in 0..<rng.int(in: 2...6) { sentences.append(material.sentence(length: rng.int(in: 6...16), &rng)) }
        return FamilyBase(language: language, sentences: sentences)
    }

    /// Splits a paragraph after sentence-ending punctuation.
    static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if ".!?".contains(character) {
                sentences.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }

    /// A Pareto-distributed size: P(size > x) = (x / minimum)^-(alpha - 1), capped at `maximum`.
    static func pareto(_ rng: inout SplitMix64, minimum: Int, alpha: Double, maximum: Int) -> Int {
        // u in (0, 1]; size = minimum * u^(-1 / (alpha - 1)). `pow` on doubles is deterministic
        // for the same inputs on IEEE 754 platforms, which is all the benchmark needs.
        let u = Double(rng.below(1 << 30) + 1) / Double(1 << 30)
        let size = Double(minimum) * pow(u, -1 / (alpha - 1))
        return min(maximum, max(minimum, Int(size)))
    }
}
