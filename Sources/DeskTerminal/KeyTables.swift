import CNcursesW
import DeskUI

/// The `KEY_*` codes ncurses returns with `KEY_CODE_YES`, as app keys.
enum CursesKeyCodes {
    /// The key for `code`, or nil for keys the app does not use (function keys, mouse...).
    /// `KEY_RESIZE` is not a key; the decoder reports it as a resize.
    static func key(for code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        default: nil
        }
    }
}

/// Cursor keys in the escape-sequence forms ncurses may leave undecoded.
///
/// terminfo describes the keys of keypad-transmit mode (`ESC O A`); when that mode is lost (a
/// shell resetting the terminal while we were suspended, or a terminfo entry that does not match
/// the emulator) the terminal sends `ESC [ A` instead. Recognising both keeps the arrows working.
enum EscapeSequenceKeys {
    /// The key for `ESC [ parameters final`, or nil when it is not a key the app uses.
    /// Modifier parameters (`ESC [ 1 ; 5 A`) are ignored: Ctrl-Up is still Up.
    static func controlSequenceKey(parameters: String, final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "~":
            let number = parameters.split(separator: ";").first.map(String.init) ?? ""
            switch number {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            case "5": return .pageUp
            case "6": return .pageDown
            default: return nil
            }
        default: return nil
        }
    }

    /// The key for `ESC O final`, or nil when it is not a key the app uses (F1–F4...).
    static func singleShiftKey(final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": .up
        case "B": .down
        case "C": .right
        case "D": .left
        case "H": .home
        case "F": .end
        case "M": .enter
        default: nil
        }
    }
}
