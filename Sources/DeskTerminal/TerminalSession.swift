import CNcursesW
import DeskApp
import DeskUI
import Glibc

/// The interactive terminal: curses set up for the app, painting `CellGrid`s and reading input.
///
/// Use from one thread (the run loop's). Every curses call goes through the `WINDOW` returned
/// for this session's screen, never through curses's global variables.
package final class TerminalSession: ReviewScreen {
    private let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    /// Whether cells are drawn in colour (asked for, supported, and enough colour pairs).
    package let hasColor: Bool

    private var painter: RowPainter
    /// The grid on screen, or nil when the next paint must send every row.
    private var painted: CellGrid?
    private var signals: SignalFlags?
    /// Ends the process when a quit signal waits longer than a moment (a busy paint).
    private var watchdog: QuitWatchdog?
    /// The signal mask `readInput` waits with (see `SignalFlags.wait`).
    let waitMask: sigset_t
    var decoder = InputDecoder()
    /// Set once the terminal is gone; every later read reports it again without touching it.
    var isHungUp = false
    /// Readable-but-empty wakeups in a row; see `readInput`.
    var emptyWakeups = 0
    private(set) var isStopped = false
    private var sizeAtStop = (width: 0, height: 0)

    /// Starts curses on stdin/stdout. Call `preflight` first for clear error messages.
    ///
    /// The locale is made UTF-8 so wide characters are measured and encoded right; curses is
    /// started with `newterm`, which returns NULL on failure where `initscr` would exit.
    package init(useColor: Bool) throws(TerminalUnavailable) {
        UTF8Locale.prepare()
        let signals = SignalFlags.install()
        waitMask = signals.waitMask
        let originalMode = QuitWatchdog.currentTerminalMode()
        guard let screen = newterm(nil, desk_stdout(), desk_stdin()) else {
            signals.restore(ignoringHangUp: false)
            throw TerminalUnavailable("cannot start the terminal interface for TERM=\(Self.currentTerm)")
        }
        _ = set_term(screen)
        guard let window = desk_stdscr() else {
            endwin()
            delscreen(screen)
            signals.restore(ignoringHangUp: false)
            throw TerminalUnavailable("the terminal interface has no screen window")
        }
        self.screen = screen
        self.window = window

        cbreak()  // keys arrive one at a time; Ctrl-C and Ctrl-Z still raise their signals
        noecho()
        nonl()  // Enter arrives as CR and output newlines are not translated
        keypad(window, true)
        nodelay(window, true)  // readInput waits in poll(2); wget_wch only drains
        leaveok(window, true)  // the cursor is hidden, so never spend bytes moving it
        set_escdelay(25)
        curs_set(0)
        hasColor = useColor && Self.startColor()
        painter = RowPainter(window: window, useColor: hasColor)
        self.signals = consume signals
        TerminalControl.send(TerminalControl.enableBracketedPaste)
        watchdog = QuitWatchdog(original: originalMode)
    }

    deinit {
        stop()
    }

    /// Columns of the screen (the size at `stop()` once stopped).
    package var width: Int {
        isStopped ? sizeAtStop.width : Int(desk_window_width(window))
    }

    /// Rows of the screen (the size at `stop()` once stopped).
    package var height: Int {
        isStopped ? sizeAtStop.height : Int(desk_window_height(window))
    }

    /// Paints `grid`, sending only the rows that changed since the last paint.
    ///
    /// After `invalidate()` (also done on resize and SIGCONT) the screen is cleared and every
    /// row sent. Rows and columns beyond the window are clipped, never wrapped.
    package func paint(_ grid: CellGrid) {
        guard !isStopped, !isHungUp else { return }
        let rows = min(grid.height, height)
        let columns = min(grid.width, width)
        if painted == nil || painted?.width != grid.width || painted?.height != grid.height {
            // Clears rows and columns the grid does not cover and makes curses repaint the
            // physical screen, whatever was drawn over it while we were away.
            werase(window)
            clearok(window, true)
        }
        for y in RowDiff.changedRows(old: painted, new: grid) where y < rows {
            painter.paint(row: y, of: grid, columns: columns)
        }
        wnoutrefresh(window)
        doupdate()
        painted = grid
    }

    /// The loop has taken up a quit signal: the watchdog leaves the way out to it.
    func acknowledgeQuit() { watchdog?.acknowledge() }

    /// Makes the next `paint` clear the screen and send every row (for Ctrl-L, or after
    /// something else wrote to the terminal).
    package func invalidate() {
        painted = nil
    }

    /// Restores the terminal: bracketed paste off, cursor shown, curses ended, signal handlers
    /// put back (SIGHUP ignored if the terminal hung up). Safe to call more than once and after
    /// a hang-up (writes to a closed terminal fail with EIO and are ignored).
    package func stop() {
        guard !isStopped else { return }
        watchdog?.acknowledge()
        sizeAtStop = (width, height)
        isStopped = true
        TerminalControl.send(TerminalControl.disableBracketedPaste)
        curs_set(1)
        endwin()
        delscreen(screen)
        let terminalIsGone = isHungUp || SignalFlags.quitSignal == SIGHUP
        signals.take()?.restore(ignoringHangUp: terminalIsGone)
    }

    /// Ctrl-Z: bracketed paste off and the terminal handed back to the shell, the process
    /// stopped; at `fg` curses, keypad and bracketed paste come back and everything is repainted.
    func suspend() {
        TerminalControl.send(TerminalControl.disableBracketedPaste)
        curs_set(1)
        endwin()
        SignalFlags.stopProcess()
        resumeAfterStop()
    }

    /// Called from `readInput` after SIGCONT: a shell may have reset keypad and bracketed-paste
    /// modes while we were stopped, and drawn over the screen.
    func resumeAfterStop() {
        keypad(window, true)  // sends keypad_xmit again, so arrows arrive as KEY_UP, not ESC [ A
        curs_set(0)
        TerminalControl.send(TerminalControl.enableBracketedPaste)
        invalidate()
    }

    /// Starts colour and defines one pair per `ColorRole`. Returns false, leaving colour off,
    /// when the terminal has none or too few pairs.
    private static func startColor() -> Bool {
        guard has_colors(), start_color() == OK else { return false }
        guard Int(desk_color_pairs()) >= ColorPalette.pairsNeeded else { return false }
        // Without default-colour support, -1 is invalid: fall back to white on black.
        let hasDefaultColors = use_default_colors() == OK
        for role in ColorRole.allCases {
            let spec = ColorPalette.spec(for: role)
            let foreground = spec.foreground < 0 && !hasDefaultColors ? Int16(COLOR_WHITE) : spec.foreground
            let background = spec.background < 0 && !hasDefaultColors ? Int16(COLOR_BLACK) : spec.background
            init_pair(spec.pair, foreground, background)
        }
        return true
    }

    private static var currentTerm: String {
        getenv("TERM").map { String(cString: $0) } ?? "(unset)"
    }
}
