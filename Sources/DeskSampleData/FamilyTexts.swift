/// Material for the family generator in one language, derived from the hand-written sample texts.
///
/// New sentences are drawn word by word from the language's own words, weighted by how often the
/// sample texts use them: every base text is then distinct (two unrelated texts share only common
/// word pairs), while words, accents and scripts are those of real submissions.
struct FamilyLanguage: Sendable {
    let language: Language
    /// Every word occurrence of the sample texts, lower-cased, so picking uniformly follows their
    /// frequencies.
    let words: [String]
    /// Sentences stating the objection, shared by many unrelated people: openings.
    let objections: [String]
    let greetings: [String]
    let closings: [String]
    /// Whole paragraphs written by one person (bases of big families).
    let paragraphs: [String]
    let givenNames: [String]
    let familyNames: [String]
    /// "My name is" in the language.
    let nameIntro: String
    /// Mid-sentence words are lower-cased except in German, where nouns keep their capital.
    let keepsCase: Bool

    init(_ texts: LanguageTexts) {
        language = texts.language
        var words: [String] = []
        for text in texts.objections + texts.situations + texts.followUps + texts.oneLiners {
            for piece in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let word = String(piece.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "'" })
                if word.count >= 2 && word.first!.isLetter { words.append(word) }
            }
        }
        keepsCase = texts.language == .german
        self.words = keepsCase ? words : words.map { $0.lowercased() }
        objections = texts.objections
        greetings = texts.greetings
        closings = texts.closings
        paragraphs = texts.situations + texts.followUps
        givenNames = texts.givenNames.map(\.name.display)
        familyNames = texts.familyNames.map(\.male.display)
        nameIntro = FamilyLanguage.nameIntros[texts.language.rawValue]
    }

    private static let nameIntros = [
        "My name is", "Je m'appelle", "Mein Name ist", "Me llamo", "Mi chiamo", "Nazywam się", "Mijn naam is",
        "O meu nome é", "Jag heter", "Με λένε",
    ]

    /// A new sentence of `length` words.
    func sentence(length: Int, _ rng: inout SplitMix64) -> String {
        var text = ""
        for index in 0..<length {
            var word = rng.pick(words)
            if index == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
            if index > 0 { text += rng.percent(8) ? ", " : " " }
            text += word
        }
        let ends = [".", ".", ".", ".", "!", "?"]
        return text + rng.pick(ends)
    }

    /// A person's full name as they would sign.
    func name(_ rng: inout SplitMix64) -> String {
        rng.pick(givenNames) + " " + rng.pick(familyNames)
    }

    static let all: [FamilyLanguage] = LanguageTexts.all.map(FamilyLanguage.init)

    /// Languages weighted roughly like the queue's countries (English most common).
    static let weights = WeightedTable(weights: [30, 14, 16, 10, 8, 6, 5, 4, 3, 4])
}

/// Rows that carry no comparable text, and decorations people add to pasted texts.
enum FamilyNoise {
    static let shortTexts = [
        "I object.", "No AI please", "stop", "Please stop!", "Same as above", "NO", "Je refuse.", "Nein danke",
        "No acepto", "Non autorizzo", "Sprzeciw", "Όχι", "object!!", "see title", "pls remove me 🙏", "Idem.",
    ]
    static let links = [
        "https://social.example/@", "http://social.example/u/", "www.social.example/", "https://t.example/",
    ]
    static let emoji = ["🙏", "🚫🤖", "❤️", "👍🏽", "😡", "🤖", "✊", "👨‍👩‍👧", "‼️", "🇪🇺"]
    static let emptyish = ["", " ", "\n", "...", "🙏🙏", "-", "?"]
}
