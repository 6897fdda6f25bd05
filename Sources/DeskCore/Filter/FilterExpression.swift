/// A parsed filter: a submission matches when every term does.
///
/// `description` prints a canonical form that `FilterParser.parse` turns back into an equal
/// expression, so a filter can be saved, shown in a status line, or passed to the CLI verbatim.
package struct FilterExpression: Equatable, Sendable, CustomStringConvertible {
    package var terms: [FilterTerm]

    package init(terms: [FilterTerm] = []) {
        self.terms = terms
    }

    /// The expression with no terms, which every submission matches.
    package static let matchAll = FilterExpression()

    package var isEmpty: Bool { terms.isEmpty }

    package var description: String {
        terms.map(\.description).joined(separator: " ")
    }
}

/// One condition of a filter, possibly negated with a leading `-`.
package struct FilterTerm: Equatable, Sendable, CustomStringConvertible {
    package var isNegated: Bool
    package var predicate: FilterPredicate

    package init(_ predicate: FilterPredicate, isNegated: Bool = false) {
        self.isNegated = isNegated
        self.predicate = predicate
    }

    package var description: String {
        (isNegated ? "-" : "") + predicate.description
    }
}

/// What one term tests; values are stored as typed, and matching code decides how to compare.
package enum FilterPredicate: Equatable, Sendable, CustomStringConvertible {
    /// Exact submission id.
    case id(String)
    /// Sorted, de-duplicated ISO 3166-1 alpha-2 codes; groups are already expanded and EL/UK mapped.
    case countries([String])
    /// Sorted, de-duplicated statuses; `decided` is already expanded to accepted and rejected.
    case statuses([SubmissionStatus])
    /// Case-insensitive substring of the claimed email address.
    case email(String)
    /// Case-insensitive equality with the platform.
    case platform(String)
    /// Case-insensitive prefix of the locale ending on a subtag boundary (`de` matches `de-AT`).
    case locale(String)
    /// Case-insensitive equality with the reviewer of the latest decision.
    case reviewer(String)
    case verified(Bool)
    /// Submitted at or after `fromMillis` and strictly before `beforeMillis`; nil leaves a side open.
    case submittedRange(fromMillis: Int64?, beforeMillis: Int64?)
    /// Free text searched in the email and justification; kept unfolded as the user typed it.
    case text(String)
    /// Carries this flag (`RowFlag`).
    case flag(RowFlag)
    /// Filed by this requester: the email as normalised by `RequesterKey`.
    case requester(String)
    /// Open (pending or awaiting verification) and past its answer deadline.
    case overdue(Bool)
    /// Its answer deadline was extended.
    case extended(Bool)
    /// Open, with days left until the answer deadline compared with `days` (overdue is negative).
    case due(DueComparison, days: Int)
    /// Members of the cluster whose id is this submission id (or that holds this submission).
    case cluster(String)
    /// Members of a cluster of at least this many submissions.
    case clusterSize(atLeast: Int)

    package var description: String {
        switch self {
        case .id(let value): "id:" + Self.quotedIfNeeded(value, asText: false)
        case .countries(let codes): "country:" + Self.countryList(codes)
        case .statuses(let statuses): "status:" + Self.statusList(statuses)
        case .email(let value): "email:" + Self.quotedIfNeeded(value, asText: false)
        case .platform(let value): "platform:" + Self.quotedIfNeeded(value, asText: false)
        case .locale(let value): "locale:" + Self.quotedIfNeeded(value, asText: false)
        case .reviewer(let value): "reviewer:" + Self.quotedIfNeeded(value, asText: false)
        case .verified(let value): value ? "verified:yes" : "verified:no"
        case .submittedRange(let from, let before): Self.submittedDescription(from: from, before: before)
        case .text(let value): Self.quotedIfNeeded(value, asText: true)
        case .flag(let flag): "flag:" + flag.rawValue
        case .requester(let value): "requester:" + Self.quotedIfNeeded(value, asText: false)
        case .overdue(let value): value ? "overdue:yes" : "overdue:no"
        case .extended(let value): value ? "extended:yes" : "extended:no"
        case .due(let comparison, let days): "due" + comparison.rawValue + String(days)
        case .cluster(let id): "cluster:" + Self.quotedIfNeeded(id, asText: false)
        case .clusterSize(let minimum): "cluster>=\(minimum)"
        }
    }

    /// Wraps `value` in quotes, escaping `"` and `\`, unless it already reads back unchanged.
    ///
    /// Free text also needs quotes when it would otherwise look like a field, a comparison or a
    /// negation; a field's value only needs them for spaces, quotes or emptiness.
    static func quotedIfNeeded(_ value: String, asText: Bool) -> String {
        var needsQuotes = value.isEmpty
            || value.contains { $0.isWhitespace || $0 == "\"" }
        if asText {
            needsQuotes = needsQuotes || value.first == "-" || value.contains(where: FilterScanner.isStructural)
        }
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("\"")
        return quoted
    }

    private static func countryList(_ codes: [String]) -> String {
        if codes == CountryGroups.eea { return "eea" }
        if codes == CountryGroups.eu { return "eu" }
        return codes.joined(separator: ",")
    }

    private static func statusList(_ statuses: [SubmissionStatus]) -> String {
        statuses == [.accepted, .rejected] ? "decided" : statuses.map(\.name).joined(separator: ",")
    }

    /// Prints a range the way the parser builds it: a whole day or one millisecond for
    /// `submitted:`, otherwise one bound, as a date when it falls on midnight UTC.
    ///
    /// A bound at 10000-01-01 can only come from `>9999-12-31` or `<=9999-12-31`, and is printed
    /// that way because year 10000 is outside what the parser accepts.
    private static func submittedDescription(from: Int64?, before: Int64?) -> String {
        let day = Timestamp.millisPerDay
        switch (from, before) {
        case (let from?, let before?) where before - from == day && Timestamp.isMidnight(from):
            return "submitted:" + Timestamp.formatDate(from)
        case (let from?, let before?) where before - from == 1:
            return "submitted:" + Timestamp.formatUTCMillis(from)
        case (let from?, nil):
            if from > lastRepresentableMillis { return "submitted>" + instant(from - day) }
            return "submitted>=" + instant(from)
        case (nil, let before?):
            if before > lastRepresentableMillis { return "submitted<=" + instant(before - day) }
            return "submitted<" + instant(before)
        case (let from?, let before?):
            // Not produced by the parser: the closest single-line form, two terms.
            return "submitted>=" + instant(from) + " submitted<" + instant(before)
        case (nil, nil):
            return "submitted>=" + Timestamp.formatDate(firstRepresentableMillis)
        }
    }

    private static func instant(_ millis: Int64) -> String {
        Timestamp.isMidnight(millis) ? Timestamp.formatDate(millis) : Timestamp.formatUTCMillis(millis)
    }

    /// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, the span RFC 3339 can write.
    static let firstRepresentableMillis: Int64 = -62_167_219_200_000
    static let lastRepresentableMillis: Int64 = 253_402_300_799_999
}

/// How `due` compares days left with a number.
package enum DueComparison: String, Sendable {
    case atMost = "<=", below = "<", exactly = ":", atLeast = ">=", above = ">"

    package func holds(_ daysLeft: Int, _ days: Int) -> Bool {
        switch self {
        case .atMost: daysLeft <= days
        case .below: daysLeft < days
        case .exactly: daysLeft == days
        case .atLeast: daysLeft >= days
        case .above: daysLeft > days
        }
    }
}
