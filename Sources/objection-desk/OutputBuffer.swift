import DeskStore
import DeskEngine
import DeskCore
import Foundation

/// Collects a command's output and writes it in large blocks (listing a million rows line by line
/// is slow), reporting write errors instead of exiting 0 with a truncated report.
///
/// jsonl and csv carry exact values, but when stdout is a terminal nothing raw may reach it: JSON
/// strings get `\uXXXX` escapes for every character the table would escape (the values stay the
/// same once parsed), CSV gets the table's visible escapes, and stderr says so once.
struct OutputBuffer {
    private var bytes: [UInt8] = []
    /// The format to escape for a terminal, when stdout is one (nil: write as it is).
    private let escapeFormat: OutputFormat?
    private var saidEscaped = false

    /// jsonl, csv and mbox are escaped for a terminal (when stdout is one); a table is text that
    /// is already sanitized.
    init(format: OutputFormat) {
        escapeFormat = isatty(STDOUT_FILENO) != 0 && format.escapesOnTerminal ? format : nil
    }

    mutating func write(_ text: String) throws { try write(bytes: Array(text.utf8)) }

    mutating func write(bytes more: [UInt8]) throws {
        bytes += more
        if bytes.count > 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        if let escapeFormat {
            let (safe, changed) = TerminalOutput.escape(bytes, json: escapeFormat == .jsonl)
            if changed && !saidEscaped {
                FileHandle.standardError.write("objection-desk: stdout is a terminal, so control, escape and invisible characters are shown escaped; redirect to a file for the exact bytes\n")
                saidEscaped = true
            }
            bytes = safe
        }
        defer { bytes.removeAll(keepingCapacity: true) }
        try TerminalOutput.writeAll(bytes)
    }
}

enum TerminalOutput {
    /// Writes to stdout; a full disk or a closed pipe becomes a message and exit 2.
    static func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw CLIFailure(message: "cannot write the output: \(String(cString: strerror(errno)))")
                }
                written += result
            }
        }
    }

    /// Escapes what must not reach a terminal raw. Line breaks between records stay.
    static func escape(_ bytes: [UInt8], json: Bool) -> (bytes: [UInt8], changed: Bool) {
        let text = String(decoding: bytes, as: UTF8.self)
        var output = String.UnicodeScalarView()
        var changed = false
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            let isLineBreak = value == 0x0A || (value == 0x0D && index + 1 < scalars.count && scalars[index + 1].value == 0x0A)
            guard TerminalSafety.isUnsafe(value), !isLineBreak else {
                output.append(scalar)
                continue
            }
            changed = true
            let escape = json ? jsonEscape(value) : TerminalSafety.visibleEscape(value)
            output.append(contentsOf: escape.unicodeScalars)
        }
        return (Array(String(output).utf8), changed)
    }

    /// `\u202e`, or a surrogate pair for a scalar beyond the BMP.
    private static func jsonEscape(_ value: UInt32) -> String {
        func unit(_ unit: UInt32) -> String {
            let hex = String(unit, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        guard value > 0xFFFF else { return unit(value) }
        let offset = value - 0x10000
        return unit(0xD800 + (offset >> 10)) + unit(0xDC00 + (offset & 0x3FF))
    }
}
