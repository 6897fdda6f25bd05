import DeskCore
import Foundation

/// The canned reasons for rejections, verification requests and deadline extensions
/// (`Resources/reasons.json`): per code, a short label for the prompt and the text sent to the
/// person, in each reply language.
package struct ReasonCatalog: Equatable, Sendable {
    /// Which prompt a reason belongs to.
    package enum Kind: String, CaseIterable, Sendable {
        case reject, verify, extend

        /// The decision a reason of this kind explains.
        package var decisionKind: DecisionKind {
            switch self {
            case .reject: .rejected
            case .verify: .verificationRequested
            case .extend: .extended
            }
        }

        /// The kind of reason a decision takes from the catalog; nil when it takes none.
        package init?(_ decisionKind: DecisionKind) {
            switch decisionKind {
            case .rejected: self = .reject
            case .verificationRequested: self = .verify
            case .extended: self = .extend
            case .accepted, .reopened: return nil
            }
        }
    }

    package struct Reason: Equatable, Sendable {
        package var code: String
        package var kind: Kind
        package var labels: [ReplyLanguage: String]
        package var texts: [ReplyLanguage: String]

        /// The label in `language`, or the English one where it has none.
        package func label(in language: ReplyLanguage) -> String { labels[language] ?? labels[.en] ?? code }

        /// The text in `language`, or the English one where it has none.
        package func text(in language: ReplyLanguage) -> String { texts[language] ?? texts[.en] ?? "" }
    }

    /// In file order: the order the prompt offers them (number keys 1, 2, …).
    package let reasons: [Reason]

    package init(reasons: [Reason]) {
        self.reasons = reasons
    }

    /// Reads the catalog; every reason needs a unique code, a kind and an English label and text.
    package init(json: Data, file: String = "reasons.json") throws(ReplyResourceError) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw ReplyResourceError(file: file, message: "not valid JSON (\(error.localizedDescription))")
        }
        guard let entries = (root as? [String: Any])?["reasons"] as? [[String: Any]] else {
            throw ReplyResourceError(file: file, message: "expected an object with a \"reasons\" array of objects")
        }
        var reasons: [Reason] = []
        for (index, entry) in entries.enumerated() {
            let place = "reason \(index + 1)"
            guard let code = entry["code"] as? String, Self.isValidCode(code) else {
                throw ReplyResourceError(file: file, message: "\(place): \"code\" must be lower-case letters, digits and _")
            }
            guard !reasons.contains(where: { $0.code == code }) else {
                throw ReplyResourceError(file: file, message: "\(place): code \"\(code)\" is listed twice")
            }
            guard let kind = (entry["kind"] as? String).flatMap(Kind.init(rawValue:)) else {
                throw ReplyResourceError(file: file, message: "\(code): \"kind\" must be reject, verify or extend")
            }
            let labels = try Self.perLanguage(entry["label"], field: "label", code: code, file: file)
            let texts = try Self.perLanguage(entry["text"], field: "text", code: code, file: file)
            reasons.append(Reason(code: code, kind: kind, labels: labels, texts: texts))
        }
        self.init(reasons: reasons)
    }

    /// The catalog shipped in `Resources/reasons.json`.
    package static func bundled() throws(ReplyResourceError) -> ReasonCatalog {
        guard let path = BundledResource.path("reasons.json") else {
            throw ReplyResourceError(file: "Resources/reasons.json", message: "not found (set OBJECTION_DESK_RESOURCES to the Resources directory)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReplyResourceError(file: path, message: "cannot be read")
        }
        return try ReasonCatalog(json: data, file: path)
    }

    /// The reasons the prompt of a decision offers, in file order: none for accept, reopen, extend.
    package func reasons(for decisionKind: DecisionKind) -> [Reason] {
        guard let kind = Kind(decisionKind) else { return [] }
        return reasons.filter { $0.kind == kind }
    }

    package func reason(code: String) -> Reason? { reasons.first { $0.code == code } }

    private static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func perLanguage(_ value: Any?, field: String, code: String, file: String) throws(ReplyResourceError) -> [ReplyLanguage: String] {
        guard let object = value as? [String: Any] else {
            throw ReplyResourceError(file: file, message: "\(code): \"\(field)\" must be an object of texts by language code")
        }
        var result: [ReplyLanguage: String] = [:]
        for (key, text) in object {
            guard let language = ReplyLanguage(rawValue: key) else {
                throw ReplyResourceError(file: file, message: "\(code): \"\(field)\" has unsupported language \"\(key)\"")
            }
            guard let text = text as? String, !text.allSatisfy(\.isWhitespace) else {
                throw ReplyResourceError(file: file, message: "\(code): \"\(field)\".\(key) must be a non-empty string")
            }
            result[language] = text
        }
        guard result[.en] != nil else {
            throw ReplyResourceError(file: file, message: "\(code): \"\(field)\" needs an English (\"en\") text, the fallback")
        }
        return result
    }
}
