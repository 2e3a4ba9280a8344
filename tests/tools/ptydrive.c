/*
 * ptydrive.c -- runs a program on a pseudo-terminal and plays a script
 * against it, as a person at a terminal would: for the shell's tests.
 *
 *   ptydrive [-t SECONDS] STEP... -- PROGRAM [ARG...]
 *
 * Steps, in order (TEXT takes the escapes \n \r \t \e \\ and \xHH):
 *   send:TEXT      type TEXT
 *   expect:TEXT    wait until the output since the last expect holds TEXT
 *   run:COMMAND    run COMMAND with sh -c; it must exit with status 0
 *   signal:N       send signal N to the program
 *   status:N       wait for the program to end; it must exit with status N
 *   restored       the terminal's modes must be those it started with
 *
 * The terminal is 80x24, in the modes a new pseudo-terminal has.  Prints
 * everything the program wrote to standard output (a transcript); exit
 * status 0 when every step passed, 1 with the failed step on standard
 * error, 2 on bad usage.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int master = -1;
static pid_t child = -1;
static char out[1 << 20];
static size_t outlen, mark;     /* expect looks at out[mark..outlen) */
static int child_status = -1;   /* waitpid's, once it ended */
static double timeout_s = 20;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t unescape(const char *s, char *buf)
{
    size_t n = 0;
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) {
            buf[n++] = *s;
            continue;
        }
        switch (*++s) {
        case 'n': buf[n++] = '\n'; break;
        case 'r': buf[n++] = '\r'; break;
        case 't': buf[n++] = '\t'; break;
        case 'e': buf[n++] = 27; break;
        case 'x': {
            unsigned v = 0;
            for (int i = 0; i < 2 && s[1]; i++, s++) {
                char c = s[1];
                v = v * 16 + (unsigned)(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
            }
            buf[n++] = (char)v;
            break;
        }
        default: buf[n++] = *s; break;
        }
    }
    return n;
}

/* Reads what the program wrote, waiting at most ms milliseconds: 1 got
 * some, 0 none yet, -1 the terminal is closed (the program ended). */
static int pump(int ms)
{
    struct pollfd p = {master, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0)
        return 0;
    char buf[4096];
    ssize_t k = read(master, buf, sizeof buf);
    if (k <= 0)
        return k < 0 && (errno == EINTR || errno == EAGAIN) ? 0 : -1;
    if (outlen + (size_t)k > sizeof out)
        k = (ssize_t)(sizeof out - outlen);
    memcpy(out + outlen, buf, (size_t)k);
    outlen += (size_t)k;
    return 1;
}

/* What is left once the program ended. */
static void drain(void)
{
    while (pump(200) > 0)
        ;
}

static bool ended(void)
{
    if (child_status >= 0)
        return true;
    int st;
    if (waitpid(child, &st, WNOHANG) == child) {
        child_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        return true;
    }
    return false;
}

static bool step_expect(const char *text)
{
    char want[4096];
    size_t n = unescape(text, want);
    double end = now_s() + timeout_s;
    for (;;) {
        const char *at = memmem(out + mark, outlen - mark, want, n);
        if (at) {
            mark = (size_t)(at - out) + n;
            return true;
        }
        if (now_s() > end)
            return false;
        if (pump(50) < 0 || ended()) {
            drain();
            at = memmem(out + mark, outlen - mark, want, n);
            if (at)
                mark = (size_t)(at - out) + n;
            return at != NULL;
        }
    }
}

static bool step_status(int want)
{
    double end = now_s() + timeout_s;
    while (!ended()) {
        if (now_s() > end)
            return false;
        pump(50);
    }
    drain();
    return child_status == want;
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "-t") == 0) {
        timeout_s = atof(argv[i + 1]);
        i += 2;
    }
    int first = i, dashes = -1;
    for (int j = i; j < argc; j++)
        if (strcmp(argv[j], "--") == 0) {
            dashes = j;
            break;
        }
    if (dashes < 0 || dashes + 1 >= argc) {
        fprintf(stderr, "usage: ptydrive [-t SECONDS] STEP... -- PROGRAM [ARG...]\n");
        return 2;
    }
    struct winsize ws = {.ws_row = 24, .ws_col = 80};
    child = forkpty(&master, NULL, NULL, &ws);
    if (child < 0) {
        perror("ptydrive: forkpty");
        return 1;
    }
    if (child == 0) {
        execvp(argv[dashes + 1], argv + dashes + 1);
        perror("ptydrive: exec");
        _exit(127);
    }
    struct termios start;
    tcgetattr(master, &start);
    bool ok = true;
    const char *failed = NULL;
    for (int j = first; j < dashes && ok; j++) {
        const char *s = argv[j];
        if (strncmp(s, "send:", 5) == 0) {
            char buf[4096];
            size_t n = unescape(s + 5, buf);
            ok = write(master, buf, n) == (ssize_t)n;
            pump(20);
        } else if (strncmp(s, "expect:", 7) == 0)
            ok = step_expect(s + 7);
        else if (strncmp(s, "run:", 4) == 0)
            ok = system(s + 4) == 0;
        else if (strncmp(s, "signal:", 7) == 0)
            ok = kill(child, atoi(s + 7)) == 0;
        else if (strncmp(s, "status:", 7) == 0)
            ok = step_status(atoi(s + 7));
        else if (strcmp(s, "restored") == 0) {
            struct termios now;
            ok = tcgetattr(master, &now) == 0 && now.c_lflag == start.c_lflag &&
                 now.c_iflag == start.c_iflag && now.c_oflag == start.c_oflag;
        } else {
            fprintf(stderr, "ptydrive: unknown step '%s'\n", s);
            return 2;
        }
        if (!ok)
            failed = s;
    }
    fwrite(out, 1, outlen, stdout);
    if (!ended()) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    if (failed) {
        fprintf(stderr, "ptydrive: step '%s' failed", failed);
        if (strncmp(failed, "status:", 7) == 0)
            fprintf(stderr, " (the program %s %d)", child_status < 0 ? "had not ended:" :
                    "exited with", child_status);
        fputc('\n', stderr);
        return 1;
    }
    return 0;
}
