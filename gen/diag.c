/*
 * diag.c -- diagnostics in the gcc/clang layout: a location, a kind, the
 * message, then the source line with a caret under the culprit.
 */
#include "fpgagen.h"

#include <string.h>

void diag_init(Diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

bool diag_failed(const Diag *d)
{
    return d->errors > 0 || (d->werror && d->warnings > 0);
}

/* Prints the source line and the caret line under it. */
static void print_excerpt(FILE *out, SrcLoc loc, int span)
{
    char num[24];
    int width = snprintf(num, sizeof num, "%d", loc.line);
    if (width < 5)
        width = 5;
    int len = loc.text_len;
    fprintf(out, "%*d | ", width, loc.line);
    for (int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)loc.text[i];
        /* Keep the excerpt printable: control bytes show as '?'. */
        fputc(c == '\t' || c >= 0x20 ? c : '?', out);
    }
    fprintf(out, "\n%*s | ", width, "");
    int col = loc.col < 1 ? 1 : loc.col;
    if (col > len + 1)
        col = len + 1;
    for (int i = 0; i < col - 1; i++)
        fputc(loc.text[i] == '\t' ? '\t' : ' ', out);
    fputc('^', out);
    if (span > len - (col - 1))
        span = len - (col - 1);
    for (int i = 1; i < span; i++)
        fputc('~', out);
    fputc('\n', out);
}

void diag_vreport(Diag *d, DiagKind kind, SrcLoc loc, int span,
                  const char *fmt, va_list ap)
{
    static const char *const names[] = {"error", "warning", "note"};
    if (kind == DIAG_ERROR)
        d->errors++;
    else if (kind == DIAG_WARNING)
        d->warnings++;
    if (d->max_errors && d->errors > d->max_errors) {
        if (kind == DIAG_ERROR && d->errors == d->max_errors + 1)
            fprintf(d->out, "fpgagen: too many errors, stopping output\n");
        return;
    }
    const char *what = names[kind];
    if (kind == DIAG_WARNING && d->werror)
        what = "error";
    if (loc.file && loc.line > 0)
        fprintf(d->out, "%s:%d:%d: %s: ", loc.file, loc.line,
                loc.col > 0 ? loc.col : 1, what);
    else
        fprintf(d->out, "%s: %s: ", loc.file ? loc.file : "fpgagen", what);
    vfprintf(d->out, fmt, ap);
    if (kind == DIAG_WARNING && d->werror)
        fputs(" [-Werror]", d->out);
    fputc('\n', d->out);
    if (loc.text && loc.line > 0)
        print_excerpt(d->out, loc, span < 1 ? 1 : span);
}

void diag_report(Diag *d, DiagKind kind, SrcLoc loc, int span,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(d, kind, loc, span, fmt, ap);
    va_end(ap);
}
