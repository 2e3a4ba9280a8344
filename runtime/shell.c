/*
 * shell.c -- `fpgagen -r DIR --backend SPEC --shell`: ControlSocket
 * commands typed at a prompt (docs/runtime.md, "Shell").
 *
 * Every command goes through a CsConn of its own, so its answer is the
 * protocol's, byte for byte; a command that takes data (READDATA,
 * WRITEUNTIL, ...) keeps its connection for the lines that follow, under
 * a "data> " prompt, until it has them all.  The answer is shown as a
 * person reads it (rt_shell_format): the status lines without their CR,
 * and a read's data in place of its DATA line.  QUIT or CLOSE (anything
 * that ends the connection) and the end of the input end the shell.
 *
 * When standard input and output are both terminals, libedit edits the
 * line, keeps the history (loaded from and saved to a file) and completes
 * names on TAB.  Its characters come from read_key(), which turns the
 * event loop until standard input has a byte: socket clients are served
 * while a person types, even half-way through an escape sequence, and a
 * signal makes el_gets() return, which puts the terminal back as it was.
 * Otherwise lines are read as they come, with no prompt and no history,
 * so that scripts can pipe commands in.
 *
 * Completion (rt_shell_complete) is a pure function of the design, the
 * line and the cursor, so it is tested without a terminal.
 */
#include "runtime_int.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

enum {
    HISTORY_SIZE = 1000,    /* commands kept (and saved) */
    READ_CHUNK = 65536,     /* bytes read from a pipe at once */
};

/* ---- Completion ------------------------------------------------------------ */

/* What the word after a command names. */
typedef enum ArgKind { ARG_NONE, ARG_READ, ARG_WRITE, ARG_LLRPC } ArgKind;

static const struct {
    const char *name;
    ArgKind arg;
} COMMANDS[] = {
    {"CHECKREAD", ARG_READ}, {"CHECKWRITE", ARG_WRITE}, {"CLOSE", ARG_NONE},
    {"GET", ARG_READ},       {"HELP", ARG_NONE},        {"LLRPC", ARG_LLRPC},
    {"QUIT", ARG_NONE},      {"READ", ARG_READ},        {"READDATA", ARG_READ},
    {"READUNTIL", ARG_READ}, {"SET", ARG_WRITE},        {"SETDATA", ARG_WRITE},
    {"WRITE", ARG_WRITE},    {"WRITEDATA", ARG_WRITE},  {"WRITEUNTIL", ARG_WRITE},
};
enum { NCOMMANDS = sizeof COMMANDS / sizeof COMMANDS[0] };

static char to_upper(char ch) { return ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch; }
static char to_lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch; }

static bool starts_with(const char *s, const char *p, size_t n)
{
    return strlen(s) >= n && memcmp(s, p, n) == 0;
}

/* Command names are case-insensitive. */
static bool starts_with_nocase(const char *s, const char *p, size_t n)
{
    if (strlen(s) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (to_upper(s[i]) != to_upper(p[i]))
            return false;
    return true;
}

static void cand_add(ShellCands *c, char *s) { VEC_PUSH(c->v, c->n, c->cap, s); }

/* Candidates keep the case the word was typed in: lower case when it has
 * lower-case letters and no upper-case ones. */
static void complete_command(ShellCands *out, const char *p, size_t n)
{
    bool lower = false, upper = false;
    for (size_t i = 0; i < n; i++) {
        lower |= p[i] >= 'a' && p[i] <= 'z';
        upper |= p[i] >= 'A' && p[i] <= 'Z';
    }
    for (int i = 0; i < NCOMMANDS; i++) {
        if (!starts_with_nocase(COMMANDS[i].name, p, n))
            continue;
        char *s = xstrdup(COMMANDS[i].name);
        for (char *q = s; lower && !upper && *q; q++)
            *q = to_lower(*q);
        cand_add(out, s);
    }
}

static ArgKind command_arg(const char *p, size_t n)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strlen(COMMANDS[i].name) == n && starts_with_nocase(COMMANDS[i].name, p, n))
            return COMMANDS[i].arg;
    return ARG_NONE;
}

static bool mode_fits(const RtHandler *h, ArgKind kind)
{
    if (!h->read && !h->write)
        return false;   /* invisible, as the protocol has it */
    return kind == ARG_READ ? h->read : kind == ARG_WRITE ? h->write : true;
}

static bool has_handler(const RtElem *e, ArgKind kind)
{
    for (int i = 0; i < e->nhandlers; i++)
        if (mode_fits(&e->handlers[i], kind))
            return true;
    return false;
}

/* An element by name or 1-based index, as the protocol finds it. */
static const RtElem *find_elem(const RtDesign *d, const char *p, size_t n)
{
    char *key = xstrndup(p, n);
    const RtElem *e = rt_design_find(d, key);
    free(key);
    int64_t num;
    if (!e && rt_parse_int(p, n, 0, true, INT32_MAX, &num, NULL) && num > 0 &&
        num <= d->nelems)
        e = &d->elems[num - 1];
    return e;
}

/* The handler word: "c" -> "c.", "classes"; "c.cou" -> "c.count". */
static void complete_handler(const RtDesign *d, ArgKind kind, ShellCands *out,
                             const char *p, size_t n)
{
    const char *dot = memchr(p, '.', n);
    if (kind == ARG_LLRPC) {    /* LLRPC e#hex: the element only */
        if (dot || memchr(p, '#', n))
            return;
        for (int i = 0; i < d->nelems; i++)
            if (starts_with(d->elems[i].name, p, n))
                cand_add(out, xasprintf("%s#", d->elems[i].name));
        return;
    }
    if (!dot) {
        for (int i = 0; i < d->nelems; i++)
            if (starts_with(d->elems[i].name, p, n) && has_handler(&d->elems[i], kind))
                cand_add(out, xasprintf("%s.", d->elems[i].name));
        for (int i = 0; i < d->nglobals; i++)
            if (mode_fits(&d->globals[i], kind) && starts_with(d->globals[i].name, p, n))
                cand_add(out, xstrdup(d->globals[i].name));
        return;
    }
    size_t elen = (size_t)(dot - p), hlen = n - elen - 1;
    const RtHandler *hs = d->globals;   /* ".h" and "0.h" are global */
    int nh = d->nglobals;
    if (elen && !(elen == 1 && p[0] == '0')) {
        const RtElem *e = find_elem(d, p, elen);
        if (!e)
            return;
        hs = e->handlers;
        nh = e->nhandlers;
    }
    for (int i = 0; i < nh; i++)
        if (mode_fits(&hs[i], kind) && starts_with(hs[i].name, dot + 1, hlen))
            cand_add(out, xasprintf("%.*s.%s", (int)elen, p, hs[i].name));
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void rt_shell_complete(const RtDesign *d, const char *line, size_t cursor,
                       ShellCands *out)
{
    memset(out, 0, sizeof *out);
    size_t start = cursor;
    while (start > 0 && !rt_isspace((unsigned char)line[start - 1]))
        start--;
    out->start = start;
    int nwords = 0;
    size_t first = 0, first_len = 0;
    for (size_t i = 0; i < start;) {
        while (i < start && rt_isspace((unsigned char)line[i]))
            i++;
        size_t b = i;
        while (i < start && !rt_isspace((unsigned char)line[i]))
            i++;
        if (i > b && nwords++ == 0) {
            first = b;
            first_len = i - b;
        }
    }
    const char *p = line + start;
    size_t n = cursor - start;
    if (nwords == 0)
        complete_command(out, p, n);
    else if (nwords == 1) {
        ArgKind kind = command_arg(line + first, first_len);
        if (kind != ARG_NONE)
            complete_handler(d, kind, out, p, n);
    }
    if (out->n > 1)
        qsort(out->v, (size_t)out->n, sizeof *out->v, compare_strings);
    int k = 0;
    for (int i = 0; i < out->n; i++) {
        if (k && strcmp(out->v[k - 1], out->v[i]) == 0)
            free(out->v[i]);
        else
            out->v[k++] = out->v[i];
    }
    out->n = k;
}

void rt_shell_cands_free(ShellCands *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
    memset(c, 0, sizeof *c);
}

/* ---- Answers, as shown ----------------------------------------------------- */

/* "DATA n": true with n. */
static bool data_line(const char *p, size_t len, uint64_t *n)
{
    if (len <= 5 || memcmp(p, "DATA ", 5) != 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 5; i < len; i++) {
        if (p[i] < '0' || p[i] > '9' || v > UINT32_MAX)
            return false;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    *n = v;
    return true;
}

size_t rt_shell_format(StrBuf *out, const char *ans, size_t n)
{
    size_t pos = 0;
    while (pos < n) {
        const char *line = ans + pos;
        const char *eol = memmem(line, n - pos, "\r\n", 2);
        if (!eol)
            break;
        size_t len = (size_t)(eol - line), next = pos + len + 2;
        uint64_t dlen;
        if (data_line(line, len, &dlen)) {
            if (dlen > n - next)
                break;
            sb_putn(out, ans + next, (size_t)dlen);
            if (dlen && ans[next + dlen - 1] != '\n')
                sb_putc(out, '\n');
            next += (size_t)dlen;
        } else {
            sb_putn(out, line, len);
            sb_putc(out, '\n');
        }
        pos = next;
    }
    return pos;
}

/* ---- Commands ----------------------------------------------------------------- */

typedef struct Shell {
    Runtime *rt;
    RtLoop *lp;
    int in;                 /* standard input, or the terminal reopened */
    CsConn conn;            /* the command being run */
    bool open;              /* conn holds a command that waits for its data */
    bool ended;             /* QUIT, CLOSE, end of input */
    bool stopped;           /* a signal ended the loop */
    StrBuf shown;
    /* Line editing (terminals only). */
    EditLine *el;
    History *hist;
    char *hist_path;        /* NULL: history in memory only */
    mbstate_t mbs;          /* read_key's multibyte state */
} Shell;

/* Prints the answers the connection has produced. */
static void show(Shell *sh)
{
    CsConn *c = &sh->conn;
    size_t k = rt_shell_format(&sh->shown, cs_conn_output(c), cs_conn_pending(c));
    cs_conn_sent(c, k);
    if (sh->shown.len)
        fwrite(sh->shown.data, 1, sh->shown.len, stdout);
    sh->shown.len = 0;
    fflush(stdout);
}

static void run_conn(Shell *sh)
{
    while (cs_conn_run(&sh->conn, RT_CMDS_PER_TURN))
        show(sh);
    show(sh);
}

/* The command has all it needs: nothing unread, nothing being skipped. */
static bool conn_idle(const CsConn *c)
{
    return c->inpos == c->in.len && !c->skip_bytes && !c->skip_line;
}

/* Input (a line, or a piece of a line too long to hold) for the command
 * being run, or for a new one. */
static void shell_input(Shell *sh, const char *p, size_t n)
{
    if (!sh->open) {
        cs_conn_init(&sh->conn, sh->rt);
        cs_conn_sent(&sh->conn, cs_conn_pending(&sh->conn));    /* no greeting */
        sh->open = true;
    }
    while (n && !sh->conn.in_closed) {
        size_t room = cs_conn_input_room(&sh->conn), k = n < room ? n : room;
        if (!k)
            break;
        cs_conn_input(&sh->conn, p, k);
        p += k;
        n -= k;
        run_conn(sh);
    }
    /* QUIT, CLOSE, or WRITEUNTIL data past the limit: the connection is
     * over, and so is the shell. */
    if (sh->conn.in_closed)
        sh->ended = true;
    if (sh->ended || conn_idle(&sh->conn)) {
        cs_conn_free(&sh->conn);
        sh->open = false;
    }
}

/* The end of the input: a command still waiting for data gets its answer. */
static void shell_eof(Shell *sh)
{
    if (sh->open) {
        cs_conn_eof(&sh->conn);
        run_conn(sh);
        cs_conn_free(&sh->conn);
        sh->open = false;
    }
    sh->ended = true;
}

/* ---- Lines from a pipe or a file ---------------------------------------------- */

/* Where the first line of p[0..n) ends (after CR, LF or CRLF), or 0. */
static size_t line_end(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n')
            return i + 1;
        if (p[i] == '\r')
            return i + 1 < n && p[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return 0;
}

static void run_lines(Shell *sh)
{
    StrBuf pend = {0};
    char *buf = xmalloc(READ_CHUNK);
    while (!sh->ended) {
        RtWait w = rt_loop_wait(sh->lp, sh->in);
        if (w == RT_WAIT_STOP) {
            sh->stopped = true;
            break;
        }
        if (w != RT_WAIT_READY)
            continue;
        ssize_t k = read(sh->in, buf, READ_CHUNK);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0) {   /* an unended last line is still a command */
            if (pend.len)
                shell_input(sh, pend.data, pend.len);
            if (!sh->ended)
                shell_eof(sh);
            break;
        }
        sb_putn(&pend, buf, (size_t)k);
        size_t pos = 0, e;
        while (!sh->ended && (e = line_end(pend.data + pos, pend.len - pos)) > 0) {
            shell_input(sh, pend.data + pos, e);
            pos += e;
        }
        /* A line longer than the protocol keeps goes on in pieces: the
         * connection cuts it and skips the rest. */
        if (!sh->ended && pend.len - pos > RT_LINE_MAX) {
            shell_input(sh, pend.data + pos, pend.len - pos);
            pos = pend.len;
        }
        memmove(pend.data, pend.data + pos, pend.len - pos);
        pend.len -= pos;
    }
    free(buf);
    sb_free(&pend);
}

/* ---- Line editing ---------------------------------------------------------------- */

static Shell *shell_of(EditLine *el)
{
    void *sh = NULL;
    el_get(el, EL_CLIENTDATA, &sh);
    return sh;
}

static char *prompt(EditLine *el)
{
    static char command[] = "fpgagen> ", data[] = "data> ";
    return shell_of(el)->open ? data : command;
}

/* libedit's character source: the loop turns until a byte is there. */
static int read_key(EditLine *el, wchar_t *wc)
{
    Shell *sh = shell_of(el);
    for (;;) {
        RtWait wait = rt_loop_wait(sh->lp, sh->in);
        if (wait == RT_WAIT_STOP) {
            sh->stopped = true;
            errno = EINTR;
            *wc = L'\0';
            return -1;
        }
        if (wait == RT_WAIT_SIGNAL) {
            /* Back from Ctrl-Z (libedit's handler put the terminal in
             * raw mode again), or a new window size: draw the line. */
            el_set(el, EL_REFRESH);
            continue;
        }
        char byte;
        ssize_t k = read(sh->in, &byte, 1);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0) {
            *wc = L'\0';
            return (int)k;
        }
        wchar_t w;
        size_t r = mbrtowc(&w, &byte, 1, &sh->mbs);
        if (r == (size_t)-2)
            continue;   /* more bytes of one character */
        if (r == (size_t)-1) {  /* not a character in this locale: dropped */
            memset(&sh->mbs, 0, sizeof sh->mbs);
            continue;
        }
        *wc = r == 0 ? L'\0' : w;
        return 1;
    }
}

/* Replaces the typed bytes before the cursor with s[0..n). */
static void replace_word(EditLine *el, size_t typed, const char *s, size_t n)
{
    char *ins = xstrndup(s, n);
    if (typed)
        el_deletestr(el, (int)typed);
    if (n)
        el_insertstr(el, ins);
    free(ins);
}

/* Candidates in columns below the line. */
static void list_candidates(const ShellCands *c)
{
    int width = 80;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
        width = ws.ws_col;
    size_t widest = 0;
    for (int i = 0; i < c->n; i++)
        if (strlen(c->v[i]) > widest)
            widest = strlen(c->v[i]);
    int colw = (int)widest + 2, cols = width / colw > 0 ? width / colw : 1;
    int rows = (c->n + cols - 1) / cols;
    fputc('\n', stdout);
    for (int r = 0; r < rows; r++) {
        for (int col = 0; col < cols; col++) {
            int i = col * rows + r;
            if (i >= c->n)
                break;
            if (col == cols - 1 || i + rows >= c->n)
                fputs(c->v[i], stdout);     /* the row's last: no padding */
            else
                printf("%-*s", colw, c->v[i]);
        }
        fputc('\n', stdout);
    }
    fflush(stdout);
}

/* TAB: one candidate is put in (with a space after a whole word); several
 * put in what they have in common, or are listed when that adds nothing. */
static unsigned char complete_key(EditLine *el, int ch)
{
    Shell *sh = shell_of(el);
    const LineInfo *li = el_line(el);
    size_t cursor = (size_t)(li->cursor - li->buffer);
    ShellCands c;
    rt_shell_complete(sh->rt->d, li->buffer, cursor, &c);
    size_t typed = cursor - c.start;
    unsigned char r = CC_REFRESH;
    if (c.n == 0)
        r = CC_REFRESH_BEEP;
    else if (c.n == 1) {
        const char *s = c.v[0];
        size_t n = strlen(s);
        replace_word(el, typed, s, n);
        li = el_line(el);
        bool space_next = li->cursor < li->lastchar && rt_isspace((unsigned char)*li->cursor);
        if (s[n - 1] != '.' && s[n - 1] != '#' && !space_next)
            el_insertstr(el, " ");
    } else {
        size_t common = strlen(c.v[0]);
        for (int i = 1; i < c.n; i++) {
            size_t k = 0;
            while (k < common && c.v[i][k] == c.v[0][k])
                k++;
            common = k;
        }
        if (common > typed ||
            (common == typed && memcmp(c.v[0], li->buffer + c.start, typed) != 0))
            replace_word(el, typed, c.v[0], common);
        else {
            list_candidates(&c);
            r = CC_REDISPLAY;
        }
    }
    rt_shell_cands_free(&c);
    return r;
}

/* $FPGAGEN_HISTORY (empty: none), else ~/.fpgagen_history. */
static char *history_path(void)
{
    const char *p = getenv("FPGAGEN_HISTORY");
    if (p)
        return *p ? xstrdup(p) : NULL;
    const char *home = getenv("HOME");
    return home && *home ? xasprintf("%s/.fpgagen_history", home) : NULL;
}

static bool editor_open(Shell *sh)
{
    sh->el = el_init("fpgagen", stdin, stdout, stderr);
    if (!sh->el)
        return false;
    HistEvent ev;
    sh->hist = history_init();
    history(sh->hist, &ev, H_SETSIZE, HISTORY_SIZE);
    history(sh->hist, &ev, H_SETUNIQUE, 1);
    sh->hist_path = history_path();
    if (sh->hist_path)
        history(sh->hist, &ev, H_LOAD, sh->hist_path);   /* none yet: fine */
    el_set(sh->el, EL_CLIENTDATA, sh);
    el_set(sh->el, EL_EDITOR, "emacs");
    el_set(sh->el, EL_SIGNAL, 1);     /* Ctrl-Z, fg and window sizes */
    el_set(sh->el, EL_PROMPT, prompt);
    el_set(sh->el, EL_HIST, history, sh->hist);
    el_set(sh->el, EL_GETCFN, read_key);
    /* Wide strings: libedit keeps them as they are (el_set would copy
     * the narrow ones to wide ones that el_end never frees). */
    el_wset(sh->el, EL_ADDFN, L"fpgagen-complete",
            L"Complete a command, element or handler name", complete_key);
    el_source(sh->el, NULL);    /* ~/.editrc: may choose vi keys */
    el_set(sh->el, EL_BIND, "^I", "fpgagen-complete", NULL);
    return true;
}

static void editor_close(Shell *sh)
{
    HistEvent ev;
    if (sh->hist_path)  /* cannot write it: the history is lost, no more */
        history(sh->hist, &ev, H_SAVE, sh->hist_path);
    el_end(sh->el);     /* the terminal as it was */
    history_end(sh->hist);
    free(sh->hist_path);
}

/* A command line goes into the history; data lines do not. */
static void remember(Shell *sh, const char *line, size_t n)
{
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    size_t i = 0;
    while (i < n && rt_isspace((unsigned char)line[i]))
        i++;
    if (sh->open || i == n)
        return;
    char *s = xstrndup(line, n);
    HistEvent ev;
    history(sh->hist, &ev, H_ENTER, s);
    free(s);
}

static void run_editor(Shell *sh)
{
    while (!sh->ended) {
        /* Raw mode before the prompt shows: what is typed once it is
         * there reaches libedit, not the terminal's own echo. */
        el_set(sh->el, EL_PREP_TERM, 1);
        int n = 0;
        const char *line = el_gets(sh->el, &n);
        if (sh->stopped) {
            fputc('\n', stdout);    /* off the prompt's line */
            fflush(stdout);
            break;
        }
        if (!line || n <= 0) {  /* Ctrl-D, or the terminal is gone */
            shell_eof(sh);
            break;
        }
        remember(sh, line, (size_t)n);
        shell_input(sh, line, (size_t)n);
        if (!sh->ended && line[n - 1] != '\n' && line[n - 1] != '\r')
            shell_input(sh, "\n", 1);
    }
}

/* A terminal flushes its input on Ctrl-C, so bytes that poll() saw may
 * be gone when read() comes: the terminal is read through a descriptor
 * of its own that does not block (O_NONBLOCK on standard input itself
 * would reach the shell that started us). */
static int open_input(void)
{
    const char *tty = isatty(STDIN_FILENO) ? ttyname(STDIN_FILENO) : NULL;
    int fd = tty ? open(tty, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) : -1;
    return fd >= 0 ? fd : STDIN_FILENO;
}

int rt_shell_run(Runtime *rt, RtLoop *lp)
{
    Shell sh = {.rt = rt, .lp = lp, .in = open_input()};
    if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && editor_open(&sh)) {
        fputs("fpgagen: HELP lists the commands, TAB completes names, QUIT or "
              "Ctrl-D ends\n", stderr);
        run_editor(&sh);
        editor_close(&sh);
    } else
        run_lines(&sh);
    if (sh.open)
        cs_conn_free(&sh.conn);
    sb_free(&sh.shown);
    if (sh.in != STDIN_FILENO)
        close(sh.in);
    return 0;
}
