/*
 * protocol.c -- one connection of Click's ControlSocket protocol,
 * version 1.3, as a state machine over bytes (docs/runtime.md).
 *
 * Lines end in CR, LF or CRLF; answers are "CODE text" lines ending in
 * CRLF, "CODE-text" for all but the last of several, and a read's data
 * follows as "DATA n" CRLF and exactly n bytes.  Commands are taken one
 * at a time in the order they came; a command whose data has not all
 * arrived waits for it.
 *
 * Where Click buffers without bound, this server stops: a command line
 * longer than RT_LINE_MAX is cut (a READ or WRITE on it answers 521, any
 * other command 500) and the rest of the line skipped; handler data
 * longer than RT_DATA_MAX answers 521 (Click's LARGEST_HANDLER_WRITE),
 * skipped as it arrives, except READUNTIL/WRITEUNTIL data, after which
 * the connection is closed since no terminator was found in time.
 */
#include "runtime_int.h"

#include <inttypes.h>

#include <stdlib.h>
#include <string.h>

static const char GREETING[] = "Click::ControlSocket/1.3\r\n";

typedef struct Word {
    const char *p;
    size_t n;
} Word;

enum { MAX_WORDS = 4 };  /* three words, and the fourth to the end of the line */

/* ---- Output ------------------------------------------------------------ */

static void message(CsConn *c, int code, bool more, const char *text, size_t n)
{
    sb_printf(&c->out, "%d%c", code, more ? '-' : ' ');
    rt_put_printable(&c->out, text, n);
    sb_putn(&c->out, "\r\n", 2);
}

static void messages(CsConn *c, int code, bool more, const char *s)
{
    message(c, code, more, s, strlen(s));
}

/* "before" NAME "after": most of Click's messages have this shape. */
static void message_name(CsConn *c, int code, const char *before, Word name,
                         const char *after)
{
    StrBuf sb = {0};
    sb_puts(&sb, before);
    sb_putn(&sb, name.p, name.n);
    sb_puts(&sb, after);
    message(c, code, false, sb.data, sb.len);
    sb_free(&sb);
}

/* Click's transfer_messages: the summary (with ':' when details follow),
 * then one line per message, all with the same code. */
static void transfer(CsConn *c, int code, const StrBuf *summary,
                     const RtErrors *errs)
{
    if (summary && summary->len) {
        if (errs->nmsgs) {
            StrBuf sb = {0};
            sb_putn(&sb, summary->data, summary->len);
            sb_putc(&sb, ':');
            message(c, code, true, sb.data, sb.len);
            sb_free(&sb);
        } else
            message(c, code, false, summary->data, summary->len);
    }
    for (int i = 0; i < errs->nmsgs; i++)
        messages(c, code, i < errs->nmsgs - 1, errs->msgs[i]);
}

static void summary(StrBuf *sb, const char *before, Word name, const char *after)
{
    sb_puts(sb, before);
    sb_putn(sb, name.p, name.n);
    sb_puts(sb, after);
}

/* ---- Handler commands ---------------------------------------------------- */

static const RtHandler *parse_handler(CsConn *c, Word full, RtElem **ep)
{
    RtDesign *d = c->rt->d;
    Word canon = full;
    const char *dot = memchr(full.p, '.', full.n);
    /* ".h" and "0.h" name the global handler h. */
    if (dot && (dot == full.p || (dot == full.p + 1 && full.p[0] == '0'))) {
        canon.p = dot + 1;
        canon.n = full.n - (size_t)(canon.p - full.p);
    }
    RtElem *e = NULL;
    Word hname = canon;
    const char *dot2 = memchr(canon.p, '.', canon.n);
    if (dot2) {
        Word ename = {canon.p, (size_t)(dot2 - canon.p)};
        if (!memchr(ename.p, '\0', ename.n)) {
            char *key = xstrndup(ename.p, ename.n);
            e = rt_design_find(d, key);
            free(key);
        }
        int64_t num;
        if (!e && rt_parse_int(ename.p, ename.n, 0, true, INT32_MAX, &num, NULL) &&
            num > 0 && num <= d->nelems)
            e = &d->elems[num - 1];
        if (!e) {
            message_name(c, CS_NO_ELEMENT, "No element named '", ename, "'");
            return NULL;
        }
        hname.p = dot2 + 1;
        hname.n = canon.n - (size_t)(hname.p - canon.p);
    }
    const RtHandler *h = e ? rt_find_handler(e->handlers, e->nhandlers, hname.p, hname.n)
                           : rt_find_handler(d->globals, d->nglobals, hname.p, hname.n);
    if (!h || !(h->read || h->write)) {
        message_name(c, CS_NO_HANDLER, "No handler named '", full, "'");
        return NULL;
    }
    *ep = e;
    return h;
}

/* data NULL: it was too large to keep (len > RT_DATA_MAX). */
static void read_command(CsConn *c, Word hname, const char *data, size_t len)
{
    RtElem *e = NULL;
    const RtHandler *h = parse_handler(c, hname, &e);
    if (!h)
        return;
    if (!h->read) {
        message_name(c, CS_PERMISSION, "Handler '", hname, "' write-only");
        return;
    }
    if (!data || len > RT_DATA_MAX) {
        if (h->read_param) {
            message_name(c, CS_DATA_TOO_BIG, "Data too large for read handler '",
                         hname, "'");
            return;
        }
        data = " ";     /* only its presence matters: the read refuses it */
        len = 1;
    }
    StrBuf out = {0}, sum = {0};
    RtErrors errs = {0};
    int r = rt_handler_read(c->rt, e, h, data, len, &out, &errs);
    if (r < 0 && !errs.nerrors)
        rt_errors_add(&errs, true, "read handler failed");
    if (errs.nerrors) {
        summary(&sum, "Read handler '", hname, "' error");
        transfer(c, CS_UNSPECIFIED, &sum, &errs);
    } else {
        message_name(c, CS_OK, "Read handler '", hname, "' OK");
        sb_printf(&c->out, "DATA %zu\r\n", out.len);
        sb_putn(&c->out, out.data ? out.data : "", out.len);
    }
    sb_free(&out);
    sb_free(&sum);
    rt_errors_free(&errs);
}

static void write_command(CsConn *c, Word hname, const char *data, size_t len)
{
    RtElem *e = NULL;
    const RtHandler *h = parse_handler(c, hname, &e);
    if (!h)
        return;
    if (!h->write) {
        message_name(c, CS_PERMISSION, "Handler '", hname, "' read-only");
        return;
    }
    if (c->rt->readonly) {
        message_name(c, CS_PERMISSION, "Permission denied for '", hname, "'");
        return;
    }
    if (!data || len > RT_DATA_MAX) {
        message_name(c, CS_DATA_TOO_BIG, "Data too large for write handler '",
                     hname, "'");
        return;
    }
    RtErrors errs = {0};
    int r = rt_handler_write(c->rt, e, h, data, len, &errs);
    int code = errs.nerrors || r < 0 ? CS_HANDLER_ERROR
               : errs.nwarnings      ? CS_OK_WARN
                                     : CS_OK;
    StrBuf sum = {0};
    summary(&sum, "Write handler '", hname,
            code == CS_OK ? "' OK" : code == CS_OK_WARN ? "' OK with warnings" : "' error");
    transfer(c, code, &sum, &errs);
    sb_free(&sum);
    rt_errors_free(&errs);
}

static void check_command(CsConn *c, Word hname, bool write)
{
    RtElem *e = NULL;
    const RtHandler *h = parse_handler(c, hname, &e);
    if (!h)
        return;
    bool ok = write ? h->write : h->read;
    if (write && ok && c->rt->readonly)
        message_name(c, CS_PERMISSION, "Permission denied for '", hname, "'");
    else if (ok)
        message_name(c, CS_OK, write ? "Write handler '" : "Read handler '", hname,
                     "' OK");
    else
        message_name(c, CS_NO_HANDLER, "Handler '", hname,
                     write ? "' not writable" : "' not readable");
}

/* LLRPC numbers in Click's portable form. */
#define LLRPC_NET_IN 0x80000000u
#define LLRPC_NET_OUT 0x40000000u
#define LLRPC_FLAT 0x00004000u

/* A flat LLRPC, as Click's ControlSocket calls one: data (datalen bytes;
 * NULL when too large to keep) is the input; a class that does not know
 * the command answers EINVAL, as Click's Element::llrpc does. */
static void llrpc_command(CsConn *c, Word name, const char *data, uint64_t datalen)
{
    const char *hash = memchr(name.p, '#', name.n);
    const char *num = hash ? hash + 1 : name.p + name.n;
    int64_t v;
    if (!rt_parse_int(num, (size_t)(name.p + name.n - num), 16, false, UINT32_MAX,
                      &v, NULL)) {
        message_name(c, CS_SYNTAX, "Syntax error in LLRPC name '", name, "'");
        return;
    }
    uint32_t cmd = (uint32_t)v;
    StrBuf hn = {0};
    sb_putn(&hn, name.p, hash ? (size_t)(hash - name.p) : name.n);
    sb_puts(&hn, ".name");
    RtElem *e = NULL;
    const RtHandler *h = parse_handler(c, (Word){hn.data, hn.len}, &e);
    sb_free(&hn);
    if (!h)
        return;
    uint32_t size = cmd >> 16 & 0xFFF;
    if (!size || !(cmd & (LLRPC_NET_IN | LLRPC_NET_OUT)) || !(cmd & LLRPC_FLAT))
        message_name(c, CS_UNIMPLEMENTED, "Cannot call LLRPC '", name, "' remotely");
    else if (c->rt->readonly)
        message_name(c, CS_PERMISSION, "Permission denied for '", name, "'");
    else if ((cmd & LLRPC_NET_IN) && datalen != size) {
        StrBuf sb = {0};
        sb_printf(&sb, "' requires %u bytes input data", size);
        message_name(c, CS_LLRPC_ERROR, "LLRPC '", name, sb.data);
        sb_free(&sb);
    } else {
        uint8_t buf[0x1000] = {0};
        if (cmd & LLRPC_NET_IN)
            memcpy(buf, data, size);
        RtErrors errs = {0};
        int r = rt_llrpc(c->rt, e, cmd, buf, &errs);
        StrBuf sum = {0};
        summary(&sum, "LLRPC '", name, "");
        if (errs.nerrors)
            sb_puts(&sum, "' error");     /* the routine said why */
        else if (r < 0)
            sb_printf(&sum, "' error: %s", strerror(-r));
        else
            sb_puts(&sum, "' OK");
        transfer(c, r < 0 || errs.nerrors ? CS_LLRPC_ERROR : CS_OK, &sum, &errs);
        if (r >= 0 && !errs.nerrors) {
            uint32_t out = cmd & LLRPC_NET_OUT ? size : 0;
            sb_printf(&c->out, "DATA %" PRIu32 "\r\n", out);
            sb_putn(&c->out, (const char *)buf, out);
        }
        sb_free(&sum);
        rt_errors_free(&errs);
    }
}

/* ---- Commands ---------------------------------------------------------------- */

static int split_cmd_words(const char *p, size_t n, Word *w, int max)
{
    int nw = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && rt_isspace((unsigned char)p[i]))
            i++;
        size_t first = i;
        while (i < n && !rt_isspace((unsigned char)p[i]))
            i++;
        if (i > first) {
            if (nw < max)
                w[nw] = (Word){p + first, i - first};
            else    /* keep the last word's end for "the rest of the line" */
                w[max - 1].n = (size_t)(p + i - w[max - 1].p);
            nw++;
        }
    }
    return nw;
}

static bool is_cmd(Word w, const char *name)
{
    size_t n = strlen(name);
    if (w.n != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)w.p[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (unsigned char)(ch - 'a' + 'A');
        if (ch != (unsigned char)name[i])
            return false;
    }
    return true;
}

/* From the start of word 2 to the end of the last word. */
static Word rest_of_line(const Word *w, int nw)
{
    if (nw <= 2)
        return (Word){"", 0};
    const Word *last = &w[nw < MAX_WORDS ? nw - 1 : MAX_WORDS - 1];
    return (Word){w[2].p, (size_t)(last->p + last->n - w[2].p)};
}

static size_t unread(const CsConn *c) { return c->in.len - c->inpos; }

/* A copy of n bytes that may hold NULs, NUL-terminated. */
static char *dup_bytes(const char *p, size_t n)
{
    char *s = xmalloc(n + 1);
    if (n)
        memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* Data after the command line: 0 taken, 1 wait for more, -1 answered. */
static int take_data(CsConn *c, uint64_t len, const char **data)
{
    if (unread(c) < len) {
        if (c->in_closed) {
            messages(c, CS_SYNTAX, false, "Not enough data");
            return -1;
        }
        return 1;
    }
    *data = c->in.data + c->inpos;
    c->inpos += len;
    return 0;
}

static void defer(CsConn *c, CsDeferred what, Word name, uint64_t len)
{
    c->deferred = what;
    free(c->deferred_name);
    c->deferred_name = dup_bytes(name.p, name.n);
    c->deferred_name_len = name.n;
    c->deferred_len = len;
    c->skip_bytes = len;
}

static void answer_deferred(CsConn *c)
{
    Word name = {c->deferred_name, c->deferred_name_len};
    switch (c->deferred) {
    case CSD_READ: read_command(c, name, NULL, c->deferred_len); break;
    case CSD_WRITE: write_command(c, name, NULL, c->deferred_len); break;
    case CSD_LLRPC: llrpc_command(c, name, NULL, c->deferred_len); break;
    case CSD_NONE: break;
    }
    c->deferred = CSD_NONE;
}

/* READUNTIL / WRITEUNTIL: the data are the lines up to one that, without
 * trailing spaces, equals the terminator (by default a blank line). */
static int until_command(CsConn *c, bool write, Word hname, Word until)
{
    const char *start = c->in.data + c->inpos, *end = c->in.data + c->in.len;
    /* Lines before until_scan were looked at last time. */
    const char *s = start + (c->until_scan <= unread(c) ? c->until_scan : 0);
    const char *linebegin, *lineend;
    for (;;) {
        linebegin = lineend = s;
        for (; s != end && *s != '\n' && *s != '\r'; s++)
            if (!rt_isspace((unsigned char)*s))
                lineend = s + 1;
        if (s == end) {
            c->until_scan = (size_t)(linebegin - start);
            if (c->in_closed) {
                c->until_scan = 0;
                messages(c, CS_SYNTAX, false, "Connection closed");
                return -1;
            }
            if ((size_t)(end - start) > RT_DATA_MAX + RT_LINE_MAX) {
                c->until_scan = 0;
                message_name(c, CS_DATA_TOO_BIG, write ? "Data too large for write handler '"
                                                       : "Data too large for read handler '",
                             hname, "'");
                c->in_closed = true;    /* no way to find the end: close */
                c->in.len = c->inpos = 0;
                return -1;
            }
            return 1;
        }
        if (*s == '\r' && s + 1 != end && s[1] == '\n')
            s += 2;
        else
            s++;
        if ((size_t)(lineend - linebegin) == until.n &&
            memcmp(linebegin, until.p, until.n) == 0)
            break;
    }
    c->until_scan = 0;
    size_t len = (size_t)(linebegin - start);
    char *data = dup_bytes(start, len);
    c->inpos = (size_t)(s - c->in.data);
    if (write)
        write_command(c, hname, data, len);
    else
        read_command(c, hname, data, len);
    free(data);
    return 0;
}

static void help_command(CsConn *c)
{
    static const char *const lines[] = {
        "Commands supported:",
        "READ handler [arg...]   call read handler, return DATA",
        "READDATA handler len    call read handler with len data bytes, return DATA",
        "READUNTIL handler term  call read handler, take data until term, return DATA",
        "WRITE handler [arg...]  call write handler",
        "WRITEDATA handler len   call write handler, pass len data bytes",
        "WRITEUNTIL handler term call write handler, take data until term",
        "CHECKREAD handler       check if read handler is valid",
        "CHECKWRITE handler      check if write handler is valid",
        "LLRPC elt#number [len]  call LLRPC, pass len data bytes, return DATA",
        "QUIT                    close connection",
    };
    size_t n = sizeof lines / sizeof lines[0];
    for (size_t i = 0; i < n; i++)
        messages(c, CS_OK, i + 1 < n, lines[i]);
}

/* Runs one command line (its terminator included).  Returns 1 when the
 * command needs input that has not come yet (the line is then taken
 * again later), else 0.  cut: the line was longer than RT_LINE_MAX and
 * this is its beginning. */
static int run_command(CsConn *c, const char *line, size_t n, bool cut)
{
    Word w[MAX_WORDS];
    int nw = split_cmd_words(line, n, w, MAX_WORDS);
    if (nw == 0)
        return 0;
    Word cmd = w[0];
    bool rd = is_cmd(cmd, "READ") || is_cmd(cmd, "GET");
    if (rd || is_cmd(cmd, "WRITE") || is_cmd(cmd, "SET")) {
        if (nw < 2) {
            messages(c, CS_SYNTAX, false, "Wrong number of arguments");
            return 0;
        }
        Word data = rest_of_line(w, nw);
        /* Copy: a handler may not keep pointers into the input buffer. */
        char *copy = cut ? NULL : dup_bytes(data.p, data.n);
        if (rd)
            read_command(c, w[1], copy, data.n);
        else
            write_command(c, w[1], copy, data.n);
        free(copy);
        return 0;
    }
    if (cut) {
        messages(c, CS_SYNTAX, false, "Line too long");
        return 0;
    }
    if (is_cmd(cmd, "READDATA") || is_cmd(cmd, "WRITEDATA") || is_cmd(cmd, "SETDATA")) {
        bool write = !is_cmd(cmd, "READDATA");
        int64_t len;
        if (nw != 3) {
            messages(c, CS_SYNTAX, false, "Wrong number of arguments");
            return 0;
        }
        if (!rt_parse_int(w[2].p, w[2].n, 0, true, INT32_MAX, &len, NULL) || len < 0) {
            /* Click means "Syntax error in 'READDATA'" but sends a
             * continuation line with no last line; this sends one line. */
            StrBuf sb = {0};
            sb_puts(&sb, "Syntax error in '");
            for (size_t i = 0; i < cmd.n; i++) {
                char ch = cmd.p[i];
                sb_putc(&sb, ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch);
            }
            sb_putc(&sb, '\'');
            message(c, CS_SYNTAX, false, sb.data, sb.len);
            sb_free(&sb);
            return 0;
        }
        if (len > RT_DATA_MAX) {
            defer(c, write ? CSD_WRITE : CSD_READ, w[1], (uint64_t)len);
            return 0;
        }
        const char *data = NULL;
        int r = take_data(c, (uint64_t)len, &data);
        if (r != 0)
            return r > 0;
        char *copy = dup_bytes(data, (size_t)len);
        if (write)
            write_command(c, w[1], copy, (size_t)len);
        else
            read_command(c, w[1], copy, (size_t)len);
        free(copy);
        return 0;
    }
    if (is_cmd(cmd, "READUNTIL") || is_cmd(cmd, "WRITEUNTIL")) {
        if (nw < 2) {
            messages(c, CS_SYNTAX, false, "Wrong number of arguments");
            return 0;
        }
        Word until = rest_of_line(w, nw);
        /* until points into the line, which stays in the buffer. */
        return until_command(c, is_cmd(cmd, "WRITEUNTIL"), w[1], until) > 0;
    }
    if (is_cmd(cmd, "CHECKREAD") || is_cmd(cmd, "CHECKWRITE")) {
        if (nw != 2)
            messages(c, CS_SYNTAX, false, "Wrong number of arguments");
        else
            check_command(c, w[1], is_cmd(cmd, "CHECKWRITE"));
        return 0;
    }
    if (is_cmd(cmd, "LLRPC")) {
        int64_t len = 0;
        if (nw != 2 && nw != 3) {
            messages(c, CS_SYNTAX, false, "Wrong number of arguments");
            return 0;
        }
        if (nw == 3 && (!rt_parse_int(w[2].p, w[2].n, 0, true, INT32_MAX, &len, NULL) ||
                        len < 0)) {
            messages(c, CS_SYNTAX, false, "Syntax error in 'llrpc'");
            return 0;
        }
        if (len > RT_DATA_MAX) {
            defer(c, CSD_LLRPC, w[1], (uint64_t)len);
            return 0;
        }
        const char *data = NULL;
        int r = take_data(c, (uint64_t)len, &data);
        if (r != 0)
            return r > 0;
        llrpc_command(c, w[1], data, (uint64_t)len);
        return 0;
    }
    if (is_cmd(cmd, "CLOSE") || is_cmd(cmd, "QUIT")) {
        if (nw != 1)
            messages(c, CS_SYNTAX, false, "Bad command syntax");
        messages(c, CS_OK, false, "Goodbye!");
        c->in_closed = true;
        c->in.len = c->inpos = 0;
        return 0;
    }
    if (is_cmd(cmd, "HELP")) {
        help_command(c);
        return 0;
    }
    StrBuf sb = {0};
    sb_puts(&sb, "Command '");
    for (size_t i = 0; i < cmd.n; i++) {
        char ch = cmd.p[i];
        sb_putc(&sb, ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch);
    }
    sb_puts(&sb, "' unimplemented");
    message(c, CS_UNIMPLEMENTED, false, sb.data, sb.len);
    sb_free(&sb);
    return 0;
}

/* ---- The state machine ---------------------------------------------------- */

void cs_conn_init(CsConn *c, Runtime *rt)
{
    memset(c, 0, sizeof *c);
    c->rt = rt;
    sb_puts(&c->out, GREETING);
}

void cs_conn_free(CsConn *c)
{
    sb_free(&c->in);
    sb_free(&c->out);
    free(c->deferred_name);
    memset(c, 0, sizeof *c);
}

size_t cs_conn_input_room(const CsConn *c)
{
    if (c->in_closed)
        return 0;
    size_t left = unread(c);
    return left < RT_IN_MAX ? RT_IN_MAX - left : 0;
}

static void compact(StrBuf *sb, size_t *pos)
{
    if (*pos == sb->len) {
        sb->len = *pos = 0;
        if (sb->data)
            sb->data[0] = '\0';
    } else if (*pos > 65536 && *pos > sb->len / 2) {
        memmove(sb->data, sb->data + *pos, sb->len - *pos);
        sb->len -= *pos;
        *pos = 0;
        sb->data[sb->len] = '\0';
    }
}

/* Compacts the input; the line-end memo does not survive a move. */
static void compact_in(CsConn *c)
{
    size_t old = c->inpos;
    compact(&c->in, &c->inpos);
    if (c->inpos != old)
        c->no_eol = 0;
}

void cs_conn_input(CsConn *c, const void *p, size_t n)
{
    if (c->in_closed || !n)
        return;
    compact_in(c);
    sb_putn(&c->in, p, n);
}

void cs_conn_eof(CsConn *c) { c->in_closed = true; }

void cs_conn_sent(CsConn *c, size_t n)
{
    c->outpos += n < cs_conn_pending(c) ? n : cs_conn_pending(c);
    compact(&c->out, &c->outpos);
}

bool cs_conn_finished(const CsConn *c)
{
    return c->in_closed && unread(c) == 0 && !c->skip_bytes;
}

static const char *find_eol(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p == '\r' || *p == '\n')
            return p;
    return NULL;
}

/* One step: a command, an empty line, or skipped input.  False when
 * nothing can be done until more input (or an EOF) arrives. */
static bool step(CsConn *c)
{
    const char *begin = c->in.data + c->inpos, *end = c->in.data + c->in.len;
    size_t avail = (size_t)(end - begin);
    if (c->skip_bytes) {
        size_t k = avail < c->skip_bytes ? avail : (size_t)c->skip_bytes;
        c->inpos += k;
        c->skip_bytes -= k;
        if (!c->skip_bytes)
            answer_deferred(c);
        else if (c->in_closed) {
            c->skip_bytes = 0;
            c->deferred = CSD_NONE;
            messages(c, CS_SYNTAX, false, "Not enough data");
        } else
            return k > 0;
        return true;
    }
    if (!avail)
        return false;
    if (c->no_eol_at != c->inpos || c->no_eol > avail)
        c->no_eol = 0;
    const char *eol = find_eol(begin + c->no_eol, end);
    c->no_eol = eol ? 0 : avail;
    c->no_eol_at = c->inpos;
    if (c->skip_line) {
        if (!eol) {
            c->inpos = c->in.len;
            return false;
        }
        c->skip_line = false;
        c->inpos = (size_t)(eol - c->in.data) +
                   (eol[0] == '\r' && eol + 1 < end && eol[1] == '\n' ? 2 : 1);
        return true;
    }
    size_t linelen = eol ? (size_t)(eol - begin) : avail;
    if (linelen > RT_LINE_MAX) {
        /* Too long: run the beginning, skip the rest. */
        char *head = xmalloc(RT_LINE_MAX);
        memcpy(head, begin, RT_LINE_MAX);
        c->inpos += RT_LINE_MAX;
        c->skip_line = true;
        run_command(c, head, RT_LINE_MAX, true);
        free(head);
        return true;
    }
    if (!eol && !c->in_closed)
        return false;
    if (eol)
        linelen += eol[0] == '\r' && eol + 1 < end && eol[1] == '\n' ? 2 : 1;
    size_t old = c->inpos;
    c->inpos += linelen;
    /* The line stays valid in the buffer: input is only appended (and
     * compacted) between steps. */
    if (run_command(c, c->in.data + old, linelen, false) > 0) {
        c->inpos = old;     /* its data is not all here: wait */
        return false;
    }
    return true;
}

bool cs_conn_run(CsConn *c, int max_cmds)
{
    for (int i = 0; i < max_cmds; i++) {
        if (cs_conn_pending(c) >= RT_OUT_HIGH)
            return false;
        if (!step(c))
            return false;
    }
    compact_in(c);
    return unread(c) > 0 || c->skip_bytes;
}
