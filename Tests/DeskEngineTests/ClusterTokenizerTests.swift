import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The tokens clustering compares: what must not matter, and what must.
@Suite struct ClusterTokenizerTests {
    private func tokens(_ text: String, minimumTokens: Int = 1) -> (JustificationKind, [UInt32]) {
        var tokenizer = ClusterTokenizer()
        var bytes = Array(SearchFolder.fold(text).utf8)
        let kind = bytes.withUnsafeMutableBytes { tokenizer.tokenize(UnsafeRawBufferPointer($0), minimumTokens: minimumTokens) }
        return (kind, tokenizer.tokens)
    }

    @Test(arguments: [
        "I OBJECT to the use of my data, don't train AI!",
        "i object to the use of my data dont train ai",  // differs: "dont" is one word
    ])
    func caseAndPunctuationDoNotMatter(_ variant: String) {
        let base = tokens("I object to the use of my data, don’t train AI.").1
        let other = tokens(variant).1
        if variant.contains("dont") { #expect(other != base) } else { #expect(other == base) }
    }

    @Test func accentsNormalFormsQuotesWhitespaceAndEmojiDoNotMatter() {
        let base = tokens("Je m'oppose à l'utilisation de mes données personnelles.").1
        for variant in [
            "Je m’oppose a l’utilisation de mes donnees personnelles",
            "Je m'oppose à l'utilisation de mes données personnelles.".decomposedStringWithCanonicalMapping,
            "  Je   m'oppose\nà l'utilisation\r\n\tde mes données personnelles !!! 🙏🏽🇪🇺‼️",
            "JE M'OPPOSE À L'UTILISATION DE MES DONNÉES PERSONNELLES.",
            "«Je m'oppose à l'utilisation de mes données personnelles»",
        ] {
            #expect(tokens(variant).1 == base, "\(variant)")
        }
    }

    @Test func linksAndHandlesAreSkipped() {
        let base = tokens("Please stop training on my posts").1
        #expect(tokens("Please stop training on my posts https://social.example/@anna_k?x=1").1 == base)
        #expect(tokens("Please stop @anna_k training on my posts (www.example.com/me)").1 == base)
        #expect(tokens("Please stop training HTTP://EXAMPLE.ORG/A on my posts").1 == base)
        #expect(tokens("https://social.example/@anna").0 == .linkOnly)
        #expect(tokens("www.example.com @me").0 == .linkOnly)
        // Words that merely look like a link's start stay words.
        #expect(tokens("http is a protocol").1.count == 4)
        #expect(tokens("www is short for world wide web").1.count == 7)
    }

    @Test func kindsOfJustification() {
        #expect(tokens("").0 == .empty)
        #expect(tokens("  🙏🙏 ... !!").0 == .empty)
        #expect(tokens("I object.", minimumTokens: 6).0 == .short)
        #expect(tokens("I object to any training on my posts.", minimumTokens: 6).0 == .text)
    }

    @Test func cjkCharactersAreWordsOfTheirOwn() {
        #expect(tokens("我反对使用我的数据").1.count == 9)
        #expect(tokens("データ 利用に反対").1.count == 8)
    }

    @Test func longWordsNonASCIIAndTheWordHashAgree() {
        // Tokens longer than eight bytes, tokens at the very start, Greek and Polish letters: the
        // eight-bytes-at-a-time path, the scalar path and `hash(ofFoldedWord:)` give one hash.
        let text = "Internationalization Προστασία δεδομένων zażółć gęślą jaźń a bb ccc dddddddd eeeeeeeee"
        let folded = SearchFolder.fold(text)
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        #expect(tokens(text).1 == words.map { ClusterTokenizer.hash(ofFoldedWord: $0) })
        // The same words at every offset within an eight-byte block.
        for padding in 0..<9 {
            let padded = String(repeating: " ", count: padding) + text
            #expect(tokens(padded).1 == tokens(text).1)
        }
    }

    /// What the tokenizer must give, scalar by scalar: runs of word characters, CJK characters
    /// alone, tokens after `@` or starting a link skipped to the next space.
    private func referenceTokens(_ folded: [UInt8]) -> (hashes: [UInt32], spans: [UInt32]) {
        var tokenizer = ClusterTokenizer()
        let scalars = String(decoding: folded, as: UTF8.self).unicodeScalars
        var offsets: [(Unicode.Scalar, Int)] = []
        var offset = 0
        for scalar in scalars { offsets.append((scalar, offset)); offset += String(scalar).utf8.count }
        func linkEnd(from start: Int) -> Int {
            var position = offsets.firstIndex { $0.1 >= start } ?? offsets.count
            while position < offsets.count {
                let scalar = offsets[position].0
                if scalar == " " || (scalar.value >= 0x80 && tokenizer.role(of: scalar) == .space) { return offsets[position].1 }
                position += 1
            }
            return folded.count
        }
        var hashes: [UInt32] = []
        var spans: [UInt32] = []
        var skipUntil = 0
        func emit(_ start: Int, _ end: Int) {
            let bytes = Array(folded[start..<end])
            let word = String(decoding: bytes, as: UTF8.self)
            if ["www", "http", "https"].contains(word) {
                let rest = Array(folded[end...])
                if (word == "www" && rest.first == 0x2E) || (word != "www" && rest.starts(with: Array("://".utf8))) {
                    skipUntil = max(skipUntil, linkEnd(from: start))
                }
            }
            guard start >= skipUntil else { return }
            hashes.append(bytes.withUnsafeBytes { ClusterTokenizer.hash(ofFoldedWord: $0) })
            spans += [UInt32(start), UInt32(end)]
        }
        var tokenStart: Int?
        for (scalar, offset) in offsets {
            let role = tokenizer.role(of: scalar)
            if role == .word {
                if tokenStart == nil {
                    tokenStart = offset
                    if offset > 0 && folded[offset - 1] == 0x40 { skipUntil = max(skipUntil, linkEnd(from: offset)) }
                }
                continue
            }
            if let start = tokenStart { emit(start, offset); tokenStart = nil }
            if role == .standalone {
                if offset > 0 && folded[offset - 1] == 0x40 { skipUntil = max(skipUntil, linkEnd(from: offset)) }
                emit(offset, offset + String(scalar).utf8.count)
            }
        }
        if let start = tokenStart { emit(start, folded.count) }
        return (hashes, spans)
    }

    @Test func seededRandomTextsGiveTheReferenceTokens() {
        // Pieces that meet at every offset of the 64-byte windows: long and short words, digits,
        // links, handles, Greek, CJK, emoji, punctuation and runs of spaces.
        let pieces = ["a", "bb", "data", "objection", "internationalisation", "x9", "2026", " ", "  ", ", ", ".", "\n", "@", "@ana_k",
                      "www", "www.example.org/a", "http", "https://x.example/@b?c=1", "http://", "δεδομένα", "Προστασία", "ł", "é",
                      "我的", "🤖", "🙏🏽", "—", "'", "abcdefgh", "abcdefghi", "«", "ab@cd", "wwww", "httpss://"]
        var generator = SeededGenerator(state: 20_261_207)
        var tokenizer = ClusterTokenizer()
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...60, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let folded = Array(SearchFolder.fold(text).utf8)
            let expected = referenceTokens(folded)
            let kind = folded.withUnsafeBytes { tokenizer.tokenize($0, minimumTokens: 1, recordingSpans: true) }
            #expect(tokenizer.tokens == expected.hashes, "\(text)")
            #expect(Array(tokenizer.spans[0..<(2 * tokenizer.tokenCount)]) == expected.spans, "\(text)")
            if expected.hashes.isEmpty { #expect(kind == .empty || kind == .linkOnly) } else { #expect(kind == .text) }
        }
    }

    @Test func wordSpansMatchTheTokens() {
        let text = "Hello @anna_k! Je m’oppose à l’entraînement (voir https://x.example/a b) — STRASSE straße 我的"
        var spans = WordSpans()
        let words = spans.words(in: text)
        #expect(words.map { ClusterTokenizer.hash(ofFoldedWord: $0.text) } == tokens(text).1)
        #expect(words.map { String(text[$0.range]) }.prefix(4) == ["Hello", "Je", "m", "oppose"])
        #expect(words.contains { $0.text == "ss" } == false)
        #expect(words.filter { $0.text == "strasse" }.count == 2)
    }
}

@Suite struct AddedWordRulesTests {
    @Test(arguments: [
        ("objetcion", "objection", true),   // two letters swapped
        ("persnal", "personal", true),      // one letter dropped inside
        ("personnal", "personal", true),    // one letter doubled
        ("porsonal", "personal", true),     // one letter changed
        ("deleted", "delete", false),       // a longer word, not a typo
        ("accounts", "account", false),
        ("bata", "data", false),            // the first letter is never a typo
        ("cat", "car", false),              // too short to tell
        ("δεδομενα", "δεδομενο", true),     // whole scalars, not bytes
    ])
    func typos(_ word: String, _ original: String, _ expected: Bool) {
        #expect(AddedWordRules.isTypo(word, of: original) == expected)
    }

    @Test func addedWordsIgnoreCourtesyAndTypos() {
        let representative = ["i", "object", "to", "the", "use", "of", "my", "personal", "data"]
        let member = ["hello", "i", "objetc", "to", "the", "use", "of", "my", "personal", "data", "and", "delete", "my", "account", "thanks"]
        let added = AddedWordRules.addedWords(member, representative: representative).map { member[$0] }
        #expect(added == ["and", "delete", "account"])
    }
}
