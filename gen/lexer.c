/*
 * lexer.c -- Click language tokens and configuration strings.
 *
 * Tokens follow Click's lexical rules: identifiers are letters, digits,
 * '_', '@' and inner single slashes; "//" and slash-star comments separate
 * tokens; a '#' in column 1 starts a line directive ("# 12 "file"" or
 * "#line 12 "file"") that changes the logical file and line of the lines
 * after it.  A configuration string is read raw, up to the ')' that
 * balances its '(', skipping quoted strings and comments.
 *
 * The second half holds Click's argument rules for configuration strings:
 * splitting at commas and spaces, comments, quoting and backslash escapes.
 */
#include "fpgagen.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static bool word_char(int c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '@';
}

static bool is_newline(int c) { return c == '\n' || c == '\r'; }

/* ---- Lines and locations ------------------------------------------------ */

/* p points at '\n' or '\r': steps over the newline ("\r\n" is one) and
 * starts the next physical line. */
static const char *newline(Lexer *lx, const char *p)
{
    if (*p == '\r' && p + 1 < lx->end && p[1] == '\n')
        p++;
    p++;
    lx->line_start = p;
    lx->line_len = -1;
    lx->phys_line++;
    return p;
}

static const char *to_eol(const Lexer *lx, const char *p)
{
    while (p < lx->end && !is_newline(*p))
        p++;
    return p;
}

SrcLoc lexer_loc(Lexer *lx, const char *p)
{
    if (lx->line_len < 0)
        lx->line_len = (int)(to_eol(lx, lx->line_start) - lx->line_start);
    long line = lx->phys_line + lx->line_delta;
    SrcLoc loc = {
        .file = lx->file,
        .line = line < 1 ? 1 : line > INT_MAX ? INT_MAX : (int)line,
        .col = (int)(p - lx->line_start) + 1,
        .text = lx->line_start,
        .text_len = lx->line_len,
    };
    return loc;
}

void lexer_init(Lexer *lx, Diag *d, Arena *a, const char *file,
                const char *src, size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->diag = d;
    lx->arena = a;
    lx->src = lx->pos = lx->line_start = src;
    lx->end = src + len;
    lx->line_len = -1;
    lx->phys_line = 1;
    lx->file = lx->orig_file = file;
    /* "#!" on the first line names an interpreter; it is not a directive. */
    if (len >= 2 && src[0] == '#' && src[1] == '!')
        lx->pos = to_eol(lx, src);
}

/* ---- Comments and line directives --------------------------------------- */

/* p points at slash-star; returns the byte after the closing star-slash,
 * reporting an unterminated comment. */
static const char *skip_block_comment(Lexer *lx, const char *p, bool *bad)
{
    SrcLoc at = lexer_loc(lx, p);
    for (p += 2; p < lx->end;) {
        if (is_newline(*p))
            p = newline(lx, p);
        else if (*p == '*' && p + 1 < lx->end && p[1] == '/')
            return p + 2;
        else
            p++;
    }
    diag_error(lx->diag, at, 2, "unterminated comment");
    if (bad)
        *bad = true;
    return p;
}

static const char *skip_blanks(const Lexer *lx, const char *p)
{
    while (p < lx->end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* p points at a '#' in column 1. */
static const char *line_directive(Lexer *lx, const char *p)
{
    SrcLoc at = lexer_loc(lx, p);
    const char *s = skip_blanks(lx, p + 1);
    if (lx->end - s > 4 && memcmp(s, "line", 4) == 0 &&
        (s[4] == ' ' || s[4] == '\t'))
        s = skip_blanks(lx, s + 5);
    if (s >= lx->end || !isdigit((unsigned char)*s)) {
        diag_error(lx->diag, at, (int)(to_eol(lx, p) - p),
                   "unknown preprocessor directive");
        return to_eol(lx, s);
    }
    long n = 0;
    for (; s < lx->end && isdigit((unsigned char)*s); s++)
        if (n < 1000000000L)
            n = n * 10 + (*s - '0');
    s = skip_blanks(lx, s);
    if (s < lx->end && *s == '"') {
        const char *q = s + 1;
        while (q < lx->end && *q != '"' && !is_newline(*q)) {
            if (*q == '\\' && q + 1 < lx->end && !is_newline(q[1]))
                q++;
            q++;
        }
        /* Unquote the name as Click does, closing the quote if needed. */
        size_t n_in = (size_t)(q - s);
        char *tmp = xmalloc(n_in + 2);
        memcpy(tmp, s, n_in);
        tmp[n_in] = '"';
        tmp[n_in + 1] = '\0';
        char *name = config_unquote(lx->arena, tmp, n_in + 1);
        free(tmp);
        lx->file = *name ? name : lx->orig_file;
        s = q;
    }
    /* The line after this one has number n. */
    lx->line_delta = n - (long)(lx->phys_line + 1);
    return to_eol(lx, s);
}

static void skip_space(Lexer *lx)
{
    const char *s = lx->pos;
    while (s < lx->end) {
        char c = *s;
        if (is_newline(c))
            s = newline(lx, s);
        else if (isspace((unsigned char)c))
            s++;
        else if (c == '/' && s + 1 < lx->end && s[1] == '/')
            s = to_eol(lx, s);
        else if (c == '/' && s + 1 < lx->end && s[1] == '*')
            s = skip_block_comment(lx, s, NULL);
        else if (c == '#' && s == lx->line_start)
            s = line_directive(lx, s);
        else
            break;
    }
    lx->pos = s;
}

/* ---- Tokens -------------------------------------------------------------- */

static Token make(Lexer *lx, int kind, const char *s, size_t len)
{
    Token t = {.kind = kind, .text = s, .len = (int)len};
    t.loc = lexer_loc(lx, s);
    lx->pos = s + len;
    return t;
}

static const struct {
    const char *word;
    int kind;
} keywords[] = {
    {"elementclass", TK_ELEMENTCLASS},
    {"require", TK_REQUIRE},
    {"provide", TK_PROVIDE},
    {"define", TK_DEFINE},
    {"connectiontunnel", TK_TUNNEL},
};

Token lexer_next(Lexer *lx)
{
    if (lx->npushed)
        return lx->pushed[--lx->npushed];
    skip_space(lx);
    const char *s = lx->pos, *end = lx->end;
    if (s >= end)
        return make(lx, TK_EOF, s, 0);

    if (word_char(*s)) {
        const char *p = s + 1;
        for (;;) {
            while (p < end && word_char(*p))
                p++;
            if (p + 1 < end && *p == '/' && word_char(p[1])) {
                p++;
                continue;
            }
            break;
        }
        size_t n = (size_t)(p - s);
        for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
            if (strlen(keywords[i].word) == n &&
                memcmp(keywords[i].word, s, n) == 0)
                return make(lx, keywords[i].kind, s, n);
        return make(lx, TK_IDENT, s, n);
    }
    if (*s == '$') {
        const char *p = s + 1;
        while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
            p++;
        if (p > s + 1) {
            Token t = make(lx, TK_VAR, s, (size_t)(p - s));
            t.text++;           /* the name, without '$' */
            t.len--;
            return t;
        }
    }
    if (s + 1 < end) {
        static const struct {
            char a, b;
            int kind;
        } pairs[] = {
            {'-', '>', TK_ARROW}, {'=', '>', TK_2ARROW},
            {':', ':', TK_2COLON}, {'|', '|', TK_2BAR},
        };
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
            if (s[0] == pairs[i].a && s[1] == pairs[i].b)
                return make(lx, pairs[i].kind, s, 2);
    }
    if (s + 2 < end && s[0] == '.' && s[1] == '.' && s[2] == '.')
        return make(lx, TK_3DOT, s, 3);
    return make(lx, (unsigned char)*s, s, 1);
}

void lexer_unlex(Lexer *lx, Token t)
{
    /* The parser gives back at most two tokens in a row. */
    if (lx->npushed < (int)(sizeof lx->pushed / sizeof lx->pushed[0]))
        lx->pushed[lx->npushed++] = t;
}

const char *token_desc(const Token *t, char *buf, size_t n)
{
    if (t->kind == TK_EOF) {
        snprintf(buf, n, "end of input");
    } else if (t->kind < 256 && !isgraph(t->kind)) {
        snprintf(buf, n, "'\\x%02x'", (unsigned)t->kind);
    } else {
        const char *q = t->kind == TK_VAR ? "$" : "";
        int len = t->len > 60 ? 60 : t->len;
        snprintf(buf, n, "'%s%.*s%s'", q, len, t->text,
                 t->len > 60 ? "..." : "");
    }
    return buf;
}

/* ---- Configuration strings ----------------------------------------------- */

/* p points at a quote; returns the byte after the closing quote. */
static const char *skip_quote(Lexer *lx, const char *p, bool *bad);

/* p points at "\<"; returns the byte after the closing '>'. */
static const char *skip_angle(Lexer *lx, const char *p, bool *bad)
{
    for (p += 2; p < lx->end;) {
        if (is_newline(*p))
            p = newline(lx, p);
        else if (*p == '/' && p + 1 < lx->end && p[1] == '/')
            p = to_eol(lx, p);
        else if (*p == '/' && p + 1 < lx->end && p[1] == '*')
            p = skip_block_comment(lx, p, bad);
        else if (*p == '>')
            return p + 1;
        else
            p++;
    }
    return p;
}

static const char *skip_quote(Lexer *lx, const char *p, bool *bad)
{
    char endc = *p;
    SrcLoc at = lexer_loc(lx, p);
    for (p++; p < lx->end;) {
        if (is_newline(*p)) {
            p = newline(lx, p);
        } else if (*p == '\\' && endc == '"' && p + 1 < lx->end) {
            if (p[1] == '<')
                p = skip_angle(lx, p, bad);
            else if (is_newline(p[1]))
                p++;
            else
                p += 2;
        } else if (*p == endc) {
            return p + 1;
        } else {
            p++;
        }
    }
    diag_error(lx->diag, at, 1, "missing terminating %c character", endc);
    *bad = true;
    return p;
}

bool lexer_config(Lexer *lx, SrcLoc open, const char **text, int *len,
                  SrcLoc *loc)
{
    const char *s = lx->pos;
    *text = s;
    *loc = lexer_loc(lx, s);
    unsigned long depth = 1;
    bool bad = false;
    while (s < lx->end) {
        char c = *s;
        if (c == '(') {
            depth++;
            s++;
        } else if (c == ')') {
            if (--depth == 0)
                break;
            s++;
        } else if (is_newline(c)) {
            s = newline(lx, s);
        } else if (c == '/' && s + 1 < lx->end && s[1] == '/') {
            s = to_eol(lx, s);
        } else if (c == '/' && s + 1 < lx->end && s[1] == '*') {
            s = skip_block_comment(lx, s, &bad);
        } else if (c == '\'' || c == '"') {
            s = skip_quote(lx, s, &bad);
        } else if (c == '\\' && s + 1 < lx->end && s[1] == '<') {
            s = skip_angle(lx, s, &bad);
        } else {
            s++;
        }
    }
    *len = (int)(s - *text);
    lx->pos = s;
    if (s >= lx->end) {
        if (!bad)
            diag_error(lx->diag, open, 1,
                       "unterminated configuration string: expected ')'");
        return false;
    }
    return true;
}

/* ---- Click's argument rules ------------------------------------------------ */

void strvec_push(StrVec *v, const char *s) { VEC_PUSH(v->items, v->n, v->cap, s); }

void strvec_free(StrVec *v)
{
    free(v->items);
    memset(v, 0, sizeof *v);
}

/* Comment starting at s (slash-slash or slash-star): the byte after it.
 * A line comment includes its newline. */
static const char *cskip_comment(const char *s, const char *end)
{
    if (s[1] == '/') {
        for (s += 2; s < end && !is_newline(*s); s++)
            ;
        if (s + 1 < end && s[0] == '\r' && s[1] == '\n')
            s++;
        return s < end ? s + 1 : end;
    }
    for (s += 2; s + 1 < end; s++)
        if (s[0] == '*' && s[1] == '/')
            return s + 2;
    return end;
}

static bool comment_at(const char *s, const char *end)
{
    return *s == '/' && s + 1 < end && (s[1] == '/' || s[1] == '*');
}

static const char *cskip_comment_space(const char *s, const char *end)
{
    while (s < end) {
        if (isspace((unsigned char)*s))
            s++;
        else if (comment_at(s, end))
            s = cskip_comment(s, end);
        else
            break;
    }
    return s;
}

/* s points at "\"; returns the byte after the escape ("\<...>" whole). */
static const char *cskip_backslash(const char *s, const char *end)
{
    if (s + 1 >= end)
        return end;
    if (s[1] == '<') {
        for (s += 2; s < end;) {
            if (*s == '>')
                return s + 1;
            if (comment_at(s, end))
                s = cskip_comment(s, end);
            else
                s++;
        }
        return end;
    }
    if (s[1] == '\r' && s + 2 < end && s[2] == '\n')
        return s + 3;
    return s + 2;
}

static const char *cskip_double_quote(const char *s, const char *end)
{
    for (s++; s < end;) {
        if (*s == '\\')
            s = cskip_backslash(s, end);
        else if (*s == '"')
            return s + 1;
        else
            s++;
    }
    return end;
}

static const char *cskip_single_quote(const char *s, const char *end)
{
    for (s++; s < end; s++)
        if (*s == '\'')
            return s + 1;
    return end;
}

/* One argument from s: space trimmed, each comment (with the space around
 * it) turned into one space; stops at an unquoted comma when split.
 * *stop gets where it stopped. */
static char *uncomment(Arena *a, const char *s, const char *end, bool split,
                       const char **stop)
{
    s = cskip_comment_space(s, end);
    StrBuf sb = {0};
    const char *left = s, *right = s;
    bool closed = false;
    while (s < end) {
        if (isspace((unsigned char)*s)) {
            s++;
        } else if (comment_at(s, end)) {
            s = cskip_comment(s, end);
            closed = true;
        } else if (*s == ',' && split) {
            break;
        } else {
            if (closed) {
                sb_putn(&sb, left, (size_t)(right - left));
                sb_putc(&sb, ' ');
                left = s;
                closed = false;
            }
            if (*s == '\'')
                s = cskip_single_quote(s, end);
            else if (*s == '"')
                s = cskip_double_quote(s, end);
            else if (*s == '\\' && s + 1 < end && s[1] == '<')
                s = cskip_backslash(s, end);
            else
                s++;
            right = s;
        }
    }
    if (stop)
        *stop = s;
    sb_putn(&sb, left, (size_t)(right - left));
    char *r = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

void config_argvec(Arena *a, const char *s, size_t n, StrVec *out)
{
    const char *end = s + n;
    for (const char *p = s; p < end; p++) {
        const char *stop;
        char *arg = uncomment(a, p, end, true, &stop);
        if (*arg || stop < end)
            strvec_push(out, arg);
        p = stop;
    }
}

static const char *skip_space_item(const char *s, const char *end)
{
    while (s < end) {
        if (comment_at(s, end) || isspace((unsigned char)*s))
            return s;
        if (*s == '"')
            s = cskip_double_quote(s, end);
        else if (*s == '\'')
            s = cskip_single_quote(s, end);
        else if (*s == '\\' && s + 1 < end && s[1] == '<')
            s = cskip_backslash(s, end);
        else
            s++;
    }
    return s;
}

void config_spacevec(Arena *a, const char *s, size_t n, StrVec *out)
{
    const char *end = s + n;
    while ((s = cskip_comment_space(s, end)) < end) {
        const char *t = skip_space_item(s, end);
        strvec_push(out, arena_strndup(a, s, (size_t)(t - s)));
        s = t;
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* s points at "\": appends what the escape means, returns what follows. */
static const char *backslash(const char *s, const char *end, StrBuf *sb)
{
    if (s + 1 >= end) {
        sb_putc(sb, '\\');
        return end;
    }
    static const char cesc[] = "a\ab\bf\fn\nr\rt\tv\v";
    char c = s[1];
    if (c == '\r')
        return s + 2 < end && s[2] == '\n' ? s + 3 : s + 2;
    if (c == '\n')
        return s + 2;
    for (const char *e = cesc; *e; e += 2)
        if (c == e[0]) {
            sb_putc(sb, e[1]);
            return s + 2;
        }
    if (c >= '0' && c <= '7') {
        int v = 0, d = 0;
        for (s++; s < end && *s >= '0' && *s <= '7' && d < 3; s++, d++)
            v = v * 8 + (*s - '0');
        sb_putc(sb, (char)v);
        return s;
    }
    if (c == 'x') {
        int v = 0;
        for (s += 2; s < end && hexval(*s) >= 0; s++)
            v = (v * 16 + hexval(*s)) & 0xFF;
        sb_putc(sb, (char)v);
        return s;
    }
    if (c == '<') {
        int v = 0, d = 0;
        for (s += 2; s < end;) {
            if (*s == '>')
                return s + 1;
            if (comment_at(s, end)) {
                s = cskip_comment(s, end);
                continue;
            }
            int h = hexval(*s++);
            if (h < 0)
                continue;       /* spaces (and stray bytes) are ignored */
            v = v * 16 + h;
            if (++d == 2) {
                sb_putc(sb, (char)v);
                v = d = 0;
            }
        }
        return end;
    }
    sb_putc(sb, c);
    return s + 2;
}

char *config_unquote(Arena *a, const char *s, size_t n)
{
    char *x = uncomment(a, s, s + n, false, NULL);
    const char *p = x, *end = x + strlen(x), *start = x;
    StrBuf sb = {0};
    int quote = 0;
    while (p < end) {
        if ((*p == '"' || *p == '\'') && (quote == 0 || quote == *p)) {
            sb_putn(&sb, start, (size_t)(p - start));
            quote = quote ? 0 : *p;
            start = ++p;
        } else if (*p == '\\' && p + 1 < end &&
                   (quote == '"' || (quote == 0 && p[1] == '<'))) {
            sb_putn(&sb, start, (size_t)(p - start));
            p = start = backslash(p, end, &sb);
        } else {
            p++;
        }
    }
    sb_putn(&sb, start, (size_t)(end - start));
    char *r = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

char *config_quote(Arena *a, const char *s)
{
    StrBuf sb = {0};
    sb_putc(&sb, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[4] = {'\\', (char)c};
        int n = 2;
        if (c == '\t' || c == '\r' || c == '\n') {
            esc[1] = c == '\t' ? 't' : c == '\r' ? 'r' : 'n';
        } else if (c < 32 || c >= 127) {
            esc[1] = (char)('0' + (c >> 6));
            esc[2] = (char)('0' + ((c >> 3) & 7));
            esc[3] = (char)('0' + (c & 7));
            n = 4;
        } else if (c != '\\' && c != '"' && c != '$') {
            esc[0] = (char)c;
            n = 1;
        }
        sb_putn(&sb, esc, (size_t)n);
    }
    sb_putc(&sb, '"');
    char *r = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

bool config_keyword(const char *arg, const char **kw_end, const char **rest)
{
    const char *s = arg;
    for (; *s && !isspace((unsigned char)*s); s++)
        if (!isalnum((unsigned char)*s) && !strchr("_.:?!", *s))
            return false;
    if (s == arg)
        return false;
    *kw_end = s;
    while (*s && isspace((unsigned char)*s))
        s++;
    *rest = s;
    return true;
}

const char *config_first_word(const char *s, const char **word,
                              const char **word_end)
{
    const char *end = s + strlen(s);
    *word = cskip_comment_space(s, end);
    *word_end = skip_space_item(*word, end);
    return cskip_comment_space(*word_end, end);
}
