import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing
@testable import DeskReplies

@Suite("Reason catalog")
struct ReasonCatalogTests {
    private let catalog = ReplyFixtures.renderer.reasons

    @Test func offersFourToSixRejectionsThreeOrFourVerificationRequestsAndTheTwoExtensionGrounds() {
        #expect((4...6).contains(catalog.reasons(for: .rejected).count))
        #expect((3...4).contains(catalog.reasons(for: .verificationRequested).count))
        #expect(catalog.reasons(for: .rejected).allSatisfy { $0.kind == .reject })
        #expect(catalog.reasons(for: .verificationRequested).allSatisfy { $0.kind == .verify })
        // GDPR Art. 12(3): an extension is justified by the complexity or the number of requests.
        #expect(catalog.reasons(for: .extended).map(\.code) == ["complex_request", "many_requests"])
        #expect(catalog.reasons(for: .accepted).isEmpty && catalog.reasons(for: .reopened).isEmpty)
    }

    /// The prompt lists them with number keys on one 80-column line each.
    @Test func everyReasonHasALabelAndATextInEveryLanguage() {
        for reason in catalog.reasons {
            #expect(Set(reason.labels.keys) == Set(ReplyLanguage.allCases), "\(reason.code)")
            #expect(Set(reason.texts.keys) == Set(ReplyLanguage.allCases), "\(reason.code)")
            for language in ReplyLanguage.allCases {
                #expect(reason.label(in: language).count <= 40, "\(reason.code) \(language)")
                #expect(reason.text(in: language).count > reason.label(in: language).count)
                #expect(reason.text(in: language).hasSuffix(".") || reason.text(in: language).hasSuffix("?"), "\(reason.code) \(language)")
            }
        }
        #expect(Set(catalog.reasons.map(\.code)).count == catalog.reasons.count)
    }

    @Test func looksUpByCode() {
        #expect(catalog.reason(code: "duplicate")?.kind == .reject)
        #expect(catalog.reason(code: "confirm_email")?.label(in: .de) == "E-Mail-Adresse bestätigen")
        #expect(catalog.reason(code: "nope") == nil)
    }

    @Test func missingLanguagesFallBackToEnglish() throws {
        let json = #"{"reasons":[{"code":"a1","kind":"verify","label":{"en":"Label","fr":"Étiquette"},"text":{"en":"Text."}}]}"#
        let reason = try #require(try ReasonCatalog(json: Data(json.utf8)).reason(code: "a1"))
        #expect(reason.label(in: .fr) == "Étiquette")
        #expect(reason.label(in: .pl) == "Label")
        #expect(reason.text(in: .fr) == "Text.")
    }

    @Test(arguments: [
        ("[]", "\"reasons\" array"),
        (#"{"reasons":[{"code":"A b","kind":"reject","label":{"en":"x"},"text":{"en":"y"}}]}"#, "lower-case"),
        (#"{"reasons":[{"code":"a","kind":"deny","label":{"en":"x"},"text":{"en":"y"}}]}"#, "reject, verify or extend"),
        (#"{"reasons":[{"code":"a","kind":"reject","label":{"fr":"x"},"text":{"en":"y"}}]}"#, "English"),
        (#"{"reasons":[{"code":"a","kind":"reject","label":{"en":"x","sv":"x"},"text":{"en":"y"}}]}"#, "unsupported language \"sv\""),
        (#"{"reasons":[{"code":"a","kind":"reject","label":{"en":"x"},"text":{"en":" "}}]}"#, "non-empty"),
        (#"{"reasons":[{"code":"a","kind":"reject","label":{"en":"x"},"text":{"en":"y"}},{"code":"a","kind":"verify","label":{"en":"x"},"text":{"en":"y"}}]}"#, "twice"),
        ("{", "not valid JSON"),
    ])
    func malformedCatalogsAreRefusedWithTheReason(json: String, message: String) {
        #expect { try ReasonCatalog(json: Data(json.utf8), file: "r.json") } throws: { error in
            "\(error)".contains(message) && "\(error)".hasPrefix("r.json: ")
        }
    }
}
