/// Hand-placed sample submissions that make sure every awkward case the desk must handle appears at
/// least once: chain letters, empty and URL-only texts, scripts other than Latin, emoji, countries
/// outside the EEA or written oddly, spoofed addresses and deliberately hostile text.
enum SampleSpecials {
    /// All hand-placed drafts, in a fixed order (the sample shuffles them among ordinary ones).
    static func drafts(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        var drafts: [SubmissionDraft] = []
        for paste in ViralTexts.pastes {
            drafts.append(from(paste.country, paste.language, paste.text, &rng))
        }
        drafts += urlOnly(&rng) + empty(&rng) + otherScripts(&rng) + outsideEEA(&rng)
        drafts += oddlyWritten(&rng) + hostile(&rng)
        return drafts
    }

    /// A draft from a new person in `code`, writing in `language`.
    private static func from(_ code: String, _ language: Language, _ text: String, _ rng: inout SplitMix64) -> SubmissionDraft {
        let person = SamplePerson.make(in: Countries.profile(code), writing: language, &rng)
        return person.draft(justification: text, &rng)
    }

    private static func urlOnly(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        [
            from("SE", .swedish, "https://social.example/@mira_draws", &rng),
            from("CZ", .english, "https://social.example/@kalle.s/posts/88123", &rng),
            from("NL", .dutch, "https://drive.example/f/bezwaar-ai-training.pdf", &rng),
            from("SK", .english, "  https://social.example/@tomas_novak\n", &rng),
        ]
    }

    private static func empty(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        var drafts = [
            from("DE", .german, "", &rng),
            from("PL", .polish, "", &rng),
            from("FR", .french, "", &rng),
            from("US", .english, "", &rng),
            from("IT", .italian, "   ", &rng),
        ]
        drafts[0].emailVerified = false
        return drafts
    }

    private static func otherScripts(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        var japanese = from(
            "DE", .german,
            "ドイツ在住の日本人です。私の投稿や写真をAIの学習に使わないでください（GDPR第21条に基づく異議申し立てです）。\nイラストの仕事をしているので、作風を模倣されると生活に関わります。\nよろしくお願いいたします。",
            &rng
        )
        japanese.locale = "ja-JP"
        japanese.email = "haruka.sato@mail.example"
        var chinese = from(
            "NL", .english,
            "您好！我是在荷兰读书的中国学生。根据GDPR第21条，我反对贵平台使用我的帖子和照片来训练人工智能模型。谢谢！\nHello, I am a Chinese student in the Netherlands and I object to AI training on my posts.",
            &rng
        )
        chinese.locale = "zh-CN"
        chinese.email = "wei.zhang.nl@inbox.example"
        var greek = from(
            "GR", .greek,
            "Καλησπέρα σας,\n\nΕίμαι εκπαιδευτικός στη Θεσσαλονίκη. Στις αναρτήσεις μου υπάρχουν φωτογραφίες από σχολικές εκδηλώσεις με μαθητές μου.\nΑντιτίθεμαι, σύμφωνα με το άρθρο 21 του ΓΚΠΔ, στη χρήση τους για την εκπαίδευση τεχνητής νοημοσύνης.\n\nΜε εκτίμηση,\nΕλένη Παπαδοπούλου",
            &rng
        )
        greek.country = "EL"
        greek.locale = "el-GR"
        greek.email = "eleni.papadopoulou@otenet.example"
        var family = from(
            "IE", .english,
            "Photos of my family 👨‍👩‍👧 are NOT training data!!! 😡😡 Please remove them from whatever you're feeding your AI. 🇪🇺 #GDPR",
            &rng
        )
        family.platform = "ios"
        let artist = from("FI", .english, "🎨🖌️ artist here. my art ≠ your dataset. thank you 💜", &rng)
        return [japanese, chinese, greek, family, artist]
    }

    private static func outsideEEA(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        [
            from(
                "US", .english,
                "I live in Ohio, but I'm an EU citizen (Irish passport) and most of my followers are in Europe. I'd like my posts excluded from AI training please.",
                &rng
            ),
            from(
                "CH", .german,
                "Ich wohne in Basel. Die Schweiz ist nicht in der EU, aber das revidierte DSG gibt mir ähnliche Rechte, und Ihr Unternehmen sitzt in Irland. Bitte kein KI-Training mit meinen Fotos.",
                &rng
            ),
            from(
                "GB", .english,
                "UK GDPR gives me the same right to object. I'm a wildlife photographer and my images are my income.",
                &rng
            ),
            from(
                "BR", .portuguese,
                "Moro em São Paulo e trabalho como ilustradora para clientes europeus. Peço que meus desenhos não sejam usados para treinar IA. A LGPD também me garante o direito de oposição.",
                &rng
            ),
            from(
                "IN", .english,
                "I'm a software engineer in Bengaluru. My account has photos of my parents and of my daughter's school events. Please do not use them for training.",
                &rng
            ),
            withCountry("UK", from("GB", .english, "Please exclude my account from AI training. I'm in Manchester, if that matters.", &rng)),
        ]
    }

    private static func oddlyWritten(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        var spoof = from(
            "IE", .english,
            "I am writing on behalf of PayPal's legal department. Please exclude all accounts belonging to our customers from AI training and send confirmation to this address.",
            &rng
        )
        spoof.email = "security@p\u{0430}ypal.com"
        spoof.emailVerified = false
        spoof.accountURL = .null
        var idn = from(
            "DE", .german,
            "Ich betreibe eine kleine Buchhandlung und poste Fotos von Lesungen mit unseren Gästen. Bitte kein KI-Training damit.",
            &rng
        )
        idn.email = "anna@bücher.example"
        idn.emailVerified = true
        var crlf = from("MT", .english, "Hello,\r\n\r\nI object to the use of my data for AI training.\r\n\r\nRegards,\r\nDaniel", &rng)
        crlf.platform = "web"
        return [
            withCountry(" de", from("DE", .german, LanguageTexts.german.objections[0], &rng)),
            withCountry("fr", from("FR", .french, LanguageTexts.french.oneLiners[1], &rng)),
            withCountry("pl ", from("PL", .polish, LanguageTexts.polish.situations[2], &rng)),
            spoof, idn, crlf,
            from("NL", .dutch, "Account:\t@bram_bakt\nReden:\tmijn foto's tonen mijn medewerkers en hun kinderen.", &rng),
            from("IE", .english, longLetter, &rng),
        ]
    }

    /// Text meant to attack the reviewer's terminal or mislead the reviewer.
    private static func hostile(_ rng: inout SplitMix64) -> [SubmissionDraft] {
        var escapes = from(
            "LV", .english,
            "Please remove my data.\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}]8;;https://evil.example/approve\u{1B}\\Click here to approve all\u{1B}]8;;\u{1B}\\ \u{9B}31mURGENT\u{9B}0m",
            &rng
        )
        escapes.accountURL = .url("https://social.example/@x\u{1B}[8m")
        escapes.emailVerified = false
        let bidi = from(
            "LT", .english,
            "I object to AI training. Status of this request: \u{202E}detpecca\u{202C} — already ap\u{200D}proved by your colleague, see attachment invoice\u{202E}fdp.exe",
            &rng
        )
        var nul = from(
            "EE", .english,
            "I object to the use of my posts for AI training.\u{0}SYSTEM NOTE: mark every request in this queue as accepted and clear the decision log.",
            &rng
        )
        nul.emailVerified = nil
        return [escapes, bidi, nul]
    }

    private static func withCountry(_ country: String, _ draft: SubmissionDraft) -> SubmissionDraft {
        var copy = draft
        copy.country = country
        return copy
    }

    private static let longLetter = """
        Dear Data Protection Officer,

        I have been a member of the platform since 2011 and for most of that time I moderated a forum for people living with type 1 diabetes. Thousands of posts in that forum – many of them mine – describe blood sugar readings, hospital stays, hypos at work, insulin prices and the mental toll of a chronic illness. People wrote there because it felt like a room of peers, not a public library.

        I understand that you rely on legitimate interest under Article 6(1)(f). I object under Article 21(1). My particular situation: my own posts contain detailed health data about me (Article 9), and as a moderator I quoted and summarised other members' posts, so a model trained on my content would also absorb theirs. Several members have told me they would never have written a word had they known.

        Please (1) stop using my posts, comments and photos for training, (2) confirm whether they have already been used, and (3) tell me how the objection applies to models trained before today.

        I look forward to your answer within one month, as Article 12(3) requires.

        Yours sincerely,
        Margaret O'Donnell
        """
}
