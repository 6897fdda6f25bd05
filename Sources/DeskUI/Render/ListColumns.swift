/// Where each column of the list goes for a width, shared by the rows and their heading.
///
/// From 80 cells the submitted date is written in full; below, as month-day, so the email and
/// the justification keep room down to 60 columns.
struct ListColumns {
    /// Status mark, tag (or claim) mark, escape mark: columns 0–2; then the flag marks.
    let flags: Int
    let date: Int
    let dateWidth: Int
    let due: Int
    let country: Int
    let verified: Int
    let email: Int
    let emailWidth: Int
    let justification: Int
    let end: Int

    init(x: Int, width: Int) {
        end = x + width
        flags = x + 3
        date = flags + 4
        dateWidth = width >= 80 ? 10 : 5
        due = date + dateWidth + 1
        country = due + 6
        verified = country + 3
        email = verified + 2
        emailWidth = max(12, min(32, (end - email) * 2 / 5))
        justification = email + emailWidth + 1
    }

    /// The date as the column shows it: `2026-10-06`, or `10-06` when narrow.
    func date(_ text: String) -> String { dateWidth == 10 ? text : String(text.suffix(5)) }
}
