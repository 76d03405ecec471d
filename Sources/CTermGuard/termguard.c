#include "termguard.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static const int fatal_signals[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
/* Every signal whose default action ends the process and that a user or the system sends
   (not a faulting instruction): each ends the program like Ctrl-C, terminal restored,
   exit 128 + n. SIGQUIT (Ctrl-\) included: the Swift runtime would otherwise print a
   crash report over the screen and carry on. */
static const int termination_signals[] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
    SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO,
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};

static struct sigaction previous_fatal[COUNT(fatal_signals)];
static struct sigaction previous_termination[COUNT(termination_signals)];
static int termination_installed[COUNT(termination_signals)];

static int active = 0;
static int tty = -1;
static struct termios saved_termios;
static volatile sig_atomic_t termios_saved = 0;

/* Written outside handlers, read inside: the length is published last, so a handler
   sees either no bytes or complete ones. */
static char restore_bytes[256];
static volatile sig_atomic_t restore_length = 0;

static volatile sig_atomic_t pending_signal = 0;

static void write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return;
        }
        bytes += written;
        length -= (size_t)written;
    }
}

/* While captured: fd 2 is capture_fd, the real stderr is kept in real_stderr_fd. */
static volatile sig_atomic_t capture_fd = -1;
static volatile sig_atomic_t real_stderr_fd = -1;

int termguard_capture_stderr(void) {
    if (capture_fd >= 0) return 0;
    const char *directory = getenv("TMPDIR");
    char path[4096];
    int length = snprintf(path, sizeof path, "%s/termguard-stderr-XXXXXX",
                          (directory && *directory) ? directory : "/tmp");
    if (length < 0 || (size_t)length >= sizeof path) return -1;
    int file = mkstemp(path);
    if (file < 0) return -1;
    unlink(path);
    int real = dup(STDERR_FILENO);
    if (real < 0 || dup2(file, STDERR_FILENO) < 0) {
        if (real >= 0) close(real);
        close(file);
        return -1;
    }
    real_stderr_fd = real;
    capture_fd = file;
    return 0;
}

void termguard_release_stderr(void) {
    int file = capture_fd;
    int real = real_stderr_fd;
    if (file < 0 || real < 0) return;
    capture_fd = -1;
    real_stderr_fd = -1;
    int saved_errno = errno;
    dup2(real, STDERR_FILENO);
    close(real);
    char buffer[4096];
    if (lseek(file, 0, SEEK_SET) == 0) {
        for (;;) {
            ssize_t count = read(file, buffer, sizeof buffer);
            if (count < 0 && errno == EINTR) continue;
            if (count <= 0) break;
            write_all(STDERR_FILENO, buffer, (size_t)count);
        }
    }
    close(file);
    errno = saved_errno;
}

void termguard_restore_terminal(void) {
    int saved_errno = errno;
    if (tty >= 0 && restore_length > 0) write_all(tty, restore_bytes, (size_t)restore_length);
    if (tty >= 0 && termios_saved) tcsetattr(tty, TCSANOW, &saved_termios);
    /* Last: what was captured (the fatal error message) lands on the normal screen. */
    termguard_release_stderr();
    errno = saved_errno;
}

void termguard_restore_termios(void) {
    if (tty >= 0 && termios_saved) tcsetattr(tty, TCSANOW, &saved_termios);
}

static void die_by_default(int signal_number) {
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(signal_number, &default_action, NULL);
    /* Blocked while this handler runs: delivered, with the default action, on return. */
    raise(signal_number);
}

static void on_fatal(int signal_number, siginfo_t *info, void *context) {
    int saved_errno = errno;
    struct sigaction *previous = NULL;
    for (size_t i = 0; i < COUNT(fatal_signals); i++) {
        if (fatal_signals[i] == signal_number) previous = &previous_fatal[i];
    }
    if (previous == NULL) return;
    /* Sent by kill(), raise() or abort() (si_code <= 0), not raised by a faulting
       instruction. */
    int sent = (info == NULL || info->si_code <= 0);
    int previous_is_function = (previous->sa_flags & SA_SIGINFO)
        ? previous->sa_sigaction != NULL
        : (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN);
    if (sent && !(previous->sa_flags & SA_SIGINFO) && previous->sa_handler == SIG_IGN) {
        errno = saved_errno;   /* ignored before we came: still ignored */
        return;
    }

    termguard_restore_terminal();
    sigaction(signal_number, previous, NULL);
    if (!sent) {
        /* A fault happens again when we return, and the previous handler (the Swift
           backtracer, or the default action) sees it with the real context. */
        errno = saved_errno;
        return;
    }
    /* A sent signal does not come back by itself. Run the previous handler now (the Swift
       backtracer prints its report), then die the default way: the Swift runtime returns
       from a signal that was sent, and the program would go on without its screen. */
    if (previous_is_function) {
        if (previous->sa_flags & SA_SIGINFO) previous->sa_sigaction(signal_number, info, context);
        else previous->sa_handler(signal_number);
    }
    die_by_default(signal_number);
    errno = saved_errno;
}

static void on_termination(int signal_number) {
    if (pending_signal != 0) {
        /* The first one was never taken: the program is not listening. */
        termguard_restore_terminal();
        die_by_default(signal_number);
        return;
    }
    pending_signal = signal_number;
}

int termguard_begin(int tty_fd) {
    if (active) return -1;
    active = 1;
    tty = tty_fd;
    termios_saved = (tcgetattr(tty_fd, &saved_termios) == 0);
    pending_signal = 0;

    struct sigaction fatal;
    memset(&fatal, 0, sizeof fatal);
    fatal.sa_sigaction = on_fatal;
    /* SA_ONSTACK: a stack overflow can only be handled on an alternate stack. */
    fatal.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&fatal.sa_mask);
    for (size_t i = 0; i < COUNT(fatal_signals); i++) {
        sigaction(fatal_signals[i], &fatal, &previous_fatal[i]);
    }

    struct sigaction termination;
    memset(&termination, 0, sizeof termination);
    termination.sa_handler = on_termination;
    termination.sa_flags = 0; /* no SA_RESTART: the blocking read must return EINTR */
    sigemptyset(&termination.sa_mask);
    for (size_t i = 0; i < COUNT(termination_signals); i++) {
        struct sigaction current;
        termination_installed[i] = 0;
        if (sigaction(termination_signals[i], NULL, &current) != 0) continue;
        /* Respect an inherited "ignore" (nohup, background jobs). */
        if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
        if (sigaction(termination_signals[i], &termination, &previous_termination[i]) == 0) {
            termination_installed[i] = 1;
        }
    }
    return 0;
}

void termguard_set_restore_bytes(const char *bytes) {
    restore_length = 0;
    if (bytes == NULL) return;
    size_t length = strlen(bytes);
    if (length >= sizeof restore_bytes) length = sizeof restore_bytes - 1;
    memcpy(restore_bytes, bytes, length);
    restore_bytes[length] = 0;
    restore_length = (sig_atomic_t)length;
}

int termguard_take_pending_signal(void) {
    /* Exchange, so a signal arriving between a read and a clear is not lost. */
    return (int)__atomic_exchange_n(&pending_signal, 0, __ATOMIC_SEQ_CST);
}

int termguard_pending_signal(void) {
    return (int)pending_signal;
}

void termguard_end(void) {
    if (!active) return;
    restore_length = 0;
    for (size_t i = 0; i < COUNT(fatal_signals); i++) {
        sigaction(fatal_signals[i], &previous_fatal[i], NULL);
    }
    for (size_t i = 0; i < COUNT(termination_signals); i++) {
        if (termination_installed[i]) sigaction(termination_signals[i], &previous_termination[i], NULL);
        termination_installed[i] = 0;
    }
    termios_saved = 0;
    tty = -1;
    active = 0;
}
