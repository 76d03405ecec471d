#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* SwiftPM drops the -D_XOPEN_SOURCE=600 that pkg-config prints, so the wide-character
   API (wget_wch, mvaddwstr, cchar_t) must be requested here, before the include. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Swift cannot use these as they are: the C globals (stdscr, stdin, stdout, stderr,
   LINES, COLS) are "not concurrency-safe" errors in Swift 6 mode (swiftlang/swift#75601),
   and the attribute and getmaxyx macros do not import at all. Accessor functions do. */

static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline FILE *cnc_stdin(void) { return stdin; }
static inline FILE *cnc_stdout(void) { return stdout; }
static inline FILE *cnc_stderr(void) { return stderr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }

/* getmaxyx is an assignment macro. */
static inline void cnc_getmaxyx(const WINDOW *window, int *height, int *width) {
    int y, x;
    getmaxyx(window, y, x);
    *height = y;
    *width = x;
}

/* NCURSES_BITS() cast-and-shift macros. */
static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }

/* KEY_F(n) is a function-like macro. */
static inline int cnc_key_f(int n) { return KEY_F(n); }

/* Columns a character takes in the current locale (-1: not printable). Declared here
   because glibc only declares wcwidth() for _XOPEN_SOURCE, which SwiftPM drops. */
extern int wcwidth(wchar_t c);
static inline int cnc_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/* The locale's character set name ("UTF-8", "ANSI_X3.4-1968", ...), after setlocale.
   Never NULL. */
static inline const char *cnc_codeset(void) {
    const char *name = nl_langinfo(CODESET);
    return name ? name : "";
}

/* tigetstr() returns NULL (absent) or (char *)-1 (not a string capability); both mean
   "no bytes" to us. Valid only after newterm(). */
static inline const char *cnc_string_capability(const char *name) {
    char *value = tigetstr(name);
    return (value == NULL || value == (char *)-1) ? "" : value;
}

#endif
