extension FilterParser {
    /// The filter grammar in brief, for `--help`, the review screen's help overlay and the README.
    ///
    /// Tests parse every line under "Examples:", so the examples cannot drift from the parser.
    package static let grammarHelp = #"""
    Filter: space-separated terms; a submission must match all of them.
      country:FR,DE      2-letter codes (EL = GR, UK = GB) or the groups eu, eea
      status:pending     pending, awaiting_verification (awaiting), accepted,
                         rejected, decided (= accepted or rejected); a,b = either
      verified:yes       yes or no
      email:gmail        part of the email address, any case
      platform:ios       that platform, any case; likewise reviewer:NAME
      locale:de          locale prefix on a subtag: matches de and de-AT, not del
      id:ID              one submission, exact
      submitted>=DATE    also >, <, <= and submitted:DATE (that whole day); DATE is
                         YYYY-MM-DD (UTC) or a timestamp like 2026-11-04T09:12:44Z
      overdue:yes        open and past its answer deadline (no: not overdue)
      due<=3             open and due within 3 days, overdue included
                         (also due<N, due:N, due>=N, due>N)
      extended:yes       its deadline was extended to three months
      flag:repeat        a flag: unverified non_eea empty url_only repeat
                         mixed_script hostile viral adds
      requester:EMAIL    every submission of that requester (email compared
                         without case, +tag, and with the domain in ASCII)
      cluster:ID         the near-duplicate cluster whose id is ID (or that holds
                         submission ID); cluster>=N: in a cluster of N or more
      word "a phrase"    text in email or justification, ignoring case and accents
      -term              negates a term
    Quote values containing spaces, and text containing : < > = or starting with -.
    Inside quotes write \" and \\. Field names ignore case.
    Examples:
      status:pending country:eu
      status:decided reviewer:ana -verified:no
      submitted>=2026-11-01 submitted<2026-12-01 -country:eea
      locale:de platform:android "stop profiling"
      -status:accepted données -"http://example.com"
      cluster>=50 status:pending
    """#
}
