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
