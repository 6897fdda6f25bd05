import CNcursesW
import Glibc

/// Makes the process locale able to show wide characters.
///
/// ncurses measures and encodes characters with the C library's locale: in the "C" locale every
/// non-ASCII character is unprintable. Over SSH `LANG` is often not forwarded, so after taking
/// the environment's locale we switch only the character type to a UTF-8 one that glibc ships.
enum UTF8Locale {
    /// UTF-8 locales tried, in order, when the environment's is not UTF-8.
    static let fallbacks = ["C.UTF-8", "en_US.UTF-8"]

    /// Applies the environment's locale, then a UTF-8 fallback for LC_CTYPE if needed.
    /// Returns whether the character type is UTF-8 in the end.
    @discardableResult
    static func prepare() -> Bool {
        setlocale(LC_ALL, "")
        if isActive { return true }
        for name in fallbacks where setlocale(LC_CTYPE, name) != nil {
            if isActive { return true }
        }
        return false
    }

    /// Whether LC_CTYPE's codeset is UTF-8 (glibc spells it "UTF-8"; others "utf8").
    static var isActive: Bool {
        guard let codeset = desk_codeset() else { return false }
        let name = String(cString: codeset).lowercased().filter { $0 != "-" }
        return name == "utf8"
    }
}
