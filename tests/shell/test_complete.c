/*
 * test_complete.c -- the shell's pure parts, without a terminal: the
 * completion candidates (rt_shell_complete) for lines of
 * tests/shell/router.click's design, and how answers are shown
 * (rt_shell_format).  Prints `PASS shell/NAME` or `FAIL shell/NAME: why`;
 * exit status 1 when any failed.
 *
 *   test_complete DIR/design.json
 */
#include "runtime_int.h"

#include <stdlib.h>
#include <string.h>

static int failed;

/* The candidates of line (cursor at the end, or at "|"), space-separated. */
static char *complete(const RtDesign *d, const char *spec, size_t *start)
{
    char *line = xstrdup(spec);
    char *bar = strchr(line, '|');
    size_t cursor = strlen(line);
    if (bar) {
        cursor = (size_t)(bar - line);
        memmove(bar, bar + 1, strlen(bar));
    }
    ShellCands c;
    rt_shell_complete(d, line, cursor, &c);
    StrBuf sb = {0};
    for (int i = 0; i < c.n; i++) {
        if (i)
            sb_putc(&sb, ' ');
        sb_puts(&sb, c.v[i]);
    }
    *start = c.start;
    rt_shell_cands_free(&c);
    free(line);
    char *s = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return s;
}

/* Each case: the line, the candidates expected, where the word starts. */
typedef struct Case {
    const char *line, *want;
    size_t start;
} Case;

static void check_cases(const RtDesign *d, const char *name, const Case *cs, int n)
{
    for (int i = 0; i < n; i++) {
        size_t start;
        char *got = complete(d, cs[i].line, &start);
        if (strcmp(got, cs[i].want) != 0 || start != cs[i].start) {
            printf("FAIL shell/%s: '%s' gives [%s] from %zu, expected [%s] from %zu\n", name,
                   cs[i].line, got, start, cs[i].want, cs[i].start);
            failed = 1;
            free(got);
            return;
        }
        free(got);
    }
    printf("PASS shell/%s\n", name);
}

/* Candidates that must be there and ones that must not. */
static void check_has(const RtDesign *d, const char *name, const char *line,
                      const char *const *yes, const char *const *no)
{
    size_t start;
    char *got = complete(d, line, &start);
    StrBuf padded = {0};
    sb_printf(&padded, " %s ", got);
    for (; *yes; yes++) {
        char *w = xasprintf(" %s ", *yes);
        bool ok = strstr(padded.data, w) != NULL;
        free(w);
        if (!ok) {
            printf("FAIL shell/%s: '%s' gives [%s], without %s\n", name, line, got, *yes);
            failed = 1;
            goto out;
        }
    }
    for (; *no; no++) {
        char *w = xasprintf(" %s ", *no);
        bool bad = strstr(padded.data, w) != NULL;
        free(w);
        if (bad) {
            printf("FAIL shell/%s: '%s' gives [%s], with %s\n", name, line, got, *no);
            failed = 1;
            goto out;
        }
    }
    printf("PASS shell/%s\n", name);
out:
    sb_free(&padded);
    free(got);
}

static void check_format(const char *name, const char *ans, size_t n, const char *want,
                         size_t want_taken)
{
    StrBuf sb = {0};
    size_t taken = rt_shell_format(&sb, ans, n);
    if (taken != want_taken || strcmp(sb_str(&sb), want) != 0) {
        printf("FAIL shell/%s: took %zu of %zu bytes (expected %zu), showed '%s'\n", name,
               taken, n, want_taken, sb_str(&sb));
        failed = 1;
    } else
        printf("PASS shell/%s\n", name);
    sb_free(&sb);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_complete DIR/design.json\n");
        return 2;
    }
    char err[1024];
    RtDesign *d = rt_design_load(argv[1], NULL, err, sizeof err);
    if (!d) {
        printf("FAIL shell/complete-load: %s\n", err);
        return 1;
    }

    static const Case commands[] = {
        {"", "CHECKREAD CHECKWRITE CLOSE GET HELP LLRPC QUIT READ READDATA READUNTIL "
             "SET SETDATA WRITE WRITEDATA WRITEUNTIL", 0},
        {"RE", "READ READDATA READUNTIL", 0},
        {"wr", "write writedata writeuntil", 0},        /* the case it was typed in */
        {"Che", "CHECKREAD CHECKWRITE", 0},
        {"READ", "READ READDATA READUNTIL", 0},
        {"  qu", "quit", 2},
        {"x", "", 0},
    };
    check_cases(d, "complete-commands", commands, sizeof commands / sizeof *commands);

    static const Case elements[] = {
        {"READ c", "c. classes config", 5},             /* elements, then globals */
        {"read q", "q.", 5},
        {"GET To", "ToDevice@4.", 4},
        {"READ  x", "", 6},
        {"LLRPC q", "q#", 6},
    };
    check_cases(d, "complete-elements", elements, sizeof elements / sizeof *elements);

    static const Case handlers[] = {
        {"READ c.cou", "c.count c.count_call", 5},
        {"READ c.byte_c", "c.byte_count", 5},           /* byte_count_call: write only */
        {"WRITE c.byte_c", "c.byte_count_call", 6},
        {"WRITE q.cap", "q.capacity", 6},
        {"CHECKWRITE q.c", "q.capacity", 11},           /* class, config: read only */
        {"READDATA q.cap", "q.capacity", 9},
        {"READ 2.cl", "2.class", 5},                    /* an element by its index */
        {"READ .ver", ".version", 5},                   /* global, Click's two spellings */
        {"READ 0.li", "0.list", 5},
        {"READ nosuch.x", "", 5},
    };
    check_cases(d, "complete-handlers", handlers, sizeof handlers / sizeof *handlers);

    static const char *const read_yes[] = {"q.length", "q.capacity", "q.class", "q.ports", NULL};
    static const char *const read_no[] = {"q.reset", "q.reset_counts", NULL};
    check_has(d, "complete-readable", "READ q.", read_yes, read_no);
    static const char *const write_yes[] = {"q.capacity", "q.reset", NULL};
    static const char *const write_no[] = {"q.length", "q.class", "q.name", NULL};
    check_has(d, "complete-writable", "SET q.", write_yes, write_no);
    /* Globals are all read-only: WRITE offers only elements with a
     * writable handler. */
    static const char *const wel_yes[] = {"c.", "q.", NULL};
    static const char *const wel_no[] = {"version", "list", "config", NULL};
    check_has(d, "complete-write-elements", "WRITE ", wel_yes, wel_no);

    static const Case none[] = {
        {"HELP ", "", 5},
        {"QUIT x", "", 5},
        {"READ c.count ", "", 13},                      /* arguments */
        {"READDATA q.capacity 1", "", 20},
        {"FOO c", "", 4},
    };
    check_cases(d, "complete-nothing", none, sizeof none / sizeof *none);

    static const Case cursor[] = {
        {"READ c.cou| 5", "c.count c.count_call", 5},
        {"RE|AD c.count", "READ READDATA READUNTIL", 0},
        {"READ |c.count", "FromDevice@1. ToDevice@4. c. classes config flatconfig "
                          "handlers list q. requirements version", 5},
    };
    check_cases(d, "complete-cursor", cursor, sizeof cursor / sizeof *cursor);

    static const char read[] = "200 Read handler 'c.count' OK\r\nDATA 4\r\n1000";
    check_format("format-read", read, sizeof read - 1,
                 "200 Read handler 'c.count' OK\n1000\n", sizeof read - 1);
    static const char lines[] = "200 Read handler 'list' OK\r\nDATA 4\r\n1\nc\n"
                                "510 No element named 'x'\r\n";
    check_format("format-data-newline", lines, sizeof lines - 1,
                 "200 Read handler 'list' OK\n1\nc\n510 No element named 'x'\n",
                 sizeof lines - 1);
    static const char empty[] = "200 Read handler 'c.config' OK\r\nDATA 0\r\n"
                                "200-Commands supported:\r\n200 QUIT\r\n";
    check_format("format-empty-data", empty, sizeof empty - 1,
                 "200 Read handler 'c.config' OK\n200-Commands supported:\n200 QUIT\n",
                 sizeof empty - 1);
    /* Data holding "\r\nDATA 3\r\n" is data, and a cut answer waits. */
    static const char tricky[] = "200 Read handler 'x' OK\r\nDATA 10\r\n\r\nDATA 3\r\n200 W";
    check_format("format-partial", tricky, sizeof tricky - 1,
                 "200 Read handler 'x' OK\n\r\nDATA 3\r\n", sizeof tricky - 6);

    rt_design_free(d);
    return failed;
}
