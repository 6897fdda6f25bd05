import DeskCore
import DeskEngine
import DeskStore
import Testing
@testable import DeskReplies

@Suite("Replies rendered in every language")
struct ReplyRenderingTests {
    private let renderer = ReplyFixtures.renderer

    private static let answered: [DecisionKind] = [.accepted, .rejected, .verificationRequested, .extended]

    /// The new due day of an extension (three months after 3 November 2026), as each language writes it.
    private static let extendedDue: [ReplyLanguage: String] = [
        .en: "3 February 2027", .fr: "3 février 2027", .de: "3. Februar 2027", .es: "3 de febrero de 2027",
        .it: "3 febbraio 2027", .nl: "3 februari 2027", .pl: "3 lutego 2027 r.", .pt: "3 de fevereiro de 2027",
    ]

    private static let submittedOn: [ReplyLanguage: String] = [
        .en: "3 November 2026", .fr: "3 novembre 2026", .de: "3. November 2026", .es: "3 de noviembre de 2026",
        .it: "3 novembre 2026", .nl: "3 november 2026", .pl: "3 listopada 2026 r.", .pt: "3 de noviembre de 2026"
            .replacingOccurrences(of: "noviembre", with: "novembro"),
    ]

    /// What each language calls the right to object: every reply names it.
    private static let rightToObject: [ReplyLanguage: String] = [
        .en: "right to object", .fr: "droit d'opposition", .de: "Widerspruchsrecht", .es: "derecho de oposición",
        .it: "diritto di opposizione", .nl: "recht van bezwaar", .pl: "prawo do sprzeciwu", .pt: "direito de oposição",
    ]

    @Test(arguments: ReplyLanguage.allCases, answered)
    func everyDecisionRendersInEveryLanguage(language: ReplyLanguage, kind: DecisionKind) throws {
        let reason = kind == .accepted ? nil : "Motif <écrit> par ana & co, \"cité\""
        let reply = try #require(renderer.reply(for: ReplyFixtures.decision(kind, reason: reason),
                                                submission: ReplyFixtures.submission(locale: ReplyFixtures.locales[language])))
        #expect(reply.language == language)
        #expect(reply.decision == kind)
        #expect(reply.to == "marie@example.fr")
        #expect(reply.decidedAt == ReplyFixtures.decidedAt)
        #expect(!reply.subject.isEmpty && !reply.subject.contains("\n"))
        #expect(reply.subject.contains("obj-2026-004183"))
        #expect(reply.body.contains("obj-2026-004183"))
        #expect(reply.body.contains(Self.submittedOn[language]!), "\(reply.body)")
        #expect(reply.body.contains(Self.rightToObject[language]!), "\(reply.body)")
        #expect(!reply.subject.contains("{{") && !reply.body.contains("{{") && !reply.body.contains("}}"))
        #expect(reply.body.hasSuffix("\n") && !reply.body.hasSuffix("\n\n"))
        #expect(!reply.body.contains("internal: do not send"), "the note is internal")
        if let reason {
            // TEXT content type: nothing is HTML-escaped.
            #expect(reply.body.contains("\n\n" + reason + "\n\n"), "\(reply.body)")
            #expect(!reply.body.contains("&lt;") && !reply.body.contains("&amp;") && !reply.body.contains("&quot;"))
        }
        if kind == .extended {
            #expect(reply.subject.contains(Self.extendedDue[language]!))
            #expect(reply.body.contains(Self.extendedDue[language]!))
        }
    }

    /// Art. 21 objections are not retroactive; the acceptance says so in plain words.
    @Test(arguments: [
        (ReplyLanguage.en, "not retroactive"), (.fr, "n'est pas rétroactive"), (.de, "nicht rückwirkend"),
        (.es, "no tiene efecto retroactivo"), (.it, "non ha effetto retroattivo"), (.nl, "geen terugwerkende kracht"),
        (.pl, "nie działa wstecz"), (.pt, "não tem efeito retroativo"),
    ])
    func acceptanceSaysItIsNotRetroactive(language: ReplyLanguage, phrase: String) throws {
        let reply = try #require(renderer.reply(for: ReplyFixtures.decision(.accepted),
                                                submission: ReplyFixtures.submission(locale: ReplyFixtures.locales[language])))
        #expect(reply.language == language)
        #expect(reply.body.contains(phrase), "\(reply.body)")
    }

    /// Art. 12(4): a refusal tells the person they may complain to a supervisory authority.
    @Test(arguments: [
        (ReplyLanguage.en, "supervisory authority"), (.fr, "autorité de contrôle"), (.de, "Aufsichtsbehörde"),
        (.es, "autoridad de control"), (.it, "autorità di controllo"), (.nl, "toezichthoudende autoriteit"),
        (.pl, "organu nadzorczego"), (.pt, "autoridade de controlo"),
    ])
    func rejectionNamesTheSupervisoryAuthority(language: ReplyLanguage, phrase: String) throws {
        let reply = try #require(renderer.reply(for: ReplyFixtures.decision(.rejected, reason: "x"),
                                                submission: ReplyFixtures.submission(locale: ReplyFixtures.locales[language])))
        #expect(reply.body.contains(phrase), "\(reply.body)")
    }

    @Test(arguments: [nil, "", "ja-JP", "zh", "sv-SE", "x", "-", "english"])
    func unsupportedOrMissingLocalesFallBackToEnglish(locale: String?) throws {
        let reply = try #require(renderer.reply(for: ReplyFixtures.decision(.accepted), submission: ReplyFixtures.submission(locale: locale)))
        #expect(reply.language == .en)
        #expect(reply.subject == "Your objection obj-2026-004183: accepted")
    }

    @Test func localeTagsAreMatchedOnTheirPrimarySubtagInAnyCase() {
        #expect(ReplyLanguage(locale: "fr-CA") == .fr)
        #expect(ReplyLanguage(locale: "FR") == .fr)
        #expect(ReplyLanguage(locale: " de_CH ") == .de)
        #expect(ReplyLanguage(locale: "pt-BR") == .pt)
        #expect(ReplyLanguage(locale: "nl-Latn-BE") == .nl)
        #expect(ReplyLanguage(locale: "fra") == .en)
    }

    @Test func reopeningsGetNoReply() {
        #expect(renderer.reply(for: ReplyFixtures.decision(.reopened), submission: ReplyFixtures.submission(locale: "fr")) == nil)
    }

    /// A coded reason is sent in the requester's language; free text goes out as the reviewer wrote it.
    @Test func codedReasonsAreTranslatedAndFreeTextIsKept() throws {
        let coded = ReplyFixtures.decision(.rejected, reason: renderer.reasons.reason(code: "duplicate")!.text(in: .en), reasonCode: "duplicate")
        let french = try #require(renderer.reply(for: coded, submission: ReplyFixtures.submission(locale: "fr-FR")))
        #expect(french.body.contains(renderer.reasons.reason(code: "duplicate")!.text(in: .fr)))
        #expect(!french.body.contains("This request repeats"))

        let free = ReplyFixtures.decision(.verificationRequested, reason: "Send us your profile link, please.")
        let german = try #require(renderer.reply(for: free, submission: ReplyFixtures.submission(locale: "de")))
        #expect(german.body.contains("\n\nSend us your profile link, please.\n\n"))

        // A code the catalog no longer knows: the recorded text stands.
        let unknown = ReplyFixtures.decision(.rejected, reason: "as recorded", reasonCode: "retired_code")
        #expect(try #require(renderer.reply(for: unknown, submission: ReplyFixtures.submission(locale: "it"))).body.contains("as recorded"))
    }

    @Test func anExplicitExtendedDueDayIsUsed() throws {
        let due = Timestamp.parseDate("2027-01-31")!
        let reply = try #require(renderer.reply(for: ReplyFixtures.decision(.extended, reason: "volume"),
                                                submission: ReplyFixtures.submission(locale: "pl"), extendedDue: due))
        #expect(reply.body.contains("najpóźniej 31 stycznia 2027 r."))
    }

    @Test func previewIsTheReplyToTheLatestDecision() throws {
        let submission = ReplyFixtures.submission(locale: "es-ES")
        let history = [ReplyFixtures.decision(.verificationRequested, reason: "x"), ReplyFixtures.decision(.accepted)]
        #expect(renderer.preview(history: history, submission: submission)?.decision == .accepted)
        #expect(renderer.preview(history: history + [ReplyFixtures.decision(.reopened)], submission: submission) == nil)
        #expect(renderer.preview(history: [], submission: submission) == nil)
    }

    @Test func longDatesFollowEachLanguagesUsage() {
        let first = Timestamp.parseDate("2026-05-01")!
        #expect(LongDate.format(first, in: .fr) == "1er mai 2026")
        #expect(LongDate.format(first, in: .it) == "1º maggio 2026")
        #expect(LongDate.format(first, in: .de) == "1. Mai 2026")
        #expect(LongDate.format(first, in: .pl) == "1 maja 2026 r.")
        #expect(LongDate.format(first, in: .en) == "1 May 2026")
    }

    @Test func jsonLineHasTheDocumentedFieldsInOrder() {
        let reply = Reply(submissionID: "a", to: "x@y", language: .fr, subject: "S", body: "B\n", decision: .verificationRequested,
                          decidedAt: ReplyFixtures.decidedAt)
        #expect(String(decoding: reply.jsonLine(), as: UTF8.self)
                == #"{"submission_id":"a","to":"x@y","language":"fr","subject":"S","body":"B\n","decision":"verification_requested","decided_at":"2026-11-20T09:00:00.000Z"}"# + "\n")
    }
}
