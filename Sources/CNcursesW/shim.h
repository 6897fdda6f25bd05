#ifndef OBJECTION_DESK_CNCURSESW_SHIM_H
#define OBJECTION_DESK_CNCURSESW_SHIM_H
// _XOPEN_SOURCE exposes the wide-character API (cchar_t, setcchar, wget_wch). SwiftPM drops
// pkg-config's -D_XOPEN_SOURCE=600 as a prohibited flag, so it is defined here instead.
// _GNU_SOURCE keeps glibc's default (__USE_MISC) declarations too: without it, <time.h> and
// <signal.h> (for ppoll) declare struct tm and the ucontext structs differently from every other
// C module (Dispatch, libcrypto), and a clean build fails on the mismatch.
#define _GNU_SOURCE 1
#define _XOPEN_SOURCE 700
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

// Attribute macros are built from shifts Swift's importer cannot evaluate; these constants carry
// ncurses's own values so Swift never hard-codes attribute bits.
static const attr_t desk_attr_normal = A_NORMAL;
static const attr_t desk_attr_reverse = A_REVERSE;
static const attr_t desk_attr_bold = A_BOLD;
static const attr_t desk_attr_underline = A_UNDERLINE;
static const attr_t desk_attr_dim = A_DIM;

// C globals are rejected by Swift 6 strict concurrency; reading them from C is fine because the
// adapter only touches curses from the thread that runs the terminal session.
static inline FILE *desk_stdin(void) { return stdin; }
static inline FILE *desk_stdout(void) { return stdout; }
static inline WINDOW *desk_stdscr(void) { return stdscr; }
static inline int desk_color_pairs(void) { return COLOR_PAIRS; }

// getmaxy/getmaxx also exist as macros; the wrappers make sure Swift calls a real function.
static inline int desk_window_height(const WINDOW *window) { return getmaxy(window); }
static inline int desk_window_width(const WINDOW *window) { return getmaxx(window); }

/// True when the terminal set up by setupterm has string capability `name` (tigetstr returns
/// NULL when absent and (char *)-1 when `name` is not a string capability at all).
static inline int desk_has_string_capability(const char *name) {
    char *value = tigetstr(name);
    return value != NULL && value != (char *)-1;
}

/// The current terminfo TERMINAL (cur_term is a macro over a function in ncurses 6).
static inline TERMINAL *desk_current_terminal(void) { return cur_term; }

/// Makes `saved` current again and frees the TERMINAL a preflight setupterm made in between, so
/// a check never leaks one nor replaces the terminal of a running session.
static inline void desk_restore_terminal(TERMINAL *saved) {
    TERMINAL *made = set_curterm(saved);
    if (made != NULL && made != saved) del_curterm(made);
}

/// ppoll(2): poll with the signal mask swapped in atomically for the wait. A GNU extension that
/// Swift's Glibc module does not export (it needs _GNU_SOURCE); glibc always has the symbol.
extern int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask);
static inline int desk_ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask) {
    return ppoll(fds, nfds, timeout, sigmask);
}

/// The current LC_CTYPE codeset, e.g. "UTF-8" or "ANSI_X3.4-1968".
static inline const char *desk_codeset(void) { return nl_langinfo(CODESET); }
#endif
