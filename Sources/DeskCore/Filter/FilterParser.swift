/// Parses the filter language shared by the CLI and the review screen; see `grammarHelp`.
package enum FilterParser {
    /// Parses `source` into an expression; empty or all-space source gives `FilterExpression.matchAll`.
    package static func parse(_ source: String) throws(FilterSyntaxError) -> FilterExpression {
        var scanner = FilterScanner(source)
        var terms: [FilterTerm] = []
        while let raw = try scanner.nextTerm() {
            terms.append(FilterTerm(try predicate(for: raw), isNegated: raw.isNegated))
        }
        return FilterExpression(terms: terms)
    }

    /// The field names, in the order error messages and help list them.
    enum Field: String, CaseIterable {
        case id, country, status, email, platform, locale, reviewer, verified, submitted, overdue, extended, due, flag, requester, cluster
    }

    static let statusChoices = "pending, awaiting_verification, accepted, rejected, decided"

    private static func predicate(for raw: FilterScanner.RawTerm) throws(FilterSyntaxError) -> FilterPredicate {
        switch raw.body {
        case .text(let value):
            return .text(value.text)
        case .field(let name, let nameColumn, let op, let operatorColumn, let value):
            guard let field = Field(rawValue: name.lowercased()) else {
                throw unknownField(name, column: nameColumn, in: raw)
            }
            if op != .colon, field != .submitted, field != .due, field != .cluster {
                let fieldName = field.rawValue
                let message = #"\#(fieldName) cannot be compared with "\#(op.rawValue)""#
                    + " (only submitted, due and cluster can; write \(fieldName):value)"
                throw FilterSyntaxError(column: operatorColumn, message: message)
            }
            guard !value.characters.isEmpty else {
                throw FilterSyntaxError(column: value.column, message: "empty value for \(field.rawValue)")
            }
            switch field {
            case .id: return .id(value.text)
            case .email: return .email(value.text)
            case .platform: return .platform(value.text)
            case .locale: return .locale(value.text)
            case .reviewer: return .reviewer(value.text)
            case .country: return .countries(try countries(value))
            case .status: return .statuses(try statuses(value))
            case .verified: return .verified(try yesNo(value, for: "verified"))
            case .overdue: return .overdue(try yesNo(value, for: "overdue"))
            case .requester: return .requester(value.text)
            case .flag:
                guard let flag = RowFlag(rawValue: value.text.lowercased()) else {
                    let names = RowFlag.allCases.map(\.rawValue).joined(separator: ", ")
                    throw FilterSyntaxError(column: value.column, message: #"unknown flag "\#(value.text)" (\#(names))"#)
                }
                return .flag(flag)
            case .extended: return .extended(try yesNo(value, for: "extended"))
            case .due:
                guard let days = Int(value.text), abs(days) <= 100_000 else {
                    throw FilterSyntaxError(column: value.column, message: #"invalid number of days "\#(value.text)" for due (e.g. due<=3)"#)
                }
                return .due(DueComparison(rawValue: op.rawValue) ?? .exactly, days: days)
            case .submitted: return try submitted(op, value)
            case .cluster: return try cluster(op, operatorColumn: operatorColumn, value)
            }
        }
    }

    /// Names the fields, and suggests quoting when the word does not look like a mistyped field:
    /// `http://x` is far more likely meant as text than `cuntry:FR` is.
    private static func unknownField(
        _ name: String, column: Int, in term: FilterScanner.RawTerm
    ) -> FilterSyntaxError {
        let fields = Field.allCases.map(\.rawValue).joined(separator: ", ")
        var message = #"unknown field "\#(name)" (fields: \#(fields))"#
        let lowered = name.lowercased()
        let closest = Field.allCases.map { editDistance(lowered, $0.rawValue) }.min() ?? .max
        if closest > 2 || closest >= name.count {
            let quoted = FilterPredicate.quotedIfNeeded(term.source, asText: true)
            message += "; to search for text, quote it: " + (term.isNegated ? "-" : "") + quoted
        }
        return FilterSyntaxError(column: column, message: message)
    }

    // MARK: - Values

    /// Splits a value on commas, keeping each item's column; empty items are errors.
    private static func listItems(
        _ value: FilterScanner.Value, of field: Field
    ) throws(FilterSyntaxError) -> [(text: String, column: Int)] {
        var items: [(text: String, column: Int)] = []
        var start = 0
        for end in 0...value.characters.count where end == value.characters.count || value.characters[end] == "," {
            guard end > start else {
                let column = start < value.columns.count ? value.columns[start] : value.columns[start - 1] + 1
                throw FilterSyntaxError(column: column, message: "empty item in \(field.rawValue) list")
            }
            items.append((String(value.characters[start..<end]), value.columns[start]))
            start = end + 1
        }
        return items
    }

    private static func countries(_ value: FilterScanner.Value) throws(FilterSyntaxError) -> [String] {
        var codes = Set<String>()
        for item in try listItems(value, of: .country) {
            if let group = CountryGroups.members(ofGroup: item.text) {
                codes.formUnion(group)
            } else if item.text.count == 2, item.text.allSatisfy({ $0.isASCII && $0.isLetter }) {
                // Two letters that name no country would silently match nothing.
                guard CountryCode(normalizing: item.text) != nil else {
                    throw FilterSyntaxError(column: item.column,
                                            message: "\(item.text) is not a country code (ISO 3166-1 alpha-2, or eu/eea)")
                }
                codes.insert(CountryGroups.isoCode(item.text.uppercased()))
            } else {
                throw FilterSyntaxError(
                    column: item.column,
                    message: #"unknown country code "\#(item.text)" (must be 2 letters A–Z, or eu/eea)"#
                )
            }
        }
        return codes.sorted()
    }

    private static func statuses(_ value: FilterScanner.Value) throws(FilterSyntaxError) -> [SubmissionStatus] {
        var found = Set<SubmissionStatus>()
        for item in try listItems(value, of: .status) {
            switch item.text.lowercased() {
            case "pending": found.insert(.pending)
            case "awaiting_verification", "awaiting", "verification": found.insert(.awaitingVerification)
            case "accepted": found.insert(.accepted)
            case "rejected": found.insert(.rejected)
            case "decided": found.formUnion([.accepted, .rejected])
            default:
                throw FilterSyntaxError(
                    column: item.column, message: #"unknown status "\#(item.text)" (\#(statusChoices))"#
                )
            }
        }
        return found.sorted()
    }

    private static func yesNo(_ value: FilterScanner.Value, for field: String) throws(FilterSyntaxError) -> Bool {
        switch value.text.lowercased() {
        case "yes", "true": return true
        case "no", "false": return false
        default:
            throw FilterSyntaxError(
                column: value.column, message: #"invalid value "\#(value.text)" for \#(field) (yes, no)"#
            )
        }
    }

    /// Turns a comparison into half-open bounds; `submitted:` selects the whole day or millisecond.
    ///
    /// A date compares whole UTC days (`<=D` includes all of D), a timestamp compares instants.
    private static func submitted(
        _ op: FilterScanner.Operator, _ value: FilterScanner.Value
    ) throws(FilterSyntaxError) -> FilterPredicate {
        let text = value.text
        let start: Int64
        let length: Int64
        if let date = Timestamp.parseDate(text) {
            start = date
            length = Timestamp.millisPerDay
        } else if let instant = Timestamp.parseRFC3339(text) {
            // Offsets can push an instant past what the canonical UTC form can print.
            guard instant >= FilterPredicate.firstRepresentableMillis,
                  instant <= FilterPredicate.lastRepresentableMillis
            else {
                throw FilterSyntaxError(
                    column: value.column, message: #"timestamp "\#(text)" is outside the years 0000–9999 in UTC"#
                )
            }
            start = instant
            length = 1
        } else {
            let looksLikeTimestamp = value.characters.count > 10 && "Tt ".contains(value.characters[10])
            let hint = looksLikeTimestamp ? "use RFC 3339, e.g. 2026-11-04T09:12:44Z" : "use YYYY-MM-DD"
            let kind = looksLikeTimestamp ? "timestamp" : "date"
            throw FilterSyntaxError(column: value.column, message: #"invalid \#(kind) "\#(text)" (\#(hint))"#)
        }
        return switch op {
        case .colon: .submittedRange(fromMillis: start, beforeMillis: start + length)
        case .greater: .submittedRange(fromMillis: start + length, beforeMillis: nil)
        case .greaterOrEqual: .submittedRange(fromMillis: start, beforeMillis: nil)
        case .less: .submittedRange(fromMillis: nil, beforeMillis: start)
        case .lessOrEqual: .submittedRange(fromMillis: nil, beforeMillis: start + length)
        }
    }

    /// `cluster:ID` names a cluster; `cluster>=N` and `cluster>N` compare cluster sizes.
    private static func cluster(
        _ op: FilterScanner.Operator, operatorColumn: Int, _ value: FilterScanner.Value
    ) throws(FilterSyntaxError) -> FilterPredicate {
        switch op {
        case .colon:
            return .cluster(value.text)
        case .greaterOrEqual, .greater:
            guard let size = Int(value.text), size >= 0, size <= 1_000_000_000 else {
                throw FilterSyntaxError(
                    column: value.column, message: #"invalid cluster size "\#(value.text)" (a whole number, e.g. cluster>=50)"#
                )
            }
            return .clusterSize(atLeast: op == .greater ? size + 1 : size)
        case .less, .lessOrEqual:
            let message = #"cluster sizes compare only with ">=" or ">" (for small clusters negate: -cluster>=N)"#
            throw FilterSyntaxError(column: operatorColumn, message: message)
        }
    }

    /// Levenshtein distance; field names are short, so the quadratic table is negligible.
    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
