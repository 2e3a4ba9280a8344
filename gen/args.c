/*
 * args.c -- element configuration strings, parsed with Click's argument
 * conventions: comma-separated arguments, positional or `KEYWORD value`,
 * quotes and brackets protecting commas, and Click's value syntaxes
 * (integers, booleans, Ethernet and IP addresses, prefixes, strings).
 */
#include "datapath.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Location of byte off of a configuration string that begins at base. */
static SrcLoc loc_advance(SrcLoc base, const char *s, size_t off)
{
    SrcLoc l = base;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l.line++;
            l.col = 1;
            l.text = NULL;  /* the next physical line is not known here */
            l.text_len = 0;
        } else {
            l.col++;
        }
    }
    return l;
}

/* Skips a quoted string starting at s[i] (a quote); returns the index
 * just past it (or the end when unterminated). */
static size_t skip_quote(const char *s, size_t i, size_t n)
{
    char q = s[i++];
    while (i < n && s[i] != q) {
        if (q == '"' && s[i] == '\\' && i + 1 < n)
            i++;
        i++;
    }
    return i < n ? i + 1 : n;
}

/* Skips a comment at s[i] if there is one; returns the new index. */
static size_t skip_comment(const char *s, size_t i, size_t n)
{
    if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
        while (i < n && s[i] != '\n')
            i++;
    } else if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
        i += 2;
        while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
            i++;
        i = i + 1 < n ? i + 2 : n;
    }
    return i;
}

/* Copies s[b, e) without comments and with outer space trimmed. */
static char *clean_arg(Arena *a, const char *s, size_t b, size_t e,
                       size_t *lead)
{
    StrBuf sb = {0};
    for (size_t i = b; i < e;) {
        size_t j = skip_comment(s, i, e);
        if (j != i) {
            sb_putc(&sb, ' ');
            i = j;
        } else if (s[i] == '"' || s[i] == '\'') {
            j = skip_quote(s, i, e);
            sb_putn(&sb, s + i, j - i);
            i = j;
        } else {
            sb_putc(&sb, s[i++]);
        }
    }
    const char *t = sb_str(&sb);
    size_t n = sb.len, k = 0;
    while (k < n && isspace((unsigned char)t[k]))
        k++;
    while (n > k && isspace((unsigned char)t[n - 1]))
        n--;
    char *out = arena_strndup(a, t + k, n - k);
    sb_free(&sb);
    /* Leading bytes skipped in the source (space and comments). */
    size_t l = b;
    for (;;) {
        size_t j = skip_comment(s, l, e);
        if (j != l) {
            l = j;
        } else if (l < e && isspace((unsigned char)s[l])) {
            l++;
        } else {
            break;
        }
    }
    *lead = l - b;
    return out;
}

static bool is_keyword_char(char c, bool first)
{
    return (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

void conf_init(ConfCtx *c, Diag *d, const Element *e, Arena *arena)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->e = e;
    c->arena = arena;
    const char *s = e->config ? e->config : "";
    size_t n = strlen(s);
    int cap = 0;
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= n;) {
        if (i == n || (s[i] == ',' && depth == 0)) {
            size_t lead;
            char *v = clean_arg(arena, s, start, i, &lead);
            /* Click: an empty configuration has no arguments, and a
             * trailing comma adds none. */
            if (*v || i < n) {
                ConfArg arg = {NULL, v, loc_advance(e->config_loc, s,
                                                    start + lead), false};
                VEC_PUSH(c->args, c->nargs, cap, arg);
            }
            if (i == n)
                break;
            start = ++i;
            continue;
        }
        size_t j = skip_comment(s, i, n);
        if (j != i) {
            i = j;
        } else if (s[i] == '"' || s[i] == '\'') {
            i = skip_quote(s, i, n);
        } else {
            if (s[i] == '(' || s[i] == '[' || s[i] == '{')
                depth++;
            else if ((s[i] == ')' || s[i] == ']' || s[i] == '}') && depth)
                depth--;
            i++;
        }
    }
    /* Keep the argument vector in the arena so the context owns nothing. */
    if (c->nargs) {
        ConfArg *v = arena_alloc(arena, (size_t)c->nargs * sizeof *v);
        memcpy(v, c->args, (size_t)c->nargs * sizeof *v);
        free(c->args);
        c->args = v;
    } else {
        free(c->args);
        c->args = NULL;
    }
}

void conf_error(ConfCtx *c, const ConfArg *a, const char *fmt, ...)
{
    StrBuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    SrcLoc loc = a ? a->loc : c->e->loc;
    int span = a && *a->value ? (int)strcspn(a->value, "\n") : 1;
    diag_error(c->d, loc, span, "%s '%s': %s", c->e->class_name,
               c->e->name, sb_str(&sb));
    sb_free(&sb);
}

/* Splits "KEYWORD value" when the keyword is one the table accepts. */
static const ArgSpec *match_keyword(ConfArg *a, const ArgSpec *spec)
{
    const char *v = a->value;
    size_t k = 0;
    while (v[k] && is_keyword_char(v[k], k == 0))
        k++;
    if (k == 0 || (v[k] && !isspace((unsigned char)v[k])))
        return NULL;
    for (const ArgSpec *s = spec; s->keyword; s++) {
        if ((s->flags & ARGF_KEYWORD) && strlen(s->keyword) == k &&
            strncmp(s->keyword, v, k) == 0) {
            size_t skip = k;
            while (v[skip] && isspace((unsigned char)v[skip]))
                skip++;
            a->keyword = s->keyword;
            a->loc.col += (int)skip;
            a->value = v + skip;
            return s;
        }
    }
    return NULL;
}

static const char *type_noun(ArgType t)
{
    switch (t) {
    case ARG_UINT: return "unsigned integer";
    case ARG_INT: return "integer";
    case ARG_BOOL: return "true or false";
    case ARG_STRING: return "string";
    case ARG_WORD: return "word";
    case ARG_ETHER: return "Ethernet address";
    case ARG_IP: return "IP address";
    case ARG_IP_PREFIX: return "IP address prefix";
    case ARG_REST: return "arguments";
    }
    return "value";
}

/* Parses one value into conf according to its spec. */
static bool store(ConfCtx *c, const ArgSpec *s, ConfArg *a, void *conf,
                  const char *rest)
{
    char *field = (char *)conf + s->offset;
    const char *v = a->value;
    bool ok = true;
    switch (s->type) {
    case ARG_UINT: {
        uint64_t x;
        ok = parse_uint(v, &x);
        if (ok && s->max > s->min &&
            (x < (uint64_t)s->min || x > (uint64_t)s->max)) {
            conf_error(c, a, "%s: %s out of range %lld to %lld", s->keyword,
                       v, (long long)s->min, (long long)s->max);
            return false;
        }
        if (ok)
            memcpy(field, &x, sizeof x);
        break;
    }
    case ARG_INT: {
        int64_t x;
        ok = parse_int(v, &x);
        if (ok && s->max > s->min && (x < s->min || x > s->max)) {
            conf_error(c, a, "%s: %s out of range %lld to %lld", s->keyword,
                       v, (long long)s->min, (long long)s->max);
            return false;
        }
        if (ok)
            memcpy(field, &x, sizeof x);
        break;
    }
    case ARG_BOOL:
        ok = parse_bool(v, (bool *)field);
        break;
    case ARG_STRING: {
        char *str = parse_string(c->arena, v);
        ok = str != NULL;
        if (ok)
            memcpy(field, &str, sizeof str);
        break;
    }
    case ARG_WORD: {
        ok = *v && !v[strcspn(v, " \t\r\n\"'")];
        const char *w = v;
        if (ok)
            memcpy(field, &w, sizeof w);
        break;
    }
    case ARG_ETHER:
        ok = parse_ether(v, (uint8_t *)field);
        break;
    case ARG_IP:
        ok = parse_ip(v, (uint32_t *)field);
        break;
    case ARG_IP_PREFIX:
        ok = parse_ip_prefix(v, (IpPrefix *)field);
        break;
    case ARG_REST:
        memcpy(field, &rest, sizeof rest);
        break;
    }
    if (!ok) {
        conf_error(c, a, "%s: expected %s", s->keyword, type_noun(s->type));
        return false;
    }
    if (s->given_offset)
        *(bool *)((char *)conf + s->given_offset) = true;
    return true;
}

bool conf_parse(ConfCtx *c, const ArgSpec *spec, void *conf)
{
    int nspec = 0;
    while (spec[nspec].keyword)
        nspec++;
    ConfArg **given = arena_alloc(c->arena, (size_t)(nspec + 1) * sizeof *given);
    int errors = c->d->errors;
    int next_pos = 0;       /* next positional spec to fill */
    bool positional_done = false;
    for (int i = 0; i < c->nargs; i++) {
        ConfArg *a = &c->args[i];
        if (a->used)
            continue;
        const ArgSpec *s = match_keyword(a, spec);
        if (s) {
            int k = (int)(s - spec);
            if (given[k]) {
                conf_error(c, a, "%s given more than once", s->keyword);
                continue;
            }
            given[k] = a;
            positional_done = true;  /* Click: positionals come first */
            continue;
        }
        while (next_pos < nspec &&
               (!(spec[next_pos].flags & ARGF_POSITIONAL) || given[next_pos]))
            next_pos++;
        if (positional_done || next_pos == nspec) {
            conf_error(c, a, "too many arguments");
            continue;
        }
        given[next_pos] = a;
        if (spec[next_pos].type == ARG_REST) {
            /* Join this and every later positional argument. */
            StrBuf sb = {0};
            for (int j = i; j < c->nargs; j++) {
                if (c->args[j].used)
                    continue;
                sb_printf(&sb, "%s%s", j > i ? ", " : "", c->args[j].value);
                c->args[j].used = true;
            }
            const char *rest = arena_strdup(c->arena, sb_str(&sb));
            sb_free(&sb);
            store(c, &spec[next_pos], a, conf, rest);
            a->used = true;
            next_pos = nspec;
            positional_done = true;
            continue;
        }
        next_pos++;
    }
    for (int k = 0; k < nspec; k++) {
        if (given[k]) {
            ConfArg *a = given[k];
            if (!a->used)
                store(c, &spec[k], a, conf, NULL);
            a->used = true;
        } else if (spec[k].flags & ARGF_MANDATORY) {
            conf_error(c, NULL, "missing mandatory %s argument",
                       spec[k].keyword);
        }
    }
    return c->d->errors == errors;
}

/* ---- Value syntaxes --------------------------------------------------- */

bool parse_uint(const char *s, uint64_t *v)
{
    if (!*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end)
        return false;
    *v = x;
    return true;
}

bool parse_int(const char *s, int64_t *v)
{
    if (!*s || isspace((unsigned char)*s))
        return false;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 0);
    if (errno || *end)
        return false;
    *v = x;
    return true;
}

bool parse_bool(const char *s, bool *v)
{
    static const char *const yes[] = {"true", "yes", "1", "t", "y", "on"};
    static const char *const no[] = {"false", "no", "0", "f", "n", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(s, yes[i]) == 0)
            return *v = true, true;
        if (strcmp(s, no[i]) == 0)
            return *v = false, true;
    }
    return false;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool parse_ether(const char *s, uint8_t out[6])
{
    char sep = 0;
    for (int i = 0; i < 6; i++) {
        int hi = hexval(*s);
        if (hi < 0)
            return false;
        int lo = hexval(s[1]);
        out[i] = (uint8_t)(lo < 0 ? hi : hi * 16 + lo);
        s += lo < 0 ? 1 : 2;
        if (i < 5) {
            if ((*s != ':' && *s != '-') || (sep && *s != sep))
                return false;
            sep = *s++;
        }
    }
    return *s == '\0';
}

bool parse_ip(const char *s, uint32_t *v)
{
    uint32_t x = 0;
    for (int i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)*s))
            return false;
        unsigned part = 0;
        int digits = 0;
        while (isdigit((unsigned char)*s) && digits < 4)
            part = part * 10 + (unsigned)(*s++ - '0'), digits++;
        if (part > 255 || isdigit((unsigned char)*s))
            return false;
        x = x << 8 | part;
        if (i < 3 && *s++ != '.')
            return false;
    }
    if (*s)
        return false;
    *v = x;
    return true;
}

bool parse_ip_prefix(const char *s, IpPrefix *p)
{
    char buf[64];
    size_t n = strcspn(s, "/ \t");
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (!parse_ip(buf, &p->addr))
        return false;
    const char *m = s + n;
    while (*m == ' ' || *m == '\t')
        m++;
    if (*m == '/')
        m++;
    else if (m == s + n && *m == '\0') {
        p->mask = 0xffffffffu;   /* a bare address: /32 */
        p->len = 32;
        return true;
    }
    uint64_t len;
    uint32_t mask;
    if (parse_uint(m, &len) && len <= 32 && strchr(m, '.') == NULL) {
        p->len = (int)len;
        p->mask = len ? 0xffffffffu << (32 - len) : 0;
    } else if (parse_ip(m, &mask)) {
        /* A netmask must be contiguous ones. */
        uint32_t inv = ~mask;
        if (inv & (inv + 1))
            return false;
        p->mask = mask;
        p->len = 0;
        for (uint32_t b = mask; b; b <<= 1)
            p->len++;
    } else {
        return false;
    }
    return true;
}

char *parse_string(Arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || (s[0] != '"' && s[0] != '\''))
        return arena_strdup(a, s);
    char q = s[0];
    if (n < 2 || s[n - 1] != q)
        return NULL;
    StrBuf sb = {0};
    for (size_t i = 1; i < n - 1; i++) {
        char ch = s[i];
        if (q == '"' && ch == '\\' && i + 1 < n - 1) {
            ch = s[++i];
            switch (ch) {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case '0': ch = '\0'; break;
            default: break;  /* \\ \" and any other: the character */
            }
        } else if (ch == q) {
            sb_free(&sb);
            return NULL;    /* a stray quote inside */
        }
        sb_putc(&sb, ch);
    }
    char *out = arena_strndup(a, sb_str(&sb), sb.len);
    sb_free(&sb);
    return out;
}

int split_words(Arena *a, const char *s, const char ***out)
{
    const char **words = NULL;
    int n = 0, cap = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i == len)
            break;
        size_t b = i;
        int depth = 0;
        while (i < len && (depth || !isspace((unsigned char)s[i]))) {
            if (s[i] == '"' || s[i] == '\'') {
                i = skip_quote(s, i, len);
                continue;
            }
            if (s[i] == '(' || s[i] == '[' || s[i] == '{')
                depth++;
            else if ((s[i] == ')' || s[i] == ']' || s[i] == '}') && depth)
                depth--;
            i++;
        }
        VEC_PUSH(words, n, cap, arena_strndup(a, s + b, i - b));
    }
    const char **v = arena_alloc(a, (size_t)(n + 1) * sizeof *v);
    if (n)
        memcpy(v, words, (size_t)n * sizeof *v);
    free(words);
    *out = v;
    return n;
}
