/// Why the interactive terminal cannot be used; `description` is meant for stderr.
public struct TerminalUnavailable: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
