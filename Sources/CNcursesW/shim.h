#ifndef OBJECTION_DESK_CNCURSESW_SHIM_H
#define OBJECTION_DESK_CNCURSESW_SHIM_H
// _XOPEN_SOURCE exposes the wide-character API (cchar_t, setcchar, wget_wch). SwiftPM drops
// pkg-config's -D_XOPEN_SOURCE=600 as a prohibited flag, so it is defined here instead.
#define _XOPEN_SOURCE 700
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#endif
