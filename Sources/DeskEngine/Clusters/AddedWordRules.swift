import DeskCore
import DeskStore

/// Which words of a cluster member count as "added" to the cluster's representative text.
///
/// A word is added when the representative does not have it, except:
/// - greetings, thanks and sign-off words (a list below, in the queue's languages): they never
///   change what is asked;
/// - a typo of one of the representative's words (one letter changed, dropped, inserted or two
///   swapped, in words of at least four letters), unless the difference is at the start or end:
///   `deleted` next to `delete`, `accounts` next to `account` are different words;
/// - the last word of a copy cut short, when it begins one of the representative's words;
/// - links and @handles, which the tokenizer skips.
/// Names a member signs with do count: they cannot be told from content.
package enum AddedWordRules {
    /// Folded courtesy words: greetings, thanks, closings.
    package static let courtesyWords: Set<String> = [
        // English
        "hello", "hi", "hey", "dear", "thanks", "thank", "you", "regards", "kind", "best", "cheers", "sincerely",
        "greetings", "yours", "faithfully", "truly", "warm", "wishes", "many", "much",
        // French
        "bonjour", "bonsoir", "salut", "madame", "monsieur", "merci", "cordialement", "salutations", "bien",
        "sinceres", "distinguees", "veuillez", "agreer",
        // German
        "hallo", "guten", "tag", "liebe", "lieber", "sehr", "geehrte", "geehrter", "damen", "herren", "danke",
        "vielen", "dank", "gruss", "grusse", "gruesse", "freundlichen", "beste", "mfg", "lg", "viele",
        // Spanish and Portuguese
        "hola", "buenos", "dias", "estimado", "estimada", "estimados", "gracias", "saludos", "atentamente",
        "cordial", "ola", "bom", "dia", "obrigado", "obrigada", "cumprimentos", "atenciosamente",
        // Italian
        "ciao", "buongiorno", "buonasera", "gentile", "gentili", "grazie", "saluti", "cordiali", "distinti",
        // Dutch and Swedish
        "bedankt", "groeten", "vriendelijke", "hej", "tack", "halsningar", "vanliga", "mvh",
        // Polish
        "dzien", "dobry", "witam", "dziekuje", "pozdrawiam", "pozdrowienia", "szanowni", "panstwo",
        // Greek
        "γεια", "σας", "ευχαριστω", "χαιρετισμους", "αγαπητοι",
    ]

    /// The tokenizer's hashes of `courtesyWords`.
    static let courtesyHashes: [UInt32] = courtesyWords.map { ClusterTokenizer.hash(ofFoldedWord: $0) }

    /// Whether `word` is a typo of `original` (both folded) by the rule above.
    package static func isTypo(_ word: String, of original: String) -> Bool {
        var word = word
        var original = original
        return word.withUTF8 { a in original.withUTF8 { b in isTypo(UnsafeRawBufferPointer(a), of: UnsafeRawBufferPointer(b)) } }
    }

    /// The same on folded UTF-8 bytes, comparing whole scalars: both words have at least four
    /// letters; they differ in one scalar changed, or two adjacent scalars swapped (not the first
    /// scalar), or one scalar inserted or dropped strictly inside the word.
    static func isTypo(_ word: UnsafeRawBufferPointer, of original: UnsafeRawBufferPointer) -> Bool {
        func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        func scalarCount(_ bytes: UnsafeRawBufferPointer.SubSequence) -> Int { bytes.reduce(0) { $0 + (isContinuation($1) ? 0 : 1) } }
        let a = word
        let b = original
        // Cheap rejections first: the first letter is never a typo, and lengths differ little.
        guard a.count >= 4, b.count >= 4, a[0] == b[0], abs(a.count - b.count) <= 4,
              scalarCount(a[...]) >= 4, scalarCount(b[...]) >= 4 else { return false }
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        if prefix == a.count && prefix == b.count { return false }  // equal
        while prefix > 0 && ((prefix < a.count && isContinuation(a[prefix])) || (prefix < b.count && isContinuation(b[prefix]))) { prefix -= 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        while suffix > 0 && (isContinuation(a[a.count - suffix]) || isContinuation(b[b.count - suffix])) { suffix -= 1 }
        let middleA = a[prefix..<(a.count - suffix)]
        let middleB = b[prefix..<(b.count - suffix)]
        let countA = scalarCount(middleA)
        let countB = scalarCount(middleB)
        guard prefix > 0 else { return false }  // the first letter is never a typo
        switch (countA, countB) {
        case (1, 1): return true
        case (0, 1), (1, 0): return suffix > 0
        case (2, 2):
            // Two adjacent scalars swapped.
            let splitA = middleA.indices.dropFirst().first { !isContinuation(a[$0]) }!
            let splitB = middleB.indices.dropFirst().first { !isContinuation(b[$0]) }!
            return a[middleA.startIndex..<splitA].elementsEqual(b[splitB..<middleB.endIndex])
                && a[splitA..<middleA.endIndex].elementsEqual(b[middleB.startIndex..<splitB])
        default: return false
        }
    }

    /// The member's words that count as added to the representative's, by index in `member`.
    package static func addedWords(_ member: [String], representative: [String]) -> [Int] {
        let present = Set(representative)
        var added: [Int] = []
        for (index, word) in member.enumerated() {
            if present.contains(word) || courtesyWords.contains(word) { continue }
            if index == member.count - 1 && present.contains(where: { $0.hasPrefix(word) }) { continue }
            if !present.contains(where: { isTypo(word, of: $0) }) { added.append(index) }
        }
        return added
    }
}
