/// Why the interactive terminal cannot be used; `description` is meant for stderr.
package struct TerminalUnavailable: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
