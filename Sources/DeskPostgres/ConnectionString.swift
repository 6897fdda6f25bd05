import CLibPQ

/// A libpq connection string (`host=… dbname=…` or a `postgresql://` URI), read with libpq's own
/// parser so that what is checked here is what libpq will use.
///
/// Its only job beyond parsing is keeping passwords out of messages: `PQconninfoParse` gives the
/// password as one option, which `redacted` leaves out and `scrub` removes from any text.
package struct ConnectionString: Sendable, Equatable {
    /// The options the string sets, keyword to value, in libpq's order.
    package let options: [(keyword: String, value: String)]

    package static func == (lhs: ConnectionString, rhs: ConnectionString) -> Bool {
        lhs.options.elementsEqual(rhs.options) { $0.keyword == $1.keyword && $0.value == $1.value }
    }

    /// Parses `text`. A malformed string is reported without quoting any part of it that might
    /// be a secret: libpq's own message quotes the offending piece (`missing "=" after "s3cr3t"`).
    package init(_ text: String) throws(PostgresError) {
        if text.utf8.contains(0) {
            throw PostgresError(kind: .usage, message: "the connection string holds U+0000")
        }
        var error: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(text, &error) else {
            let raw = error.map { String(cString: $0) } ?? "out of memory"
            if let error { PQfreemem(error) }
            throw PostgresError(kind: .usage, message: "invalid connection string: " + Self.withoutQuotedParts(raw))
        }
        defer { PQconninfoFree(parsed) }
        options = Self.collect(parsed)
    }

    /// The options of an open (or failed) connection as libpq resolved them, defaults and
    /// environment included.
    init(connection: OpaquePointer) {
        guard let info = PQconninfo(connection) else {
            options = []
            return
        }
        defer { PQconninfoFree(info) }
        options = Self.collect(info)
    }

    private static func collect(_ array: UnsafeMutablePointer<PQconninfoOption>) -> [(keyword: String, value: String)] {
        var result: [(keyword: String, value: String)] = []
        var cursor = array
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                result.append((String(cString: keyword), String(cString: value)))
            }
            cursor += 1
        }
        return result
    }

    package func value(_ keyword: String) -> String? {
        options.first { $0.keyword == keyword }?.value
    }

    /// The password the string carries, if any.
    package var password: String? { value("password").flatMap { $0.isEmpty ? nil : $0 } }

    /// Where it points, for messages: `host=… port=… dbname=… user=…`, never the password.
    package var redacted: String {
        let shown = ["service", "host", "hostaddr", "port", "dbname", "user", "sslmode"]
        return shown.compactMap { keyword in
            // libpq's default sslmode says nothing worth a place in a message.
            value(keyword).flatMap { $0.isEmpty || (keyword == "sslmode" && $0 == "prefer") ? nil : "\(keyword)=\($0)" }
        }.joined(separator: " ")
    }

    /// `text` with every occurrence of any of `secrets` replaced by `********`.
    package static func scrub(_ text: String, removing secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacing(secret, with: "********")
        }
        return result
    }

    /// libpq's parse errors quote the offending piece of the string, which may be (part of) a
    /// password. Quoted parts are kept only when they are a connection keyword or a single
    /// punctuation character; anything else becomes `"…"`.
    static func withoutQuotedParts(_ message: String) -> String {
        let keywords = Self.knownKeywords
        var output = ""
        var inside = false
        var quoted = ""
        for character in message {
            if character == "\"" {
                if inside {
                    let keep = keywords.contains(quoted) || (quoted.count == 1 && (quoted.first!.isPunctuation || quoted.first!.isSymbol))
                    output += "\"" + (keep ? quoted : "…") + "\""
                    quoted = ""
                }
                inside.toggle()
            } else if inside {
                quoted.append(character)
            } else {
                output.append(character)
            }
        }
        if inside { output += "\"…" }
        return output.trimmingWhitespace()
    }

    /// Every keyword libpq knows (`PQconndefaults`).
    static var knownKeywords: Set<String> {
        guard let defaults = PQconndefaults() else { return [] }
        defer { PQconninfoFree(defaults) }
        var keywords = Set<String>()
        var cursor = defaults
        while let keyword = cursor.pointee.keyword {
            keywords.insert(String(cString: keyword))
            cursor += 1
        }
        return keywords
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        return String(scalars)
    }
}
