#ifndef TERMGUARD_H
#define TERMGUARD_H
/* Puts the terminal back the way the shell expects it when the process is killed or
   crashes while ncurses owns the screen. Swift has no recover(): a trap (SIGILL) would
   otherwise leave the tty in -icanon -echo on the alternate screen with no cursor.

   Everything a signal handler does here is async-signal-safe (write, tcsetattr,
   sigaction, raise). Never call endwin() from a handler.

   Usage, in this order:
     termguard_begin(fileno(stdout))   BEFORE newterm(): saves termios, installs handlers,
                                       so ncurses sees ours and does not install its own
                                       SIGINT/SIGTERM handlers
     newterm(...)
     termguard_set_restore_bytes(...)  rmcup, cnorm, sgr0... from terminfo
     termguard_capture_stderr()        optional
     ... wget_wch() returns ERR; termguard_take_pending_signal() says which signal ...
     endwin(); termguard_restore_termios(); termguard_release_stderr(); termguard_end(); */

/* Saves the termios of tty_fd (if it is a terminal) and installs the handlers:
   - SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE: restore the terminal, put the
     previous handler back (the Swift runtime's backtracer) and let it run;
   - SIGINT, SIGTERM, SIGHUP, SIGQUIT and every other terminating signal that is sent
     (SIGPIPE, SIGALRM, SIGUSR1/2, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO, SIGPWR,
     SIGSTKFLT), unless already ignored: record the signal only, without
     SA_RESTART, so a blocking read returns EINTR and the caller can end cleanly. A second
     one arriving before the first was taken restores the terminal and kills the process
     the default way, so a stuck program can still be interrupted.
   Returns 0, or -1 if the guard is already active. */
int termguard_begin(int tty_fd);

/* The bytes written to tty_fd on a crash; copied (at most 255 bytes). NULL clears. */
void termguard_set_restore_bytes(const char *bytes);

/* Writes the restore bytes, restores the saved termios and releases standard error.
   Async-signal-safe. */
void termguard_restore_terminal(void);

/* Restores the saved termios only (after endwin(), which already wrote its own bytes). */
void termguard_restore_termios(void);

/* Sends standard error (fd 2) to an unlinked temporary file until released, so that
   messages written while ncurses owns the screen neither garble it nor vanish with the
   alternate screen: a Swift "Fatal error: Index out of range" is printed just before the
   trap, while the alternate screen is still up. Returns 0, or -1 (stderr unchanged). */
int termguard_capture_stderr(void);

/* Points fd 2 back at the real standard error and copies there what was captured.
   Async-signal-safe; termguard_restore_terminal() calls it too. Safe to call when
   nothing is captured. */
void termguard_release_stderr(void);

/* The termination signal received since the last call (0 if none), and clears it. */
int termguard_take_pending_signal(void);

/* The termination signal received and not yet taken (0 if none). */
int termguard_pending_signal(void);

/* Puts every previous handler back and forgets the restore bytes. A pending signal
   stays readable. Safe to call when not active. */
void termguard_end(void);

#endif
