/// Something wrong in a data file, located precisely enough to fix it by hand.
package struct DataProblem: Equatable, Sendable, CustomStringConvertible {
    package var file: String
    package var line: Int
    /// Byte offset of the line's start (or of the fault, for a torn tail) within the file.
    package var byteOffset: Int64?
    package var message: String

    package init(file: String, line: Int, byteOffset: Int64? = nil, message: String) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// `file:line: message`, the form editors and `grep -n` users jump to. Escaped like untrusted
    /// text: the path is the operator's, and messages quote what was found in the file.
    package var description: String { TerminalSafety.sanitize("\(file):\(line): \(message)").text }
}
