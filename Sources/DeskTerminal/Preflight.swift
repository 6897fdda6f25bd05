import CNcursesW
import Glibc

extension TerminalSession {
    /// Checks, before touching the terminal, that the interactive interface can work.
    ///
    /// stdin and stdout must be terminals; TERM must be set, not "dumb", and known to terminfo;
    /// and the terminal must be able to address the cursor (`cup`). Curses itself would exit
    /// (`initscr`) or draw nothing (TERM=dumb) instead of saying what is wrong.
    package static func preflight(environment: [String: String]) throws(TerminalUnavailable) {
        guard isatty(STDIN_FILENO) == 1 else {
            throw TerminalUnavailable("standard input is not a terminal; the interactive view needs one")
        }
        guard isatty(STDOUT_FILENO) == 1 else {
            throw TerminalUnavailable("standard output is not a terminal; the interactive view needs one")
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            throw TerminalUnavailable("TERM is not set; set it to your terminal's type (for example TERM=xterm-256color)")
        }
        guard term != "dumb" else {
            throw TerminalUnavailable("TERM=dumb cannot move the cursor; the interactive view needs a full-screen terminal")
        }
        var status: Int32 = 0
        let saved = desk_current_terminal()
        defer { desk_restore_terminal(saved) }
        guard setupterm(term, STDOUT_FILENO, &status) == OK else {
            if status == -1 {
                throw TerminalUnavailable("the terminfo database was not found, so TERM=\(term) cannot be looked up")
            }
            throw TerminalUnavailable("terminal type '\(term)' is not known to terminfo; set TERM to a known type (for example xterm-256color)")
        }
        guard desk_has_string_capability("cup") != 0 else {
            throw TerminalUnavailable("terminal type '\(term)' cannot address the cursor (no 'cup' capability)")
        }
    }
}
