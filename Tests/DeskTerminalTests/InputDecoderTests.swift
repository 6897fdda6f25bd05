import CNcursesW
import DeskUI
import Testing
@testable import DeskTerminal

/// Raw inputs for the characters of `text`, as wget_wch returns them.
private func typed(_ text: String) -> [RawInput] {
    text.unicodeScalars.map { .character($0.value) }
}

private func key(_ key: Key) -> AppEvent { .key(key) }

private func decode(_ inputs: [RawInput], width: Int = 80, height: Int = 24) -> [AppEvent] {
    var decoder = InputDecoder()
    return decoder.decode(inputs, width: width, height: height)
}

@Suite("Input decoder: keys")
struct InputDecoderKeyTests {
    @Test func printableCharactersAreCharacterKeys() {
        #expect(decode(typed("aZ/ ")) == [key(.character("a")), key(.character("Z")), key(.character("/")), key(.character(" "))])
    }

    @Test func cursesKeyCodesMapToKeys() {
        let codes: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end),
            (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_BTAB, .backTab), (KEY_ENTER, .enter),
        ]
        for (code, expected) in codes {
            #expect(decode([.keyCode(code)]) == [key(expected)])
        }
    }

    @Test func unknownKeyCodesAreDropped() {
        #expect(decode([.keyCode(KEY_F0 + 5), .character(0x61)]) == [key(.character("a"))])
    }

    @Test func enterTabAndBackspaceInTheirCharacterForms() {
        #expect(decode([.character(0x0D)]) == [key(.enter)])
        #expect(decode([.character(0x0A)]) == [key(.enter)])
        #expect(decode([.character(0x09)]) == [key(.tab)])
        #expect(decode([.character(0x7F)]) == [key(.backspace)])
        #expect(decode([.character(0x08)]) == [key(.backspace)])
    }

    @Test func controlCharactersBecomeControlLetters() {
        #expect(decode([.character(0x01), .character(0x06), .character(0x1A)]) == [key(.control("a")), key(.control("f")), key(.control("z"))])
        #expect(decode([.character(0x00), .character(0x1F)]) == [key(.control("@")), key(.control("_"))])
    }

    @Test func c1ControlsNeverBecomeKeysOrText() {
        #expect(decode([.character(0x9B), .character(0x85), .character(0x62)]) == [key(.character("b"))])
    }

    @Test func resizeReportsTheSizeItIsGiven() {
        #expect(decode([.keyCode(KEY_RESIZE)], width: 100, height: 30) == [.resize(width: 100, height: 30)])
    }

    @Test func keysKeepTheirArrivalOrder() {
        #expect(decode([.keyCode(KEY_DOWN), .character(0x78), .keyCode(KEY_RESIZE), .keyCode(KEY_UP)], width: 90, height: 20)
            == [key(.down), key(.character("x")), .resize(width: 90, height: 20), key(.up)])
    }
}

@Suite("Input decoder: Unicode")
struct InputDecoderUnicodeTests {
    @Test func wideAndAccentedCharactersAreOneKeyEach() {
        #expect(decode(typed("é中文λ😀")) == [key(.character("é")), key(.character("中")), key(.character("文")), key(.character("λ")), key(.character("😀"))])
    }

    @Test func combiningMarksJoinTheirBaseCharacter() {
        #expect(decode(typed("e\u{301}x")) == [key(.character("e\u{301}")), key(.character("x"))])
    }

    @Test func invalidScalarValuesAreDropped() {
        #expect(decode([.character(0xD800), .character(0x110000), .character(0x61)]) == [key(.character("a"))])
    }
}

@Suite("Input decoder: Escape")
struct InputDecoderEscapeTests {
    @Test func loneEscapeIsTheEscapeKey() {
        var decoder = InputDecoder()
        #expect(decoder.decode([.character(0x1B)], width: 80, height: 24) == [key(.escape)])
        #expect(decoder.pending == .none)
    }

    @Test func escapeFollowedByUnrelatedCharactersKeepsBoth() {
        #expect(decode(typed("\u{1B}jk")) == [key(.escape), key(.character("j")), key(.character("k"))])
        #expect(decode(typed("\u{1B}\u{1B}")) == [key(.escape), key(.escape)])
        #expect(decode([.character(0x1B), .keyCode(KEY_UP)]) == [key(.escape), key(.up)])
    }

    @Test func escapeBracketFollowedByTextIsNotASequence() {
        #expect(decode(typed("\u{1B}[é")) == [key(.escape), key(.character("[")), key(.character("é"))])
    }

    @Test func undecodedCursorSequencesStillWork() {
        #expect(decode(typed("\u{1B}[A\u{1B}[B\u{1B}OC\u{1B}OD")) == [key(.up), key(.down), key(.right), key(.left)])
        #expect(decode(typed("\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}[Z\u{1B}[1;5A")) == [key(.pageUp), key(.pageDown), key(.delete), key(.backTab), key(.up)])
    }

    @Test func unknownSequencesAreDroppedNotTyped() {
        // F9 without terminfo, a focus report and a stray paste end.
        #expect(decode(typed("\u{1B}[20~\u{1B}[I\u{1B}[201~x")) == [key(.character("x"))])
        #expect(decode(typed("\u{1B}OPy")) == [key(.character("y"))])
    }

    @Test func sequenceCutOffAtTheEndOfADrainWaitsForTheRest() {
        var decoder = InputDecoder()
        #expect(decoder.decode(typed("\u{1B}[2"), width: 80, height: 24) == [])
        #expect(decoder.pending == .escapeSequence)
        #expect(decoder.decode(typed("~"), width: 80, height: 24) == [])  // Insert: not used
        #expect(decoder.pending == .none)
    }

    @Test func abandonedSequenceIsReportedAsTypedOnFlush() {
        var decoder = InputDecoder()
        #expect(decoder.decode(typed("\u{1B}[1"), width: 80, height: 24) == [])
        #expect(decoder.flush() == [key(.escape), key(.character("[")), key(.character("1"))])
        #expect(decoder.pending == .none)
        #expect(decoder.flush() == [])
    }

    @Test func overlongSequencesAreGivenUp() {
        let inputs = typed("\u{1B}[" + String(repeating: "1", count: 40) + "~")
        let events = decode(inputs)
        #expect(events.first == key(.escape))
        #expect(events.last == key(.character("~")))
    }
}

@Suite("Input decoder: pastes")
struct InputDecoderPasteTests {
    @Test func bracketedPasteIsOneEventWithLineBreaksKept() {
        #expect(decode(typed("\u{1B}[200~first\r\nsecond\rthird\u{1B}[201~")) == [.paste("first\nsecond\nthird")])
    }

    @Test func bracketedPasteKeepsKeysAroundIt() {
        #expect(decode([.keyCode(KEY_UP)] + typed("\u{1B}[200~ab\u{1B}[201~x")) == [key(.up), .paste("ab"), key(.character("x"))])
    }

    @Test func bracketedPasteSplitAcrossDrains() {
        var decoder = InputDecoder()
        #expect(decoder.decode(typed("\u{1B}[20"), width: 80, height: 24) == [])
        #expect(decoder.decode(typed("0~hello\r"), width: 80, height: 24) == [])
        #expect(decoder.pending == .paste)
        #expect(decoder.decode(typed("wörld 中\u{1B}[2"), width: 80, height: 24) == [])
        #expect(decoder.decode(typed("01~q"), width: 80, height: 24) == [.paste("hello\nwörld 中"), key(.character("q"))])
        #expect(decoder.pending == .none)
    }

    @Test func pasteContentIsNotInterpreted() {
        // Escapes and controls inside a paste are the reducer's to sanitize, not keys.
        #expect(decode(typed("\u{1B}[200~a\u{1B}[Ab\u{3}\u{1B}[201~")) == [.paste("a\u{1B}[Ab\u{3}")])
        #expect(decode(typed("\u{1B}[200~a") + [.keyCode(KEY_ENTER), .keyCode(KEY_UP)] + typed("b\u{1B}[201~")) == [.paste("a\nb")])
    }

    @Test func emptyBracketedPasteIsNothing() {
        #expect(decode(typed("\u{1B}[200~\u{1B}[201~")) == [])
    }

    @Test func unfinishedPasteIsDeliveredOnFlush() {
        var decoder = InputDecoder()
        #expect(decoder.decode(typed("\u{1B}[200~half\rway"), width: 80, height: 24) == [])
        #expect(decoder.flush() == [.paste("half\nway")])
        #expect(decoder.decode(typed("k"), width: 80, height: 24) == [key(.character("k"))])
    }

    @Test func resizeDuringAPasteIsReportedAtOnce() {
        var decoder = InputDecoder()
        let events = decoder.decode(typed("\u{1B}[200~ab") + [.keyCode(KEY_RESIZE)] + typed("c\u{1B}[201~"), width: 70, height: 20)
        #expect(events == [.resize(width: 70, height: 20), .paste("abc")])
    }

    @Test func burstOfTextWithLineBreaksIsAPaste() {
        #expect(decode(typed("line one\rline two\r")) == [.paste("line one\nline two\n")])
        #expect(decode(typed("a\tb\nc")) == [.paste("a\tb\nc")])
    }

    @Test func burstStopsAtKeysThatAreNotText() {
        #expect(decode(typed("ab") + [.keyCode(KEY_DOWN)] + typed("\r")) == [key(.character("a")), key(.character("b")), key(.down), key(.enter)])
    }

    @Test func loneEnterStaysEnter() {
        var decoder = InputDecoder()
        #expect(decoder.decode(typed("y"), width: 80, height: 24) == [key(.character("y"))])
        #expect(decoder.decode(typed("\r"), width: 80, height: 24) == [key(.enter)])
        #expect(decode(typed("\r\r")) == [key(.enter), key(.enter)])
        #expect(decode(typed("\t\r")) == [key(.tab), key(.enter)])
    }
}
