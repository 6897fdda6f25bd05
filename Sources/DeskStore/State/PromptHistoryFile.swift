import DeskCore
import Foundation

/// The review screen's prompt histories, kept between runs in the user's state directory
/// (`$XDG_STATE_HOME/objection-desk/`, by default `~/.local/state/objection-desk/`).
///
/// One file per kind of prompt (`filter-history`, `reject-history`…), one entry per line, with
/// `\` and line breaks escaped. Appended with `O_APPEND`, created 0600 in a 0700 directory (the
/// entries are reasons and notes about people). Failures are ignored: a history is a convenience,
/// never a reason to stop work.
package struct PromptHistoryFile: Sendable {
    package let directory: String
    /// Entries read back per kind (the newest).
    package static let keptEntries = 200

    package init(directory: String) {
        self.directory = directory
    }

    /// `$XDG_STATE_HOME/objection-desk`, or `$HOME/.local/state/objection-desk`; nil without either.
    package static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/objection-desk" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/objection-desk"
    }

    private func path(_ kind: String) -> String { directory + "/" + kind + "-history" }

    /// The newest entries of `kind`, oldest first.
    package func load(_ kind: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path(kind)) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(Self.keptEntries).map { Self.unescape(String($0)) }
    }

    /// Appends one entry; creates the directory and the file when missing.
    package func append(_ text: String, to kind: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let descriptor = open(path(kind), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array((Self.escape(text) + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result
    }

    static func unescape(_ line: String) -> String {
        var result = ""
        var escaped = false
        for character in line {
            if escaped {
                result.append(character == "n" ? "\n" : character == "r" ? "\r" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
