import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing
@testable import DeskReplies

@Suite("Reply templates on disk")
struct ReplyTemplateSetTests {
    /// A fresh directory of templates, removed afterwards.
    private final class TemplateDirectory {
        let path: String

        init(_ files: [String: String]) {
            var template = Array((NSTemporaryDirectory() + "objection-desk-replies-XXXXXX").utf8CString)
            path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
            for (name, text) in files {
                let file = path + "/" + name
                try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    private static let english = [
        "en/accepted.mustache": "Subject: A {{id}}\n\nAccepted {{id}}.\n{{> signature}}\n",
        "en/rejected.mustache": "Subject: R {{id}}\nRejected: {{reason}}\n",
        "en/verification_requested.mustache": "Subject: V {{id}}\n\n{{reason}}\n",
        "en/extended.mustache": "Subject: E {{id}} {{due_date}}\n\n{{reason}} {{due_date}}\n",
        "en/signature.mustache": "-- \nThe team\n",
    ]

    @Test func theBundledSetIsCompleteInEveryLanguage() throws {
        #expect(try ReplyTemplateSet.bundled().completeLanguages == ReplyLanguage.allCases)
    }

    @Test func aMissingTemplateFallsBackToEnglishAndSaysSo() throws {
        let directory = TemplateDirectory(Self.english.merging(["fr/accepted.mustache": "Subject: Acceptée {{id}}\n\nAcceptée.\n"]) { $1 })
        let renderer = ReplyRenderer(templates: try ReplyTemplateSet(directory: directory.path), reasons: ReasonCatalog(reasons: []))
        let submission = ReplyFixtures.submission(locale: "fr-FR", id: "<a&b>")
        let accepted = try #require(renderer.reply(for: ReplyFixtures.decision(.accepted), submission: submission))
        #expect(accepted.language == .fr)
        #expect(accepted.subject == "Acceptée <a&b>")
        let rejected = try #require(renderer.reply(for: ReplyFixtures.decision(.rejected, reason: "a < b & \"c\" 'd'"), submission: submission))
        #expect(rejected.language == .en)
        #expect(rejected.subject == "R <a&b>")
        #expect(rejected.body == "Rejected: a < b & \"c\" 'd'\n")
    }

    /// Partials share the TEXT content type: the signature and its variables are not escaped either.
    @Test func partialsRenderAsPlainText() throws {
        let directory = TemplateDirectory(Self.english.merging(["en/signature.mustache": "-- \n{{id}} & team\n"]) { $1 })
        let renderer = ReplyRenderer(templates: try ReplyTemplateSet(directory: directory.path), reasons: ReasonCatalog(reasons: []))
        let reply = try #require(renderer.reply(for: ReplyFixtures.decision(.accepted), submission: ReplyFixtures.submission(locale: nil, id: "\"q\"")))
        #expect(reply.body == "Accepted \"q\".\n-- \n\"q\" & team\n")
    }

    @Test func englishMustBeComplete() {
        var files = Self.english
        files["en/extended.mustache"] = nil
        let directory = TemplateDirectory(files)
        #expect { try ReplyTemplateSet(directory: directory.path) } throws: { "\($0)".contains("en/extended.mustache: missing") }
    }

    @Test func aTemplateWithoutASubjectLineIsRefused() {
        let directory = TemplateDirectory(Self.english.merging(["en/accepted.mustache": "Hello {{id}}\n"]) { $1 })
        #expect { try ReplyTemplateSet(directory: directory.path) } throws: { "\($0)".contains("\"Subject: …\"") }
    }

    @Test func aBrokenTemplateIsRefusedNamingTheFile() {
        let directory = TemplateDirectory(Self.english.merging(["de/rejected.mustache": "Subject: x\n{{#reason}}\n"]) { $1 })
        #expect { try ReplyTemplateSet(directory: directory.path) } throws: { "\($0)".contains("de/rejected.mustache: not a valid Mustache template") }
    }

    @Test func reopenedHasNoTemplate() {
        let directory = TemplateDirectory(Self.english.merging(["en/reopened.mustache": "Subject: x\n"]) { $1 })
        #expect { try ReplyTemplateSet(directory: directory.path) } throws: { "\($0)".contains("reopened decisions get no reply") }
    }
}
