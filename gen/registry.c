/*
 * registry.c -- the element class registry: lookup by name, Click's
 * port-count notation, and the two listings a user reads (`fpgagen
 * elements`, `fpgagen doc CLASS`).
 *
 * The classes are listed once, in elements/classes.def, in strcmp order
 * of their names; lookup is a binary search over that constant table.
 */
#include "fpgagen.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define CLASS(id) extern const ElementClass fg_class_##id;
#include "../elements/classes.def"
#undef CLASS

static const ElementClass *const classes[] = {
#define CLASS(id) &fg_class_##id,
#include "../elements/classes.def"
#undef CLASS
};
enum { NCLASSES = sizeof classes / sizeof classes[0] };

const ElementClass *registry_find(const char *name)
{
    int lo = 0, hi = NCLASSES;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(name, classes[mid]->name);
        if (c == 0)
            return classes[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const ElementClass *const *registry_all(int *n)
{
    *n = NCLASSES;
    return classes;
}

const HandlerSpec *registry_handler(const ElementClass *c, const char *name)
{
    for (const HandlerSpec *h = c->handlers; h && h->name; h++)
        if (strcmp(h->name, name) == 0)
            return h;
    return NULL;
}

/* ---- Port counts ------------------------------------------------------- */

/* One side: "N", "N-", "N-M", "-", "-M", or nothing at the end of the
 * text ("1/" has no outputs).  Advances *sp. */
static bool parse_side(const char **sp, int *lo, int *hi)
{
    const char *s = *sp;
    char *end;
    long v;
    if (*s && *s != '-' && !isdigit((unsigned char)*s))
        return false;
    *lo = 0;
    if (isdigit((unsigned char)*s)) {
        v = strtol(s, &end, 10);
        if (v > INT_MAX)
            return false;
        *lo = (int)v;
        s = end;
    }
    *hi = *lo;
    if (*s == '-') {
        s++;
        *hi = -1;
        if (isdigit((unsigned char)*s)) {
            v = strtol(s, &end, 10);
            if (v > INT_MAX || v < *lo)
                return false;
            *hi = (int)v;
            s = end;
        }
    }
    *sp = s;
    return true;
}

bool port_count_parse(const char *s, PortRange *r)
{
    PortRange pr = {0};
    const char *p = s;
    if (!parse_side(&p, &pr.in_lo, &pr.in_hi))
        return false;
    if (*p == '\0') {                       /* "N": same on both sides */
        pr.out_lo = pr.in_lo;
        pr.out_hi = pr.in_hi;
    } else if (*p++ != '/') {
        return false;
    } else if (*p == '=') {
        for (pr.out_equal = 1, p++; *p == '+'; p++)
            pr.out_equal++;
        if (*p)
            return false;
        int extra = pr.out_equal - 1;
        pr.out_lo = pr.in_lo + extra;
        pr.out_hi = pr.in_hi < 0 ? -1 : pr.in_hi + extra;
    } else if (!parse_side(&p, &pr.out_lo, &pr.out_hi) || *p) {
        return false;
    }
    *r = pr;
    return true;
}

/* ---- Doc blocks --------------------------------------------------------- */

enum { WIDTH = 76 };

/* Appends s[0..n) with POD formatting codes (I<>, B<>, C<>, F<>, L<>,
 * E<lt>, E<gt>) removed. */
static void put_plain(StrBuf *out, const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool code_start = c && strchr("IBCFLSE", c) && i + 1 < n &&
                          s[i + 1] == '<' &&
                          (i == 0 || !isalnum((unsigned char)s[i - 1]));
        if (code_start && c == 'E') {
            const char *close = memchr(s + i + 2, '>', n - i - 2);
            if (close) {
                size_t len = (size_t)(close - (s + i + 2));
                const char *name = s + i + 2;
                if (len == 2 && memcmp(name, "lt", 2) == 0)
                    sb_putc(out, '<');
                else if (len == 2 && memcmp(name, "gt", 2) == 0)
                    sb_putc(out, '>');
                else
                    sb_putn(out, name, len);
                i = (size_t)(close - s);
                continue;
            }
        }
        if (code_start) {
            depth++;
            i++;
        } else if (c == '>' && depth > 0) {
            depth--;
        } else {
            sb_putc(out, c);
        }
    }
}

/* Prints one paragraph: verbatim (first line indented) as is, otherwise
 * reflowed to WIDTH columns at the given indent. */
static void print_paragraph(FILE *out, const char *p, size_t n, int indent)
{
    if (n && (p[0] == ' ' || p[0] == '\t')) {
        while (n) {
            const char *nl = memchr(p, '\n', n);
            size_t len = nl ? (size_t)(nl - p) : n;
            fprintf(out, "%*s%.*s\n", indent, "", (int)len, p);
            p += len + (nl != NULL);
            n -= len + (nl != NULL);
        }
        return;
    }
    StrBuf plain = {0};
    put_plain(&plain, p, n);
    const char *s = sb_str(&plain);
    int col = 0;
    while (*s) {
        while (isspace((unsigned char)*s))
            s++;
        size_t w = strcspn(s, " \t\n");
        if (!w)
            break;
        if (col && col + 1 + (int)w > WIDTH) {
            fputc('\n', out);
            col = 0;
        }
        if (!col)
            col = fprintf(out, "%*s", indent, "");
        else
            col += fprintf(out, " ");
        col += fprintf(out, "%.*s", (int)w, s);
        s += w;
    }
    if (col)
        fputc('\n', out);
    sb_free(&plain);
}

/* Prints a section's text: paragraphs separated by blank lines, with
 * POD lists in place: "=item X" prints X at the indent and the
 * paragraphs after it 4 columns further in, up to the next "=item" or
 * "=back"; "=over" is dropped. */
static void print_text(FILE *out, const char *s, int indent)
{
    bool first = true, after_item = false;
    int body = indent;
    while (*s) {
        while (*s == '\n')
            s++;
        if (!*s)
            break;
        const char *end = strstr(s, "\n\n");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        while (n && s[n - 1] == '\n')
            n--;
        if (n >= 5 && memcmp(s, "=item", 5) == 0) {
            const char *h = s + 5 + strspn(s + 5, " \t");
            StrBuf head = {0};
            put_plain(&head, h, (size_t)(s + n - h));
            fprintf(out, "%s%*s%s\n", first ? "" : "\n", indent, "",
                    sb_str(&head));
            sb_free(&head);
            body = indent + 4;
            first = false;
            after_item = true;
        } else if (n >= 5 && memcmp(s, "=back", 5) == 0) {
            body = indent;
        } else if (!(n >= 5 && memcmp(s, "=over", 5) == 0)) {
            if (!first && !after_item)
                fputc('\n', out);
            print_paragraph(out, s, n, body);
            first = false;
            after_item = false;
        }
        s += n;
    }
}

/* Prints the =c forms, one per line; an indented line continues the
 * form above it and keeps its indentation. */
static void print_lines(FILE *out, const char *s, int indent)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        if (n > strspn(s, " \t")) {
            StrBuf line = {0};
            put_plain(&line, s, n);
            fprintf(out, "%*s%s\n", indent, "", sb_str(&line));
            sb_free(&line);
        }
        s += n + (s[n] != '\0');
    }
}

/* A doc block split into its sections; each =h entry is kept apart. */
typedef struct DocEntry {
    char *head;
    StrBuf body;
} DocEntry;

typedef struct Doc {
    StrBuf sec[6];          /* indexed by strchr(SECTIONS, letter) */
    char *category;         /* the word after =s */
    DocEntry *handlers;
    int nhandlers, handlers_cap;
} Doc;

static const char SECTIONS[] = "csdnea";

static void doc_parse(const char *text, Doc *d)
{
    memset(d, 0, sizeof *d);
    StrBuf *cur = NULL;     /* where lines go */
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        const char *next = s + len + (nl != NULL);
        bool command = len == 2 || (len > 2 && isspace((unsigned char)s[2]));
        const char *sec = NULL;
        if (s[0] == '=' && command && s[1] && s[1] != '\n')
            sec = s[1] == 'h' ? "h" : strchr(SECTIONS, s[1]);
        if (!sec) {
            if (cur) {
                sb_putn(cur, s, len);
                sb_putc(cur, '\n');
            }
            s = next;
            continue;
        }
        const char *arg = s + 2 + strspn(s + 2, " \t");
        size_t arglen = (size_t)(s + len - arg);
        while (arglen && isspace((unsigned char)arg[arglen - 1]))
            arglen--;
        if (*sec == 'h') {
            DocEntry e = {xstrndup(arg, arglen), {0}};
            VEC_PUSH(d->handlers, d->nhandlers, d->handlers_cap, e);
            cur = &d->handlers[d->nhandlers - 1].body;
        } else {
            cur = &d->sec[sec - SECTIONS];
            if (*sec == 's' && arglen && !d->category)
                d->category = xstrndup(arg, arglen);
        }
        s = next;
    }
}

static void doc_free(Doc *d)
{
    for (int i = 0; i < 6; i++)
        sb_free(&d->sec[i]);
    for (int i = 0; i < d->nhandlers; i++) {
        free(d->handlers[i].head);
        sb_free(&d->handlers[i].body);
    }
    free(d->handlers);
    free(d->category);
}

static const char *doc_section(Doc *d, char letter)
{
    return sb_str(&d->sec[strchr(SECTIONS, letter) - SECTIONS]);
}

/* The one-line summary (=s) of a class, plain text, into out. */
static void class_summary(const ElementClass *c, StrBuf *out)
{
    Doc d;
    doc_parse(c->doc ? c->doc : "", &d);
    const char *s = doc_section(&d, 's');
    while (isspace((unsigned char)*s))
        s++;
    const char *end = strstr(s, "\n\n");
    size_t n = end ? (size_t)(end - s) : strlen(s);
    StrBuf raw = {0};
    if (n)
        put_plain(&raw, s, n);
    else if (d.category)
        sb_puts(&raw, d.category);
    for (const char *p = sb_str(&raw); *p; p++)    /* one line */
        sb_putc(out, isspace((unsigned char)*p) ? ' ' : *p);
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    sb_free(&raw);
    doc_free(&d);
}

void registry_print_list(FILE *out)
{
    int wname = (int)strlen("CLASS"), wports = (int)strlen("PORTS");
    for (int i = 0; i < NCLASSES; i++) {
        int a = (int)strlen(classes[i]->name);
        int b = (int)strlen(classes[i]->port_count);
        wname = a > wname ? a : wname;
        wports = b > wports ? b : wports;
    }
    fprintf(out, "%-*s  %-*s  %-10s  %-8s  %s\n", wname, "CLASS", wports,
            "PORTS", "PROCESSING", "HARDWARE", "SUMMARY");
    for (int i = 0; i < NCLASSES; i++) {
        const ElementClass *c = classes[i];
        StrBuf sum = {0};
        class_summary(c, &sum);
        fprintf(out, "%-*s  %-*s  %-10s  %-8s  %s\n", wname, c->name, wports,
                c->port_count, c->processing, c->impl ? "yes" : "no",
                sb_str(&sum));
        sb_free(&sum);
    }
}

/* "1 input", "no outputs", "1 to 2 outputs", "any number of inputs"... */
static void describe_ports(StrBuf *sb, int lo, int hi, const char *what)
{
    if (hi == lo && lo == 0)
        sb_printf(sb, "no %ss", what);
    else if (hi == lo)
        sb_printf(sb, "%d %s%s", lo, what, lo == 1 ? "" : "s");
    else if (hi < 0 && lo == 0)
        sb_printf(sb, "any number of %ss", what);
    else if (hi < 0)
        sb_printf(sb, "%d or more %ss", lo, what);
    else
        sb_printf(sb, "%d to %d %ss", lo, hi, what);
}

static const char *proc_name(char code)
{
    return code == 'h' ? "push" : code == 'l' ? "pull" : "agnostic";
}

/* One side of a processing code: "inputs push", or port by port when
 * they differ: "output 0 pull, outputs 1 and up push" (the last code
 * stands for every further port). */
static void describe_proc(StrBuf *sb, const char *codes, size_t n,
                          const char *what)
{
    bool same = true;
    for (size_t i = 1; i < n; i++)
        same = same && codes[i] == codes[0];
    if (same) {
        sb_printf(sb, "%ss %s", what, n ? proc_name(codes[0]) : "none");
        return;
    }
    for (size_t i = 0; i + 1 < n; i++)
        sb_printf(sb, "%s %zu %s, ", what, i, proc_name(codes[i]));
    sb_printf(sb, "%ss %zu and up %s", what, n - 1, proc_name(codes[n - 1]));
}

static void print_section(FILE *out, const char *title, const char *text)
{
    while (*text == '\n')
        text++;
    if (!*text)
        return;
    fprintf(out, "\n%s\n", title);
    print_text(out, text, 4);
}

/* Prints the =h entries, "name mode" as "name (mode)". */
static void print_handlers(FILE *out, DocEntry *e, int n)
{
    if (!n)
        return;
    fprintf(out, "\nELEMENT HANDLERS\n");
    for (int i = 0; i < n; i++) {
        const char *h = e[i].head;
        size_t w = strcspn(h, " \t");
        fprintf(out, "%s    %.*s", i ? "\n" : "", (int)w, h);
        if (h[w])
            fprintf(out, " (%s)", h + w + strspn(h + w, " \t"));
        fputc('\n', out);
        print_text(out, sb_str(&e[i].body), 8);
    }
}

bool registry_print_doc(const char *name, FILE *out)
{
    const ElementClass *c = registry_find(name);
    if (!c)
        return false;
    Doc d;
    doc_parse(c->doc ? c->doc : "", &d);
    StrBuf sb = {0};

    class_summary(c, &sb);
    fprintf(out, "NAME\n    %s - %s\n", c->name, sb_str(&sb));
    sb_free(&sb);

    PortRange pr;
    if (port_count_parse(c->port_count, &pr)) {
        describe_ports(&sb, pr.in_lo, pr.in_hi, "input");
        sb_puts(&sb, ", ");
        if (pr.out_equal == 1)
            sb_puts(&sb, "as many outputs as inputs");
        else if (pr.out_equal > 1)
            sb_printf(&sb, "%d more outputs than inputs", pr.out_equal - 1);
        else
            describe_ports(&sb, pr.out_lo, pr.out_hi, "output");
    } else {
        sb_puts(&sb, c->port_count);
    }
    const char *p = c->processing, *slash = strchr(p, '/');
    StrBuf proc = {0};
    if (strspn(p, "/a") == strlen(p) || strspn(p, "/h") == strlen(p) ||
        strspn(p, "/l") == strlen(p)) {
        sb_puts(&proc, proc_name(*p));
    } else if (slash) {
        describe_proc(&proc, p, (size_t)(slash - p), "input");
        sb_puts(&proc, "; ");
        describe_proc(&proc, slash + 1, strlen(slash + 1), "output");
    } else {
        sb_puts(&proc, p);
    }
    fprintf(out, "\nSYNOPSIS\n");
    print_lines(out, doc_section(&d, 'c'), 4);
    fprintf(out, "\n    Ports: %s (%s)\n    Processing: %s (%s)\n",
            sb_str(&sb), c->port_count, sb_str(&proc), c->processing);
    if (c->flow_code)
        fprintf(out, "    Flow code: %s\n", c->flow_code);
    if (*c->annos_read)
        fprintf(out, "    Annotations read: %s\n", c->annos_read);
    if (*c->annos_written)
        fprintf(out, "    Annotations written: %s\n", c->annos_written);
    if (c->csr_bytes)
        fprintf(out, "    Registers: %u bytes\n", c->csr_bytes);
    fprintf(out, "    Hardware: %s\n",
            c->impl ? "yes" : "not implemented yet");

    print_section(out, "DESCRIPTION", doc_section(&d, 'd'));
    print_section(out, "NOTES", doc_section(&d, 'n'));
    print_section(out, "EXAMPLES", doc_section(&d, 'e'));
    print_handlers(out, d.handlers, d.nhandlers);
    print_section(out, "SEE ALSO", doc_section(&d, 'a'));

    sb_free(&proc);
    sb_free(&sb);
    doc_free(&d);
    return true;
}
