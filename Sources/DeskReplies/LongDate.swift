import DeskCore

/// A UTC day written out as a letter in each language writes it: "3 November 2026",
/// "1er novembre 2026", "3. November 2026", "3 listopada 2026 r."…
///
/// Written by hand rather than through the platform's locale data, so a reply reads the same on
/// every machine and in every test.
package enum LongDate {
    package static func format(_ epochMillis: Int64, in language: ReplyLanguage) -> String {
        let days = Timestamp.floorDivision(epochMillis, AnswerDeadline.millisecondsPerDay).quotient
        let (year, month, day) = Timestamp.civil(fromDays: days)
        let name = monthNames(language)[Int(month) - 1]
        switch language {
        case .en, .nl: return "\(day) \(name) \(year)"
        case .fr: return "\(day == 1 ? "1er" : String(day)) \(name) \(year)"
        case .it: return "\(day == 1 ? "1º" : String(day)) \(name) \(year)"
        case .de: return "\(day). \(name) \(year)"
        case .es, .pt: return "\(day) de \(name) de \(year)"
        case .pl: return "\(day) \(name) \(year) r."
        }
    }

    /// Month names as used after a day number (Polish takes the genitive).
    private static func monthNames(_ language: ReplyLanguage) -> [String] {
        switch language {
        case .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        case .fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        case .de: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
        case .es: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
        case .it: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"]
        case .nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        case .pl: ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"]
        case .pt: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"]
        }
    }
}
