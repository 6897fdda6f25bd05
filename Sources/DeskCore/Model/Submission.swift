/// One objection request, exactly as the form recorded it.
package struct Submission: Equatable, Sendable {
    package var id: String
    /// Milliseconds since the Unix epoch.
    package var submittedAt: Int64
    /// The timestamp as written in the queue, for faithful export.
    package var submittedAtText: String
    package var country: CountryCode
    /// The country as written (may be lower case or padded); `country` is its normalized form.
    package var countryText: String
    package var email: String
    package var emailVerified: Bool?
    package var justification: String
    package var platform: String?
    package var locale: String?
    package var accountURL: String?

    package init(
        id: String, submittedAt: Int64, submittedAtText: String, country: CountryCode, countryText: String,
        email: String, emailVerified: Bool?, justification: String,
        platform: String? = nil, locale: String? = nil, accountURL: String? = nil
    ) {
        self.id = id
        self.submittedAt = submittedAt
        self.submittedAtText = submittedAtText
        self.country = country
        self.countryText = countryText
        self.email = email
        self.emailVerified = emailVerified
        self.justification = justification
        self.platform = platform
        self.locale = locale
        self.accountURL = accountURL
    }
}
