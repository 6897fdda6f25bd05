/// Something wrong in a data file, located precisely enough to fix it by hand.
public struct DataProblem: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// Byte offset of the line's start (or of the fault, for a torn tail) within the file.
    public var byteOffset: Int64?
    public var message: String

    public init(file: String, line: Int, byteOffset: Int64? = nil, message: String) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// `file:line: message`, the form editors and `grep -n` users jump to. Escaped like untrusted
    /// text: the path is the operator's, and messages quote what was found in the file.
    public var description: String { TerminalSafety.sanitize("\(file):\(line): \(message)").text }
}
