/// A column the queue can be ordered by.
package enum SortKey: String, CaseIterable, Sendable {
    case submitted
    case country
    case email
    case status
    /// The answer deadline (after any extension).
    case due

    /// The key after this one in `allCases`, wrapping around, for a key that cycles the sort.
    package var next: SortKey {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// Parses `key` or `-key` (descending); key names are case-insensitive.
    package static func parse(_ text: String) throws(SortKeyError) -> SortSpec {
        let descending = text.hasPrefix("-")
        let name = descending ? text.dropFirst() : Substring(text)
        guard let key = SortKey(rawValue: name.lowercased()) else { throw SortKeyError(text: text) }
        return SortSpec(key: key, descending: descending)
    }
}

/// A sort key and its direction; prints as it parses, e.g. `-submitted`.
package struct SortSpec: Equatable, Sendable, CustomStringConvertible {
    package var key: SortKey
    package var descending: Bool

    package init(key: SortKey, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    package var description: String { (descending ? "-" : "") + key.rawValue }
}

/// A sort key that is not one of `SortKey.allCases`.
package struct SortKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rejected text, as given.
    package var text: String

    package init(text: String) {
        self.text = text
    }

    package var description: String {
        let keys = SortKey.allCases.map(\.rawValue).joined(separator: ", ")
        return #"unknown sort key "\#(text)" (\#(keys); prefix "-" for descending)"#
    }
}
