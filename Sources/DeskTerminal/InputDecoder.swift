import CNcursesW
import DeskUI

/// Turns what `wget_wch` returned into app events: keys, pastes and resizes.
///
/// Pure: no curses calls, so every case can be tested without a terminal. ncurses already turns
/// the escape sequences it knows from terminfo into `KEY_*` codes; what reaches this type as
/// plain characters after an ESC is either a lone Escape key (ncurses waited ESCDELAY for more),
/// Alt plus a key, a bracketed-paste marker, or a sequence ncurses did not know (for instance
/// cursor keys in normal mode after a shell reset keypad mode while we were suspended).
///
/// State survives between calls because one poll wakeup may end in the middle of a paste or of
/// an escape sequence. When input stops mid-way, the caller waits a little and then calls
/// `flush()`, so nothing is held back forever.
struct InputDecoder {
    /// What an unfinished decode is waiting for.
    enum Pending: Equatable, Sendable {
        case none
        /// An escape sequence was cut off (e.g. `ESC [ 2 0` of a paste marker).
        case escapeSequence
        /// A bracketed paste has started and its end marker has not arrived yet.
        case paste
    }

    private enum Mode: Equatable {
        case ground
        /// After ESC, waiting for the next character.
        case escape
        /// After `ESC [`, collecting parameter and intermediate bytes until a final byte.
        case controlSequence([Unicode.Scalar])
        /// After `ESC O` (single shift 3), waiting for the final byte.
        case singleShift
        /// Inside `ESC [ 200 ~` … `ESC [ 201 ~`.
        case paste
    }

    /// A bracketed paste ends with `ESC [ 2 0 1 ~`.
    private static let pasteEndMarker: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]
    /// Longer control sequences are not keys; giving up bounds memory on garbage input.
    private static let maximumSequenceLength = 32

    private var mode: Mode = .ground
    private var pasteText: [Unicode.Scalar] = []

    init() {}

    /// Whether the last `decode` ended inside a paste or an escape sequence.
    var pending: Pending {
        switch mode {
        case .ground, .escape: .none
        case .controlSequence, .singleShift: .escapeSequence
        case .paste: .paste
        }
    }

    /// Decodes one drain's worth of input.
    ///
    /// `width` and `height` are the screen size after the drain, reported with `KEY_RESIZE`
    /// (ncurses has already updated its size when it returns that key).
    mutating func decode(_ inputs: [RawInput], width: Int, height: Int) -> [AppEvent] {
        var tokens: [InputToken] = []
        for input in inputs {
            switch input {
            case .character(let value):
                // wget_wch only returns valid scalars in a UTF-8 locale; drop anything else.
                guard let scalar = Unicode.Scalar(value) else { continue }
                feed(scalar, into: &tokens)
            case .keyCode(let code):
                feedKeyCode(code, width: width, height: height, into: &tokens)
            }
        }
        if mode == .escape {
            // ncurses returns ESC only after ESCDELAY passed with nothing following it, so an
            // ESC that ends the drain was pressed on its own.
            tokens.append(.event(.key(.escape)))
            mode = .ground
        }
        return InputToken.events(from: tokens)
    }

    /// Gives up waiting for the rest of a paste or escape sequence and returns what was held:
    /// a paste as it stands, or a cut-off sequence as the keys that were typed.
    mutating func flush() -> [AppEvent] {
        var tokens: [InputToken] = []
        abandonSequence(into: &tokens)
        if mode == .paste {
            if !pasteText.isEmpty { tokens.append(.event(.paste(InputToken.normalizedText(pasteText)))) }
            pasteText.removeAll()
            mode = .ground
        }
        return InputToken.events(from: tokens)
    }

    private mutating func feed(_ scalar: Unicode.Scalar, into tokens: inout [InputToken]) {
        switch mode {
        case .ground:
            if scalar == "\u{1B}" { mode = .escape } else { tokens.append(.scalar(scalar)) }
        case .paste:
            pasteText.append(scalar)
            if scalar == "~", pasteText.count >= Self.pasteEndMarker.count,
               pasteText.suffix(Self.pasteEndMarker.count).elementsEqual(Self.pasteEndMarker) {
                pasteText.removeLast(Self.pasteEndMarker.count)
                if !pasteText.isEmpty { tokens.append(.event(.paste(InputToken.normalizedText(pasteText)))) }
                pasteText.removeAll()
                mode = .ground
            }
        case .escape:
            switch scalar {
            case "[": mode = .controlSequence([])
            case "O": mode = .singleShift
            default:
                // Escape, then an unrelated key typed quickly (or Alt+key): both count.
                tokens.append(.event(.key(.escape)))
                mode = .ground
                feed(scalar, into: &tokens)
            }
        case .controlSequence(var body):
            switch scalar.value {
            case 0x20...0x3F where body.count < Self.maximumSequenceLength:
                body.append(scalar)
                mode = .controlSequence(body)
            case 0x40...0x7E:
                mode = .ground
                finishControlSequence(body, final: scalar, into: &tokens)
            default:
                // Not a control sequence after all: keep what was typed, then go on.
                abandonSequence(into: &tokens)
                feed(scalar, into: &tokens)
            }
        case .singleShift:
            if (0x40...0x7E).contains(scalar.value) {
                mode = .ground
                if let key = EscapeSequenceKeys.singleShiftKey(final: scalar) { tokens.append(.event(.key(key))) }
            } else {
                abandonSequence(into: &tokens)
                feed(scalar, into: &tokens)
            }
        }
    }

    private mutating func feedKeyCode(_ code: Int32, width: Int, height: Int, into tokens: inout [InputToken]) {
        if code == KEY_RESIZE {
            // A resize is not part of whatever sequence is in progress; report it at once.
            tokens.append(.event(.resize(width: width, height: height)))
            return
        }
        if mode == .paste {
            // Inside a paste, ncurses may still match a key string (kent, kbs); only Enter is
            // text worth keeping.
            if code == KEY_ENTER { pasteText.append("\n") }
            return
        }
        abandonSequence(into: &tokens)
        if let key = CursesKeyCodes.key(for: code) { tokens.append(.event(.key(key))) }
    }

    private mutating func finishControlSequence(_ body: [Unicode.Scalar], final: Unicode.Scalar, into tokens: inout [InputToken]) {
        var unicodeBody = String.UnicodeScalarView()
        unicodeBody.append(contentsOf: body)
        let parameters = String(unicodeBody)
        if final == "~" && parameters == "200" {
            mode = .paste
            pasteText.removeAll()
            return
        }
        // Anything else ncurses did not decode is a key it does not know (a function key, a
        // focus report, a stray paste end): mapped when it is a cursor key, dropped otherwise
        // so it never turns into typed text.
        if let key = EscapeSequenceKeys.controlSequenceKey(parameters: parameters, final: final) {
            tokens.append(.event(.key(key)))
        }
    }

    /// Turns an unfinished `ESC`, `ESC [ …` or `ESC O` into the keys that were typed.
    private mutating func abandonSequence(into tokens: inout [InputToken]) {
        switch mode {
        case .escape:
            tokens.append(.event(.key(.escape)))
        case .controlSequence(let body):
            tokens.append(.event(.key(.escape)))
            tokens.append(.scalar("["))
            tokens.append(contentsOf: body.map(InputToken.scalar))
        case .singleShift:
            tokens.append(.event(.key(.escape)))
            tokens.append(.scalar("O"))
        case .ground, .paste:
            return
        }
        mode = .ground
    }
}
