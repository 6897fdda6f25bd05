import Foundation

/// Finds files under `Resources/`: `$OBJECTION_DESK_RESOURCES`, then upwards from the executable
/// (a `.build/<config>/` binary inside the checkout), then the checkout it was built from.
///
/// Lives here rather than in the executable so that the reply templates and the reason catalog are
/// found the same way by the CLI, the review screen and the tests.
package enum BundledResource {
    package static func path(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["OBJECTION_DESK_RESOURCES"] {
            let candidate = explicit + "/" + name
            return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("Resources/" + name).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        // Sources/DeskReplies/BundledResource.swift → the checkout.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = checkout.appendingPathComponent("Resources/" + name).path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// The file's text, or "" when it is missing or unreadable.
    package static func text(_ name: String) -> String {
        path(name).flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    }
}
