import Glibc

/// Terminal modes curses does not manage, sent directly to standard output.
///
/// Bracketed paste has no terminfo capability ncurses acts on, so the sequences are written to
/// the descriptor ourselves. Only call `send` when curses's own buffer is empty (at start-up,
/// after `doupdate`, before `endwin`) so the bytes cannot land inside one of its sequences.
enum TerminalControl {
    /// Asks the terminal to wrap pastes in `ESC [ 200 ~` … `ESC [ 201 ~`.
    static let enableBracketedPaste = "\u{1B}[?2004h"
    static let disableBracketedPaste = "\u{1B}[?2004l"

    /// Writes `sequence` to file descriptor 1. Gives up quietly on errors: after a hang-up the
    /// terminal is gone (EIO), and there is nobody to tell.
    static func send(_ sequence: String) {
        var bytes = Array(sequence.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
