import DeskCore
import Foundation
import Mustache

/// The reply templates: `replies/<language>/<decision>.mustache`, each a `Subject:` line and then
/// the body, plus partials (any other `.mustache` file in the language's directory, such as
/// `signature.mustache`, used as `{{> signature}}`).
///
/// Templates are plain text: every one is parsed with mustache's TEXT content type, so `{{reason}}`
/// is inserted as written, never HTML-escaped (`<`, `&` and quotes reach the email unchanged).
package struct ReplyTemplateSet: Sendable {
    /// One decision's template in one language.
    package struct Template: Sendable {
        package var subject: MustacheTemplate
        package var body: MustacheTemplate
        /// The language's partials, for rendering.
        package var library: MustacheLibrary
    }

    /// The decisions that get a reply; `reopened` gets none.
    package static let decisionsWithReplies: [DecisionKind] = [.accepted, .rejected, .verificationRequested, .extended]

    private var templates: [ReplyLanguage: [DecisionKind: Template]]

    /// The languages with a template for every decision that gets a reply.
    package var completeLanguages: [ReplyLanguage] {
        ReplyLanguage.allCases.filter { language in Self.decisionsWithReplies.allSatisfy { templates[language]?[$0] != nil } }
    }

    /// Loads every language directory present under `directory`; English must be complete, as it
    /// is the fallback. A missing template in another language falls back to English.
    package init(directory: String) throws(ReplyResourceError) {
        templates = [:]
        for language in ReplyLanguage.allCases {
            let folder = directory + "/" + language.code
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            templates[language] = try Self.loadLanguage(folder)
        }
        for kind in Self.decisionsWithReplies where templates[.en]?[kind] == nil {
            throw ReplyResourceError(file: directory + "/en/\(kind.name).mustache", message: "missing: English is the fallback and needs every reply")
        }
    }

    /// The templates shipped in `Resources/replies/`.
    package static func bundled() throws(ReplyResourceError) -> ReplyTemplateSet {
        guard let path = BundledResource.path("replies") else {
            throw ReplyResourceError(file: "Resources/replies", message: "not found (set OBJECTION_DESK_RESOURCES to the Resources directory)")
        }
        return try ReplyTemplateSet(directory: path)
    }

    /// The template for `kind` in `language`, else in English, with the language actually used;
    /// nil for a decision that gets no reply.
    package func template(for kind: DecisionKind, in language: ReplyLanguage) -> (template: Template, language: ReplyLanguage)? {
        if let template = templates[language]?[kind] { return (template, language) }
        return templates[.en]?[kind].map { ($0, .en) }
    }

    private static func loadLanguage(_ folder: String) throws(ReplyResourceError) -> [DecisionKind: Template] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw ReplyResourceError(file: folder, message: "cannot be listed")
        }
        var library = MustacheLibrary()
        var sources: [DecisionKind: (subject: String, body: String, file: String)] = [:]
        for name in names {
            let file = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ReplyResourceError(file: file, message: "cannot be read as UTF-8")
            }
            let stem = String(name.dropLast(".mustache".count))
            if let kind = DecisionKind(name: stem) {
                guard decisionsWithReplies.contains(kind) else {
                    throw ReplyResourceError(file: file, message: "\(kind.name) decisions get no reply")
                }
                sources[kind] = try splitSubject(text, file: file)
            } else {
                library.register(try parse(text, file: file), named: stem)
            }
        }
        var result: [DecisionKind: Template] = [:]
        for (kind, source) in sources {
            result[kind] = Template(subject: try parse(source.subject, file: source.file),
                                    body: try parse(source.body, file: source.file), library: library)
        }
        return result
    }

    /// The first line must be `Subject: …`; one blank line may separate it from the body.
    private static func splitSubject(_ text: String, file: String) throws(ReplyResourceError) -> (subject: String, body: String, file: String) {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n")
        let firstLine = unified.prefix { $0 != "\n" }
        guard firstLine.hasPrefix("Subject:") else {
            throw ReplyResourceError(file: file, message: "the first line must be \"Subject: …\"")
        }
        var body = unified.dropFirst(firstLine.count)
        if body.hasPrefix("\n") { body = body.dropFirst() }
        if body.hasPrefix("\n") { body = body.dropFirst() }
        let subject = firstLine.dropFirst("Subject:".count).trimmingCharacters(in: .whitespaces)
        return (subject, String(body), file)
    }

    /// Parses with the TEXT content type declared first, so nothing is HTML-escaped.
    private static func parse(_ text: String, file: String) throws(ReplyResourceError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw ReplyResourceError(file: file, message: "not a valid Mustache template (\(error))")
        }
    }
}
