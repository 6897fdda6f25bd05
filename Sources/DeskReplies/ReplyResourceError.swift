import DeskCore

/// A reply template or the reason catalog could not be used: which file, and why.
public struct ReplyResourceError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(TerminalSafety.sanitize(file).text): \(message)" }
}
