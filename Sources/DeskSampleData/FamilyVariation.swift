import Foundation

/// The text a family of near-identical justifications starts from.
struct FamilyBase: Sendable {
    var language: Int
    var sentences: [String]
    /// Every member puts their own name into it ("My name is …").
    var isFormLetter = false
}

/// The edits applied to one member, recorded so the benchmark can tell which flags are right.
package struct FamilyEdits: OptionSet, Sendable, Hashable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    package static let caseChanged = FamilyEdits(rawValue: 1 << 0)
    package static let accentsStripped = FamilyEdits(rawValue: 1 << 1)
    package static let decomposed = FamilyEdits(rawValue: 1 << 2)
    package static let whitespace = FamilyEdits(rawValue: 1 << 3)
    package static let punctuation = FamilyEdits(rawValue: 1 << 4)
    package static let quotes = FamilyEdits(rawValue: 1 << 5)
    package static let greeting = FamilyEdits(rawValue: 1 << 6)
    package static let signOff = FamilyEdits(rawValue: 1 << 7)
    package static let name = FamilyEdits(rawValue: 1 << 8)
    package static let handle = FamilyEdits(rawValue: 1 << 9)
    package static let emoji = FamilyEdits(rawValue: 1 << 10)
    package static let typos = FamilyEdits(rawValue: 1 << 11)
    package static let sentenceAdded = FamilyEdits(rawValue: 1 << 12)
    package static let sentenceDropped = FamilyEdits(rawValue: 1 << 13)
    package static let truncated = FamilyEdits(rawValue: 1 << 14)
    package static let lineBreaks = FamilyEdits(rawValue: 1 << 15)

    /// Edits that leave the words as they are once case, accents and punctuation are folded.
    package static let cosmetic: FamilyEdits = [.caseChanged, .accentsStripped, .decomposed, .whitespace, .punctuation,
                                               .quotes, .handle, .emoji, .lineBreaks]
}

/// The variation model: how people change a text they copy. Each edit is drawn independently, so
/// about half of the members are the base text with at most cosmetic changes.
enum FamilyVariation {
    static func variant(of base: FamilyBase, _ rng: inout SplitMix64) -> (text: String, edits: FamilyEdits) {
        let language = FamilyLanguage.all[base.language]
        var edits: FamilyEdits = []
        var sentences = base.sentences
        if sentences.count >= 3 && rng.percent(6) {
            sentences.remove(at: 1 + rng.below(sentences.count - 1))
            edits.insert(.sentenceDropped)
        }
        if rng.percent(6) {
            let position = rng.percent(60) ? sentences.count : rng.below(sentences.count + 1)
            sentences.insert(language.sentence(length: rng.int(in: 6...14), &rng), at: position)
            edits.insert(.sentenceAdded)
        }
        if base.isFormLetter {
            sentences.insert(language.nameIntro + " " + language.name(&rng) + ".", at: 0)
            edits.insert(.name)
        } else if rng.percent(5) {
            let sentence = language.nameIntro + " " + language.name(&rng) + "."
            sentences.insert(sentence, at: rng.below(sentences.count + 1))
            edits.insert(.name)
        }
        if rng.percent(5) {
            let handle = "@" + language.name(&rng).lowercased().replacingOccurrences(of: " ", with: "_")
            sentences.insert(handle, at: rng.percent(70) ? sentences.count : rng.below(sentences.count + 1))
            edits.insert(.handle)
        }
        var text = join(sentences, &rng, edits: &edits)
        if rng.percent(10) {
            text = rng.pick(language.greetings) + (rng.percent(50) ? "\n\n" : " ") + text
            edits.insert(.greeting)
        }
        if rng.percent(10) {
            text += (rng.percent(50) ? "\n\n" : " ") + rng.pick(language.closings)
            if rng.percent(50) { text += "\n" + language.name(&rng) }
            edits.insert(.signOff)
        }
        if rng.percent(18) {
            text = typos(in: text, count: rng.int(in: 1...3), &rng)
            edits.insert(.typos)
        }
        if rng.percent(4) {
            text = truncated(text, &rng)
            edits.insert(.truncated)
        }
        text = cosmetics(text, &rng, edits: &edits)
        return (text, edits)
    }

    private static func join(_ sentences: [String], _ rng: inout SplitMix64, edits: inout FamilyEdits) -> String {
        guard rng.percent(15) else { return sentences.joined(separator: " ") }
        var text = rng.percent(30) ? "  " : ""
        if !text.isEmpty { edits.insert(.whitespace) }
        for (index, sentence) in sentences.enumerated() {
            if index > 0 {
                let separator = rng.pick([" ", "\n", "\n\n", "  ", " \t", "\r\n"])
                edits.insert(separator.contains("\n") ? .lineBreaks : separator == " " ? [] : .whitespace)
                text += separator
            }
            text += sentence
        }
        if rng.percent(30) {
            text += " \n"
            edits.insert(.whitespace)
        }
        return text
    }

    /// Case, accents, punctuation, quotes, emoji: changes that leave the words themselves alone.
    private static func cosmetics(_ input: String, _ rng: inout SplitMix64, edits: inout FamilyEdits) -> String {
        var text = input
        if rng.percent(12) {
            text = String(text.unicodeScalars.filter { !".,;:!?".unicodeScalars.contains($0) }.map(Character.init))
            edits.insert(.punctuation)
        } else if rng.percent(6) {
            text += rng.pick(["!!!", "...", " !!", "?!"])
            edits.insert(.punctuation)
        }
        if rng.percent(10) {
            if text.contains("’") || text.contains("“") {
                text = text.replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
            } else {
                text = text.replacingOccurrences(of: "'", with: "’")
                text = curlyDoubleQuotes(text)
            }
            edits.insert(.quotes)
        }
        let caseRoll = rng.below(100)
        if caseRoll < 10 {
            text = text.lowercased()
            edits.insert(.caseChanged)
        } else if caseRoll < 13 {
            text = text.uppercased()
            edits.insert(.caseChanged)
        } else if caseRoll < 18 {
            text = text.split(separator: " ", omittingEmptySubsequences: false).map { word in
                rng.percent(30) ? word.prefix(1).uppercased() + word.dropFirst() : String(word)
            }.joined(separator: " ")
            edits.insert(.caseChanged)
        }
        if rng.percent(10) {
            let emoji = (0..<rng.int(in: 1...3)).map { _ in rng.pick(FamilyNoise.emoji) }.joined()
            if rng.percent(70) { text += " " + emoji } else { text = emoji + " " + text }
            edits.insert(.emoji)
        }
        let accentRoll = rng.below(100)
        if accentRoll < 7 {
            text = text.folding(options: .diacriticInsensitive, locale: nil)
            edits.insert(.accentsStripped)
        } else if accentRoll < 14 {
            text = text.decomposedStringWithCanonicalMapping
            edits.insert(.decomposed)
        }
        return text
    }

    private static func curlyDoubleQuotes(_ text: String) -> String {
        var result = ""
        var open = true
        for character in text {
            if character == "\"" {
                result.append(open ? "“" : "”")
                open.toggle()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// One to three typing mistakes in words of four letters or more.
    private static func typos(in text: String, count: Int, _ rng: inout SplitMix64) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map { Array($0) }
        let candidates = words.indices.filter { words[$0].filter(\.isLetter).count >= 4 && words[$0].allSatisfy { $0.isLetter || $0.isPunctuation } }
        guard !candidates.isEmpty else { return text }
        for _ in 0..<count {
            let index = rng.pick(candidates)
            var word = words[index]
            let letters = word.indices.filter { word[$0].isLetter }
            guard letters.count >= 2 else { continue }
            let position = letters[rng.below(letters.count - 1)]
            switch rng.below(4) {
            case 0: word[position] = rng.pick(Array("aeioulnrst"))
            case 1: word.remove(at: position)
            case 2: word.insert(word[position], at: position)
            default: word.swapAt(position, position + 1)
            }
            words[index] = word
        }
        return words.map { String($0) }.joined(separator: " ")
    }

    /// A copy cut off somewhere between 45% and 90% of its length, keeping at least eight words.
    private static func truncated(_ text: String, _ rng: inout SplitMix64) -> String {
        let characters = Array(text)
        var cut = characters.count * rng.int(in: 45...90) / 100
        while cut < characters.count && characters[..<cut].split(whereSeparator: \.isWhitespace).count < 8 { cut += 1 }
        let kept = String(characters[..<cut])
        return rng.percent(30) ? kept + "…" : kept
    }
}
