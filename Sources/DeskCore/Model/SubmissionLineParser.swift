/// The fields of a submission line.
package enum SubmissionField: Int, RecordField {
    case id, submittedAt, country, email, justification, emailVerified, platform, locale, accountURL

    package var key: String {
        switch self {
        case .id: "id"
        case .submittedAt: "submitted_at"
        case .country: "country"
        case .email: "email"
        case .justification: "justification"
        case .emailVerified: "email_verified"
        case .platform: "platform"
        case .locale: "locale"
        case .accountURL: "account_url"
        }
    }

    package var expectation: FieldExpectation {
        switch self {
        case .id, .submittedAt, .country, .email, .justification: .requiredString
        case .emailVerified: .optionalBool
        case .platform, .locale, .accountURL: .optionalString
        }
    }
}

/// Validates submission lines: JSON shape and field types, then the values (id, timestamp, country).
package struct SubmissionLineParser {
    package var fields = RecordLineParser<SubmissionField>()

    package init() {}

    /// Checks everything about `line`; returns the parsed timestamp and country for the columns.
    package mutating func validate(_ line: UnsafeRawBufferPointer) throws(LineError) -> (submittedAt: Int64, country: CountryCode) {
        try fields.locate(line)
        if fields.isEmpty(.id) { throw LineError("\"id\" is empty") }
        let timestamp = fields.withString(.submittedAt, in: line) { Timestamp.parseRFC3339($0) } ?? nil
        guard let submittedAt = timestamp else {
            throw LineError("\"submitted_at\" is not an RFC 3339 timestamp: \(fields.quoted(.submittedAt, in: line))")
        }
        let code = fields.withString(.country, in: line) { CountryCode(normalizing: $0) } ?? nil
        guard let country = code else {
            throw LineError("\"country\" is not an ISO 3166-1 alpha-2 code: \(fields.quoted(.country, in: line))")
        }
        return (submittedAt, country)
    }

    /// A string field of the line last validated (nil when absent or null). Not generic, so
    /// that the load path in another module calls code specialised for submissions.
    package func text(_ field: SubmissionField, in line: UnsafeRawBufferPointer) -> FieldText? {
        fields.text(field, in: line)
    }

    /// `email_verified` of the line last validated (nil when absent or null).
    package var emailVerified: Bool? { fields.bool(.emailVerified) }

    /// Parses a whole line into a `Submission` (for display and export, not the load path).
    package mutating func parse(_ line: UnsafeRawBufferPointer) throws(LineError) -> Submission {
        let (submittedAt, country) = try validate(line)
        return Submission(
            id: fields.string(.id, in: line)!, submittedAt: submittedAt,
            submittedAtText: fields.string(.submittedAt, in: line)!,
            country: country, countryText: fields.string(.country, in: line)!, email: fields.string(.email, in: line)!,
            emailVerified: fields.bool(.emailVerified), justification: fields.string(.justification, in: line)!,
            platform: fields.string(.platform, in: line), locale: fields.string(.locale, in: line),
            accountURL: fields.string(.accountURL, in: line))
    }

    package mutating func parse(_ line: String) throws(LineError) -> Submission {
        var parser = self
        return try RecordLineParser<SubmissionField>.withBytes(of: line) { (raw) throws(LineError) in try parser.parse(raw) }
    }
}
