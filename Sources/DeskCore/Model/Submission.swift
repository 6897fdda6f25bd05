/// One objection request, exactly as the form recorded it.
public struct Submission: Equatable, Sendable {
    public var id: String
    /// Milliseconds since the Unix epoch.
    public var submittedAt: Int64
    /// The timestamp as written in the queue, for faithful export.
    public var submittedAtText: String
    public var country: CountryCode
    /// The country as written (may be lower case or padded); `country` is its normalized form.
    public var countryText: String
    public var email: String
    public var emailVerified: Bool?
    public var justification: String
    public var platform: String?
    public var locale: String?
    public var accountURL: String?

    public init(
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
