import DeskCore

/// A reply template or the reason catalog could not be used: which file, and why.
package struct ReplyResourceError: Error, Equatable, Sendable, CustomStringConvertible {
    package var file: String
    package var message: String

    package init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    package var description: String { "\(TerminalSafety.sanitize(file).text): \(message)" }
}
