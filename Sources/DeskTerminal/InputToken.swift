import DeskUI

/// One decoded unit of a drain: a character not yet known to be a key or part of a paste, or a
/// finished event.
///
/// Characters are kept apart until the whole drain is known, because whether `a`, `b`, Enter
/// are three keys or one paste depends on what arrived with them.
enum InputToken: Equatable {
    case scalar(Unicode.Scalar)
    case event(AppEvent)

    /// Groups a drain's tokens into events.
    ///
    /// A run of text characters that holds both printable characters and a line break arrived
    /// faster than anyone types (within one poll wakeup): it is a paste from a terminal without
    /// bracketed paste, and becomes one `.paste` so its lines are not taken as Enter presses
    /// that confirm decisions. Any other run is keys, one per grapheme cluster.
    static func events(from tokens: [InputToken]) -> [AppEvent] {
        var events: [AppEvent] = []
        var run: [Unicode.Scalar] = []

        func finishRun() {
            guard !run.isEmpty else { return }
            if run.contains(where: isLineBreak) && run.contains(where: isPrintable) {
                events.append(.paste(normalizedText(run)))
            } else {
                events.append(contentsOf: keyEvents(for: run))
            }
            run.removeAll()
        }

        for token in tokens {
            switch token {
            case .scalar(let scalar) where isText(scalar):
                run.append(scalar)
            case .scalar(let scalar):
                finishRun()
                if let key = controlKey(scalar) { events.append(.key(key)) }
            case .event(let event):
                finishRun()
                events.append(event)
            }
        }
        finishRun()
        return events
    }

    /// Pasted text with CR LF and lone CR (what terminals send for line breaks) made LF.
    static func normalizedText(_ scalars: [Unicode.Scalar]) -> String {
        var text = String.UnicodeScalarView()
        var previousWasReturn = false
        for scalar in scalars {
            if scalar == "\n" && previousWasReturn {
                previousWasReturn = false
                continue
            }
            previousWasReturn = scalar == "\r"
            text.append(previousWasReturn ? "\n" : scalar)
        }
        return String(text)
    }

    /// Keys for a run of text characters; printable ones are grouped into grapheme clusters so
    /// a base letter and a following combining mark (or an emoji sequence) form one key.
    private static func keyEvents(for run: [Unicode.Scalar]) -> [AppEvent] {
        var events: [AppEvent] = []
        var printable = String.UnicodeScalarView()

        func finishPrintable() {
            guard !printable.isEmpty else { return }
            events.append(contentsOf: String(printable).map { .key(.character($0)) })
            printable.removeAll()
        }

        for scalar in run {
            if isPrintable(scalar) {
                printable.append(scalar)
            } else {
                finishPrintable()
                events.append(.key(scalar == "\t" ? .tab : .enter))
            }
        }
        finishPrintable()
        return events
    }

    /// The key for a control character outside a text run, or nil for C1 controls, which no
    /// keyboard sends and which must never reach the app as text.
    private static func controlKey(_ scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 0x08, 0x7F: return .backspace
        case 0x1B: return .escape
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(0x60 + scalar.value)!))
        // Ctrl-@ (NUL), Ctrl-\, Ctrl-], Ctrl-^ and Ctrl-_ in caret notation.
        case 0x00, 0x1C...0x1F: return .control(Character(Unicode.Scalar(0x40 + scalar.value)!))
        default: return nil
        }
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r"
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value)
    }

    /// Characters that may appear in typed or pasted text: printable, tab and line breaks.
    private static func isText(_ scalar: Unicode.Scalar) -> Bool {
        isPrintable(scalar) || scalar == "\t" || isLineBreak(scalar)
    }
}
