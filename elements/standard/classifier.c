/*
 * classifier.c -- the Classifier element class: sends packets to outputs by
 * matching their bytes.
 *
 * A pattern compiles to a conjunction of terms, each a clause or a negated
 * clause; a clause is a list of (offset, value, mask) bytes that must all
 * be present and equal under the mask.  Identical clauses are shared
 * between patterns.  In hardware each clause byte is compared on the beat
 * that carries it; the decision is taken at the beat that carries the last
 * byte any pattern tests (or at the packet's end), and the beats wait in a
 * buffer until then.
 */
#include "datapath.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Classifier(PATTERN_1, ..., PATTERN_N)\n"
    "\n"
    "=s classification\n"
    "\n"
    "sends packets to outputs by matching their bytes\n"
    "\n"
    "=d\n"
    "\n"
    "Classifier has one output per pattern. Each packet is compared with\n"
    "the patterns in order and sent out the output of the first pattern it\n"
    "matches; a packet that matches none is dropped.\n"
    "\n"
    "A pattern is a list of clauses separated by spaces, all of which must\n"
    "hold. A clause has the form `I<OFFSET>/I<VALUE>' or\n"
    "`I<OFFSET>/I<VALUE>%I<MASK>': the packet bytes starting at byte OFFSET\n"
    "(decimal) must equal VALUE (hexadecimal, an even number of digits, so\n"
    "its length gives the number of bytes compared). With a MASK of the\n"
    "same length, only the bits set in MASK are compared. A `?' in VALUE\n"
    "or MASK leaves that hex digit unchecked. A clause written with a\n"
    "leading `!' must not hold. A clause that tests bytes past the end of\n"
    "the packet does not hold (so its negation does). The pattern `-', like\n"
    "an empty pattern, matches every packet.\n"
    "\n"
    "Order matters: put specific patterns before general ones. A pattern\n"
    "that no packet can reach (it contradicts itself, or an earlier\n"
    "pattern matches every packet it would) draws a warning.\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware every byte a pattern tests is compared, against constants,\n"
    "on the beat that carries it: stream byte I<head> + OFFSET is in beat\n"
    "(I<head> + OFFSET) / (W/8). Let D be the beat that carries the last\n"
    "byte tested by a pattern that packets can reach (0 when none tests\n"
    "anything). The decision is taken on beat D, or on the last beat of a\n"
    "shorter packet, and registered; the packet's first beat waits until\n"
    "then and leaves in the next cycle, so the latency is D + 1 cycles. For\n"
    "the example below D is 21 at W = 8, 5 at W = 32, 2 at W = 64, 1 at\n"
    "W = 128 and 0 at W >= 256. One beat per cycle is sustained in and\n"
    "out, back-to-back packets included, at every width: the next packet\n"
    "streams in while this one's decision is pending. This holds for\n"
    "packets of any size when D <= 14, and for packets of 60 bytes or more\n"
    "otherwise (shorter ones may make the input wait a few cycles). A packet\n"
    "waits for its output's tready without losing anything; packets that\n"
    "match no pattern are dropped at full rate.\n"
    "\n"
    "Resources: an 8-bit masked comparator per tested byte (a clause used\n"
    "by several patterns is compared once), a flip-flop per clause with\n"
    "bytes before beat D, a beat counter, a queue of decisions (one bit per\n"
    "output each; D + 2 entries rounded up to a power of two, fewer when\n"
    "D > 14), a 64-bit drop counter, and the buffer: a register stage when\n"
    "D = 0, else a FIFO of the smallest power of two of at least D + 2\n"
    "beats, in flip-flops or block RAM as synthesis chooses. The example at\n"
    "W = 64 with no annotations: 337 iCE40 LUTs, 535 flip-flops (370 of\n"
    "them the FIFO) and 70 carry cells.\n"
    "\n"
    "Differences from Click: packets that match no pattern are counted in\n"
    "drops, a handler fpgagen adds. Patterns fpgagen warns about get no\n"
    "comparators. The program handler shows the compiled clause table\n"
    "(also in the module's header comment) instead of Click's word-wise\n"
    "program.\n"
    "\n"
    "IPClassifier and IPFilter take patterns in terms of IP header fields.\n"
    "\n"
    "=e\n"
    "\n"
    "Split Ethernet traffic: ARP requests, ARP replies, IP, everything\n"
    "else:\n"
    "\n"
    "  c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);\n"
    "\n"
    "=h program read-only\n"
    "\n"
    "A human-readable listing of the decision program compiled from the\n"
    "patterns: each step compares masked packet words and names the next\n"
    "step or the output.\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets that matched no pattern and were dropped.\n"
    "\n"
    "=a\n"
    "\n"
    "IPClassifier, IPFilter, CheckLength\n";

static const HandlerSpec handlers[] = {
    {"program", H_READ, "the decision program, for humans"},
    {"drops", H_READ, "packets that matched no pattern"},
    {NULL, 0, NULL},
};

/* ---- The compiled patterns -------------------------------------------- */

/* Offsets are limited as in Click, whose instructions keep 16 bits. */
enum { CLS_MAX_OFFSET = 65535 };

typedef struct ClsByte {
    int off;                /* from the packet's head */
    uint8_t value, mask;    /* mask != 0; value has no bits outside it */
} ClsByte;

typedef struct ClsClause {
    int first, nbytes;      /* bytes[first ..], sorted by offset */
} ClsClause;

typedef struct ClsTerm {
    int clause;
    bool negated;
} ClsTerm;

typedef struct ClsPattern {
    int first, nterms;      /* terms[first ..]; none: every packet */
    bool never;             /* a term can never hold (`!' of a clause
                               that tests nothing) */
    bool dead;              /* no packet can reach it (warned about);
                               the hardware leaves it out */
} ClsPattern;

typedef struct ClassifierConf {
    int npatterns, nclauses;
    ClsPattern *patterns;
    ClsClause *clauses;     /* a clause that tests nothing is never kept */
    ClsTerm *terms;
    ClsByte *bytes;
} ClassifierConf;

/* Growable arrays while parsing; copied into the arena at the end. */
typedef struct Builder {
    ClsPattern *patterns;
    int npatterns, patterns_cap;
    ClsClause *clauses;
    int nclauses, clauses_cap;
    ClsTerm *terms;
    int nterms, terms_cap;
    ClsByte *bytes;
    int nbytes, bytes_cap;
} Builder;

static void builder_free(Builder *b)
{
    free(b->patterns);
    free(b->clauses);
    free(b->terms);
    free(b->bytes);
}

/* Adds the clause made of the last n bytes; an identical clause already
 * there is reused.  Returns its index. */
static int intern_clause(Builder *b, int n)
{
    const ClsByte *nb = b->bytes + b->nbytes - n;
    for (int k = 0; k < b->nclauses; k++) {
        const ClsClause *c = &b->clauses[k];
        if (c->nbytes == n && memcmp(b->bytes + c->first, nb, (size_t)n * sizeof *nb) == 0) {
            b->nbytes -= n;
            return k;
        }
    }
    ClsClause c = {b->nbytes - n, n};
    VEC_PUSH(b->clauses, b->nclauses, b->clauses_cap, c);
    return b->nclauses - 1;
}

static int nibble(char ch, int *mask)
{
    *mask = 0xf;
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    *mask = 0;      /* '?' */
    return 0;
}

static bool is_hex_or_wild(char ch)
{
    return isxdigit((unsigned char)ch) || ch == '?';
}

/* The location of value[pos] of an argument.  Where the argument's text
 * differs from the source (a comment inside it, a substituted $variable),
 * that place cannot be found: returns false. */
static bool loc_at(const Element *el, const ConfArg *a, size_t pos, SrcLoc *out)
{
    SrcLoc l = a->loc;
    const char *v = a->value;
    /* An argument that starts on a later line of the configuration: its
     * physical line follows the configuration's first one. */
    if (!l.text && el->config_loc.text && l.line > el->config_loc.line) {
        const char *t = el->config_loc.text;
        for (int k = el->config_loc.line; k < l.line && t; k++) {
            t = strchr(t, '\n');
            t = t ? t + 1 : NULL;
        }
        if (t) {
            l.text = t;
            l.text_len = (int)strcspn(t, "\r\n");
        }
    }
    for (size_t i = 0; i < pos && v[i]; i++) {
        if (v[i] != '\n') {
            l.col++;
            continue;
        }
        l.line++;
        l.col = 1;
        if (l.text) {
            const char *e = l.text + l.text_len;
            while (*e && *e != '\n')
                e++;
            if (*e == '\n') {
                l.text = e + 1;
                l.text_len = (int)strcspn(l.text, "\r\n");
            } else {
                l.text = NULL;
                l.text_len = 0;
            }
        }
    }
    if (!l.text)
        return false;
    bool shown = v[pos] ? l.col - 1 < l.text_len && l.text[l.col - 1] == v[pos]
                        : l.col - 1 <= l.text_len;
    *out = l;
    return shown;
}

/* An error at value[pos, pos + span) of argument a; at the argument as a
 * whole when that place is not in the source. */
static void pattern_error(ConfCtx *c, const ConfArg *a, size_t pos, size_t span,
                          const char *fmt, ...) FG_PRINTF(5, 6);
static void pattern_error(ConfCtx *c, const ConfArg *a, size_t pos, size_t span,
                          const char *fmt, ...)
{
    StrBuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    ConfArg at = *a;
    if (loc_at(c->e, a, pos, &at.loc))
        at.value = arena_strndup(c->arena, a->value + pos, span);
    else
        at.loc = a->loc;
    conf_error(c, &at, "%s", sb_str(&sb));
    sb_free(&sb);
}

/* "'x'", or "end of pattern". */
static const char *got(char *buf, size_t n, char ch)
{
    if (!ch)
        snprintf(buf, n, "end of pattern");
    else if (isprint((unsigned char)ch))
        snprintf(buf, n, "'%c'", ch);
    else
        snprintf(buf, n, "byte 0x%02x", (unsigned char)ch);
    return buf;
}

/* Parses argument a, pattern number slot, into b: its terms follow the
 * builder's current ones.  Reports every problem it can and returns false
 * if there was one. */
static bool parse_pattern(ConfCtx *c, const ConfArg *a, int slot, Builder *b)
{
    const char *s = a->value;
    size_t len = strlen(s), i = 0;
    bool ok = true;
    char gb[32];
    ClsPattern pat = {b->nterms, 0, false};
    if (strcmp(s, "-") == 0)
        i = len;
    while (i < len) {
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        if (i >= len)
            break;
        bool negated = false;
        if (s[i] == '!') {
            negated = true;
            i++;
            while (i < len && isspace((unsigned char)s[i]))
                i++;
        }
        if (!isdigit((unsigned char)s[i])) {
            pattern_error(c, a, i, 1, "pattern %d: expected a digit, got %s", slot,
                          got(gb, sizeof gb, s[i]));
            return false;
        }
        size_t off_pos = i;
        long offset = 0;
        while (isdigit((unsigned char)s[i])) {
            if (offset <= CLS_MAX_OFFSET)
                offset = offset * 10 + (s[i] - '0');
            i++;
        }
        size_t off_end = i;
        if (s[i] != '/') {
            pattern_error(c, a, i, 1, "pattern %d: expected '/' after the offset, got %s",
                          slot, got(gb, sizeof gb, s[i]));
            return false;
        }
        i++;
        size_t vpos = i;
        while (is_hex_or_wild(s[i]))
            i++;
        size_t vend = i, mpos = 0, mend = 0;
        bool has_mask = s[i] == '%';
        if (has_mask) {
            mpos = ++i;
            while (is_hex_or_wild(s[i]))
                i++;
            mend = i;
        }
        /* A clause ends at a space, the end, or the `!' of the next. */
        if (vend == vpos || (s[i] && !isspace((unsigned char)s[i]) && s[i] != '!')) {
            pattern_error(c, a, i, 1, "pattern %d: expected a hex digit or '?', got %s",
                          slot, got(gb, sizeof gb, s[i]));
            return false;
        }
        /* Length problems are reported, and the clause is read as far as
         * it makes sense, as Click does. */
        if (vend - vpos < 2) {
            pattern_error(c, a, vpos, vend - vpos,
                          "pattern %d: value has less than 2 hex digits", slot);
            ok = false;
            continue;
        }
        if ((vend - vpos) % 2) {
            pattern_error(c, a, vpos, vend - vpos,
                          "pattern %d: value has an odd number of hex digits", slot);
            ok = false;
            continue;
        }
        if (has_mask && mend - mpos != vend - vpos) {
            pattern_error(c, a, mend > mpos ? mpos : mpos - 1, mend > mpos ? mend - mpos : 1,
                          "pattern %d: mask has too %s hex digits", slot,
                          mend - mpos > vend - vpos ? "many" : "few");
            ok = false;
            continue;
        }
        int nbytes = (int)(vend - vpos) / 2;
        if (offset + nbytes - 1 > CLS_MAX_OFFSET) {
            pattern_error(c, a, off_pos, off_end - off_pos,
                          "pattern %d: offset too large (bytes past %d cannot be tested)",
                          slot, CLS_MAX_OFFSET);
            ok = false;
            continue;
        }
        if (!ok)
            continue;
        int kept = 0;
        for (int k = 0; k < nbytes; k++) {
            int mh, ml, xh, xl;
            int v = nibble(s[vpos + 2 * k], &mh) << 4 | nibble(s[vpos + 2 * k + 1], &ml);
            int m = mh << 4 | ml;
            if (has_mask)
                m &= (nibble(s[mpos + 2 * k], &xh) & xh) << 4 |
                     (nibble(s[mpos + 2 * k + 1], &xl) & xl);
            if (!m)
                continue;   /* tests nothing, needs nothing */
            ClsByte by = {(int)offset + k, (uint8_t)(v & m), (uint8_t)m};
            VEC_PUSH(b->bytes, b->nbytes, b->bytes_cap, by);
            kept++;
        }
        if (!kept) {
            /* Always holds; negated, it never does. */
            if (negated)
                pat.never = true;
            continue;
        }
        ClsTerm t = {intern_clause(b, kept), negated};
        VEC_PUSH(b->terms, b->nterms, b->terms_cap, t);
        pat.nterms++;
    }
    if (ok)
        VEC_PUSH(b->patterns, b->npatterns, b->patterns_cap, pat);
    return ok;
}

/* ---- What a pattern implies (for the unreachable-pattern warning) ----- */

/* The bits a pattern's positive clauses fix: for each offset, mask and
 * value.  Returns false when two clauses disagree (no packet matches). */
typedef struct Fixed {
    int n;
    int *off;
    uint8_t *value, *mask;
} Fixed;

static int fixed_find(const Fixed *f, int off)
{
    for (int k = 0; k < f->n; k++)
        if (f->off[k] == off)
            return k;
    return -1;
}

static bool fixed_build(const ClassifierConf *cf, const ClsPattern *p, Fixed *f)
{
    int total = 0;
    for (int t = 0; t < p->nterms; t++)
        total += cf->clauses[cf->terms[p->first + t].clause].nbytes;
    f->n = 0;
    f->off = xcalloc((size_t)total + 1, sizeof *f->off);
    f->value = xcalloc((size_t)total + 1, 1);
    f->mask = xcalloc((size_t)total + 1, 1);
    bool ok = true;
    for (int t = 0; t < p->nterms; t++) {
        const ClsTerm *tm = &cf->terms[p->first + t];
        if (tm->negated)
            continue;
        const ClsClause *cl = &cf->clauses[tm->clause];
        for (int k = 0; k < cl->nbytes; k++) {
            const ClsByte *by = &cf->bytes[cl->first + k];
            int j = fixed_find(f, by->off);
            if (j < 0) {
                j = f->n++;
                f->off[j] = by->off;
            }
            if ((f->value[j] ^ by->value) & f->mask[j] & by->mask)
                ok = false;
            f->value[j] |= by->value;
            f->mask[j] |= by->mask;
        }
    }
    return ok;
}

static void fixed_free(Fixed *f)
{
    free(f->off);
    free(f->value);
    free(f->mask);
}

/* Every packet with the fixed bits matches the clause. */
static bool fixed_implies(const ClassifierConf *cf, const Fixed *f, int clause)
{
    const ClsClause *cl = &cf->clauses[clause];
    for (int k = 0; k < cl->nbytes; k++) {
        const ClsByte *by = &cf->bytes[cl->first + k];
        int j = fixed_find(f, by->off);
        if (j < 0 || (by->mask & ~f->mask[j]) || ((f->value[j] ^ by->value) & by->mask))
            return false;
    }
    return true;
}

/* No packet with the fixed bits matches the clause. */
static bool fixed_excludes(const ClassifierConf *cf, const Fixed *f, int clause)
{
    const ClsClause *cl = &cf->clauses[clause];
    for (int k = 0; k < cl->nbytes; k++) {
        const ClsByte *by = &cf->bytes[cl->first + k];
        int j = fixed_find(f, by->off);
        if (j >= 0 && ((f->value[j] ^ by->value) & by->mask & f->mask[j]))
            return true;
    }
    return false;
}

/* Every packet that matches clause a matches clause b. */
static bool clause_implies(const ClassifierConf *cf, int a, int b)
{
    const ClsClause *ca = &cf->clauses[a], *cb = &cf->clauses[b];
    for (int k = 0; k < cb->nbytes; k++) {
        const ClsByte *y = &cf->bytes[cb->first + k];
        bool found = false;
        for (int j = 0; j < ca->nbytes && !found; j++) {
            const ClsByte *x = &cf->bytes[ca->first + j];
            found = x->off == y->off && !(y->mask & ~x->mask) &&
                    !((x->value ^ y->value) & y->mask);
        }
        if (!found)
            return false;
    }
    return true;
}

/* Pattern q cannot match: it contradicts itself, or every packet that
 * matches it matches an earlier pattern.  Sound, not complete: a pattern
 * covered only by several earlier ones together is not found. */
static bool unreachable(const ClassifierConf *cf, int q)
{
    const ClsPattern *pq = &cf->patterns[q];
    if (pq->never)
        return true;
    Fixed f;
    bool dead = !fixed_build(cf, pq, &f);
    for (int t = 0; t < pq->nterms && !dead; t++) {
        const ClsTerm *tm = &cf->terms[pq->first + t];
        dead = tm->negated && fixed_implies(cf, &f, tm->clause);
    }
    for (int i = 0; i < q && !dead; i++) {
        const ClsPattern *pi = &cf->patterns[i];
        bool covers = !pi->never;
        for (int t = 0; t < pi->nterms && covers; t++) {
            const ClsTerm *ti = &cf->terms[pi->first + t];
            if (!ti->negated) {
                covers = fixed_implies(cf, &f, ti->clause);
                continue;
            }
            /* !n holds when q's bits exclude n, or q has !m with n => m. */
            covers = fixed_excludes(cf, &f, ti->clause);
            for (int u = 0; u < pq->nterms && !covers; u++) {
                const ClsTerm *tu = &cf->terms[pq->first + u];
                covers = tu->negated && clause_implies(cf, ti->clause, tu->clause);
            }
        }
        dead = covers;
    }
    fixed_free(&f);
    return dead;
}

/* ---- Configuration ---------------------------------------------------- */

static bool configure(ConfCtx *c, void *conf)
{
    ClassifierConf *cf = conf;
    const Element *e = c->e;
    if (c->nargs != e->noutputs) {
        conf_error(c, NULL, "need %d arguments, one per output port", e->noutputs);
        return false;
    }
    Builder b = {0};
    bool ok = true;
    for (int i = 0; i < c->nargs; i++) {
        c->args[i].used = true;
        ok &= parse_pattern(c, &c->args[i], i, &b);
    }
    if (ok) {
        cf->npatterns = b.npatterns;
        cf->nclauses = b.nclauses;
        cf->patterns = arena_alloc(c->arena, (size_t)b.npatterns * sizeof *cf->patterns + 1);
        cf->clauses = arena_alloc(c->arena, (size_t)b.nclauses * sizeof *cf->clauses + 1);
        cf->terms = arena_alloc(c->arena, (size_t)b.nterms * sizeof *cf->terms + 1);
        cf->bytes = arena_alloc(c->arena, (size_t)b.nbytes * sizeof *cf->bytes + 1);
        if (b.npatterns)
            memcpy(cf->patterns, b.patterns, (size_t)b.npatterns * sizeof *cf->patterns);
        if (b.nclauses)
            memcpy(cf->clauses, b.clauses, (size_t)b.nclauses * sizeof *cf->clauses);
        if (b.nterms)
            memcpy(cf->terms, b.terms, (size_t)b.nterms * sizeof *cf->terms);
        if (b.nbytes)
            memcpy(cf->bytes, b.bytes, (size_t)b.nbytes * sizeof *cf->bytes);
        for (int q = 0; q < cf->npatterns; q++)
            if ((cf->patterns[q].dead = unreachable(cf, q)))
                diag_warning(c->d, c->args[q].loc, (int)strcspn(c->args[q].value, "\n"),
                             "%s '%s': pattern %d matches no packets", e->class_name,
                             e->name, q);
    }
    builder_free(&b);
    return ok;
}

/* ---- Listing ---------------------------------------------------------- */

/* One clause in pattern syntax: runs of consecutive offsets, `?' for an
 * unchecked nibble, `%mask' where a byte's mask is not whole nibbles. */
static void clause_text(StrBuf *sb, const ClassifierConf *cf, int clause)
{
    const ClsClause *cl = &cf->clauses[clause];
    for (int k = 0; k < cl->nbytes;) {
        int r = k + 1;
        while (r < cl->nbytes && cf->bytes[cl->first + r].off == cf->bytes[cl->first + r - 1].off + 1)
            r++;
        bool nibbles = true;
        for (int j = k; j < r; j++) {
            uint8_t m = cf->bytes[cl->first + j].mask;
            nibbles &= m == 0xff || m == 0xf0 || m == 0x0f;
        }
        sb_printf(sb, "%s%d/", k ? " " : "", cf->bytes[cl->first + k].off);
        for (int j = k; j < r; j++) {
            const ClsByte *by = &cf->bytes[cl->first + j];
            if (!nibbles) {
                sb_printf(sb, "%02x", by->value);
                continue;
            }
            for (int h = 4; h >= 0; h -= 4) {
                if ((by->mask >> h) & 0xf)
                    sb_printf(sb, "%x", (by->value >> h) & 0xf);
                else
                    sb_putc(sb, '?');
            }
        }
        if (!nibbles) {
            sb_putc(sb, '%');
            for (int j = k; j < r; j++)
                sb_printf(sb, "%02x", cf->bytes[cl->first + j].mask);
        }
        k = r;
    }
}

/* The compiled patterns: the distinct clauses, then what each pattern
 * requires of them. */
const char *classifier_program(Arena *a, const void *conf)
{
    const ClassifierConf *cf = conf;
    StrBuf sb = {0};
    for (int k = 0; k < cf->nclauses; k++) {
        sb_printf(&sb, "clause %d: ", k);
        clause_text(&sb, cf, k);
        sb_putc(&sb, '\n');
    }
    for (int q = 0; q < cf->npatterns; q++) {
        const ClsPattern *p = &cf->patterns[q];
        sb_printf(&sb, "pattern %d:", q);
        if (p->never)
            sb_puts(&sb, " no packet");
        else if (!p->nterms)
            sb_puts(&sb, " every packet");
        for (int t = 0; t < p->nterms && !p->never; t++) {
            const ClsTerm *tm = &cf->terms[p->first + t];
            sb_printf(&sb, "%s%sclause %d", t ? " and " : " ", tm->negated ? "not " : "",
                      tm->clause);
        }
        if (p->dead && !p->never)
            sb_puts(&sb, " (never reached)");
        sb_putc(&sb, '\n');
    }
    const char *s = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return s;
}

static const char *handler_text(Arena *a, const void *conf, const char *handler)
{
    return strcmp(handler, "program") == 0 ? classifier_program(a, conf) : NULL;
}

/* ---- Matching (the reference model) ------------------------------------ */

static bool clause_holds(const ClassifierConf *cf, int clause, const uint8_t *d, size_t len)
{
    const ClsClause *cl = &cf->clauses[clause];
    for (int k = 0; k < cl->nbytes; k++) {
        const ClsByte *by = &cf->bytes[cl->first + k];
        if ((size_t)by->off >= len || (d[by->off] & by->mask) != by->value)
            return false;
    }
    return true;
}

/* The output a packet goes to, or -1 when no pattern matches. */
int classifier_match(const void *conf, const uint8_t *data, size_t len)
{
    const ClassifierConf *cf = conf;
    for (int q = 0; q < cf->npatterns; q++) {
        const ClsPattern *p = &cf->patterns[q];
        bool match = !p->never;
        for (int t = 0; t < p->nterms && match; t++) {
            const ClsTerm *tm = &cf->terms[p->first + t];
            match = clause_holds(cf, tm->clause, data, len) != tm->negated;
        }
        if (match)
            return q;
    }
    return -1;
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    int out = classifier_match(conf, p->buf + p->head, p->len);
    if (out < 0)
        model_drop(m, p);
    else
        model_emit(m, out, p);
}

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"drops", 0x00, 64, REG_R, "packets that matched no pattern"},
    {NULL, 0, 0, 0, NULL},
};

/* The clauses the hardware compares: those of patterns a packet can
 * reach. */
static void used_clauses(const ClassifierConf *cf, bool *used)
{
    for (int q = 0; q < cf->npatterns; q++) {
        const ClsPattern *p = &cf->patterns[q];
        for (int t = 0; t < p->nterms && !p->dead; t++)
            used[cf->terms[p->first + t].clause] = true;
    }
}

/* The deciding beat: the one carrying the last byte a used clause tests. */
static int deciding_beat(const ClassifierConf *cf, const bool *used, int head, int K)
{
    int d = 0;
    for (int k = 0; k < cf->nclauses; k++) {
        const ClsClause *cl = &cf->clauses[k];
        if (!used[k])
            continue;
        int last = (head + cf->bytes[cl->first + cl->nbytes - 1].off) / K;
        if (last > d)
            d = last;
    }
    return d;
}

/* Clause k tests a byte on beat b. */
static bool on_beat(const ClassifierConf *cf, int k, int b, int head, int K)
{
    const ClsClause *cl = &cf->clauses[k];
    for (int j = 0; j < cl->nbytes; j++)
        if ((head + cf->bytes[cl->first + j].off) / K == b)
            return true;
    return false;
}

static int pow2_at_least(int v)
{
    int p = 2;
    while (p < v)
        p *= 2;
    return p;
}

/* The comparators of one clause on one beat: runs of consecutive lanes,
 * each one masked comparison, and the lane of the run's last byte kept. */
static void emit_clause_beat(StrBuf *v, const ClassifierConf *cf, int k, int beat, int head,
                             int K)
{
    const ClsClause *cl = &cf->clauses[k];
    sb_printf(v, "    wire t%d_%d =", k, beat);
    const char *sep = " ";
    int lastlane = -1;
    for (int j = 0; j < cl->nbytes;) {
        int s0 = head + cf->bytes[cl->first + j].off;
        if (s0 / K != beat) {
            j++;
            continue;
        }
        int r = j + 1;
        while (r < cl->nbytes && cf->bytes[cl->first + r].off == cf->bytes[cl->first + r - 1].off + 1 &&
               (head + cf->bytes[cl->first + r].off) / K == beat)
            r++;
        int l0 = s0 % K, n = r - j;
        bool full = true;
        StrBuf mv = {0}, vv = {0};
        for (int q = r - 1; q >= j; q--) {
            const ClsByte *by = &cf->bytes[cl->first + q];
            full &= by->mask == 0xff;
            sb_printf(&mv, "%02x", by->mask);
            sb_printf(&vv, "%02x", by->value);
        }
        if (full)
            sb_printf(v, "%s(s_axis_tdata[%d:%d] == %d'h%s)", sep, 8 * (l0 + n) - 1, 8 * l0,
                      8 * n, sb_str(&vv));
        else
            sb_printf(v, "%s((s_axis_tdata[%d:%d] & %d'h%s) == %d'h%s)", sep, 8 * (l0 + n) - 1,
                      8 * l0, 8 * n, sb_str(&mv), 8 * n, sb_str(&vv));
        sb_free(&mv);
        sb_free(&vv);
        sep = "\n        && ";
        lastlane = l0 + n - 1;
        j = r;
    }
    sb_printf(v, "%ss_axis_tkeep[%d];\n", sep, lastlane);
}

static void elaborate(ElabCtx *x)
{
    const ClassifierConf *cf = x->conf;
    StrBuf *v = x->v;
    int W = x->width, K = W / 8, U = x->user_width, P = x->noutputs;
    int head = x->head_in[0];
    Arena tmp = {0};
    bool *used = arena_alloc(&tmp, (size_t)cf->nclauses + 1);
    used_clauses(cf, used);
    int D = deciding_beat(cf, used, head, K);
    int IB = vl_clog2((uint64_t)D + 2);     /* beat counter: 0 .. D+1 */
    if (IB < 1)
        IB = 1;
    /* Buffer and decision queue (D > 0): the FIFO holds beats 0..D and
     * one more so that the input never waits at full rate.  Decisions
     * wait for their packets to leave; there are enough slots for full
     * rate with packets of 60 bytes or more (any size when D is small),
     * and a packet starts only when its decision will have a slot. */
    int depth = pow2_at_least(D + 2);
    int minbeats = (60 + K - 1) / K;
    int dq = pow2_at_least(D + 2 <= 16 ? D + 2 : (D + 2 + minbeats - 1) / minbeats + 1);
    int AB = vl_clog2((uint64_t)dq), DB = vl_clog2((uint64_t)depth);

    vl_element_header(x, "Classifier: sends packets to outputs by matching their bytes");

    /* The comparator table, for the reader. */
    sb_printf(v, "    // Compiled patterns (stream byte = %d + offset; beat = byte / %d,\n"
                 "    // lane = byte %% %d).  The decision is taken on beat %d or on the\n"
                 "    // last beat of a shorter packet.\n",
              head, K, K, D);
    const char *prog = classifier_program(&tmp, cf);
    for (const char *l = prog; *l;) {
        size_t n = strcspn(l, "\n");
        sb_printf(v, "    //   %.*s", (int)n, l);
        int clause = -1;
        if (sscanf(l, "clause %d:", &clause) == 1 && !used[clause]) {
            sb_puts(v, "   (not compared: no reachable pattern uses it)");
        } else if (clause >= 0) {
            const ClsClause *cl = &cf->clauses[clause];
            int s0 = head + cf->bytes[cl->first].off;
            int s1 = head + cf->bytes[cl->first + cl->nbytes - 1].off;
            if (s0 == s1)
                sb_printf(v, "   (beat %d lane %d)", s0 / K, s0 % K);
            else
                sb_printf(v, "   (beat %d lane %d .. beat %d lane %d)", s0 / K, s0 % K, s1 / K,
                          s1 % K);
        }
        sb_putc(v, '\n');
        l += n + (l[n] == '\n');
    }
    sb_putc(v, '\n');

    if (P == 0) {
        /* No pattern: every packet is dropped. */
        sb_printf(v, "    reg [63:0] drops_reg;\n"
                     "    assign s_axis_tready = 1'b1;\n"
                     "    wire unused_in = &{1'b0, s_axis_tdata, s_axis_tkeep, s_axis_tuser};\n\n");
        vl_csr_block(x, regs, (const char *const[]){"drops_reg", NULL});
        sb_puts(v, "    always @(posedge clk) begin\n"
                   "        if (s_axis_tvalid && s_axis_tlast) drops_reg <= drops_reg + 64'd1;\n"
                   "        if (rst) drops_reg <= 64'd0;\n"
                   "    end\n\n");
        vl_footer(v);
        arena_free(&tmp);
        return;
    }

    sb_printf(v, "    reg [%d:0] idx_reg;     // beat of the input packet, saturating at %d\n"
                 "    reg [63:0] drops_reg;\n"
                 "    wire beat = s_axis_tvalid && s_axis_tready;\n",
              IB - 1, D + 1);
    if (D > 0)
        sb_printf(v, "    wire decide = beat && (idx_reg == %d'd%d || (s_axis_tlast && idx_reg < %d'd%d));\n\n",
                  IB, D, IB, D);
    else
        sb_printf(v, "    wire decide = beat && idx_reg == %d'd0;\n\n", IB);

    /* Clauses: comparators per beat, a flag carried across beats. */
    bool *needs_reg = arena_alloc(&tmp, (size_t)cf->nclauses + 1);
    for (int k = 0; k < cf->nclauses; k++) {
        const ClsClause *cl = &cf->clauses[k];
        if (!used[k])
            continue;
        int first = (head + cf->bytes[cl->first].off) / K;
        int last = (head + cf->bytes[cl->first + cl->nbytes - 1].off) / K;
        needs_reg[k] = first < D;
        sb_printf(v, "    // clause %d\n", k);
        for (int b = first; b <= last; b++)
            if (on_beat(cf, k, b, head, K))
                emit_clause_beat(v, cf, k, b, head, K);
        if (needs_reg[k])
            sb_printf(v, "    reg ok%d_reg;         // holds so far in this packet\n", k);
        /* A beat's comparison counts only on that beat.  A clause without
         * a flag is looked at only when deciding, so its beat D needs no
         * guard; with a flag, now also updates the flag on every beat. */
        sb_printf(v, "    wire now%d =", k);
        const char *sep = " ";
        if (needs_reg[k]) {
            sb_printf(v, " ok%d_reg", k);
            sep = "\n        && ";
        }
        for (int b = first; b <= last; b++) {
            if (!on_beat(cf, k, b, head, K))
                continue;
            if (b == D && !needs_reg[k])
                sb_printf(v, "%st%d_%d", sep, k, b);
            else
                sb_printf(v, "%s(idx_reg != %d'd%d || t%d_%d)", sep, IB, b, k, b);
            sep = "\n        && ";
        }
        sb_puts(v, ";\n");
        /* A packet that ended before the clause's last beat lacks bytes. */
        if (last > 0)
            sb_printf(v, "    wire holds%d = now%d && idx_reg >= %d'd%d;\n\n", k, k, IB, last);
        else
            sb_printf(v, "    wire holds%d = now%d;\n\n", k, k);
    }

    /* Patterns, then the first that matches. */
    sb_printf(v, "    wire [%d:0] hit;        // pattern j matches\n"
                 "    wire [%d:0] choice;     // the output, one-hot; 0 drops the packet\n",
              P - 1, P - 1);
    for (int q = 0; q < P; q++) {
        const ClsPattern *p = &cf->patterns[q];
        sb_printf(v, "    assign hit[%d] = ", q);
        if (p->dead)
            sb_puts(v, "1'b0");
        else if (!p->nterms)
            sb_puts(v, "1'b1");
        for (int t = 0; t < p->nterms && !p->dead; t++) {
            const ClsTerm *tm = &cf->terms[p->first + t];
            sb_printf(v, "%s%sholds%d", t ? " && " : "", tm->negated ? "!" : "", tm->clause);
        }
        sb_puts(v, ";\n");
    }
    sb_puts(v, "    assign choice[0] = hit[0];\n");
    for (int q = 1; q < P; q++)
        sb_printf(v, "    assign choice[%d] = hit[%d] && !(|hit[%d:0]);\n", q, q, q - 1);
    sb_putc(v, '\n');

    /* The buffer, and the decision that goes with its head packet. */
    sb_printf(v, "    wire [%d:0] o_tdata;\n    wire [%d:0] o_tkeep;\n    wire o_tlast;\n"
                 "    wire [%d:0] o_tuser;\n    wire o_tvalid;\n    wire o_tready;\n"
                 "    wire [%d:0] o_sel;      // decision of the packet at the head\n"
                 "    wire o_known;          // and whether it is taken yet\n",
              W - 1, K - 1, U - 1, P - 1);
    if (D == 0) {
        sb_printf(v, "\n    // Decided on the first beat: the decision travels with the beats\n"
                     "    // through one register stage.\n"
                     "    reg [%d:0] sel_reg;\n"
                     "    wire [%d:0] sel_in = idx_reg != %d'd0 ? sel_reg : choice;\n"
                     "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                     "        .clk(clk), .rst(rst),\n"
                     "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                     "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser({sel_in, s_axis_tuser}),\n"
                     "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
                     "        .m_axis_tdata(o_tdata), .m_axis_tkeep(o_tkeep), .m_axis_tlast(o_tlast),\n"
                     "        .m_axis_tuser({o_sel, o_tuser}), .m_axis_tvalid(o_tvalid),\n"
                     "        .m_axis_tready(o_tready)\n"
                     "    );\n"
                     "    assign o_known = 1'b1;\n\n",
                  P - 1, P - 1, IB, W, U + P);
    } else {
        sb_printf(v, "\n    // The first beats wait in a FIFO of %d beats until the decision (beat %d)\n"
                     "    // is known; decisions queue in order, %d at most.\n"
                     "    reg [%d:0] dq_mem [0:%d];\n"
                     "    reg [%d:0] dq_wr_reg;\n"
                     "    reg [%d:0] dq_rd_reg;\n"
                     "    wire [%d:0] dq_count = dq_wr_reg - dq_rd_reg;\n"
                     "    wire room = idx_reg != %d'd0 || dq_count != %d'd%d;\n"
                     "    wire f_tready;\n"
                     "    assign s_axis_tready = f_tready && room;\n"
                     "    wire [%d:0] f_beats;\n    wire [%d:0] f_packets;\n    wire f_drop;\n"
                     "    wire unused_f = &{1'b0, f_beats, f_packets, f_drop};\n"
                     "    fg_axis_fifo #(.DEPTH(%d), .DATA_WIDTH(%d), .USER_WIDTH(%d), .FRAME_FIFO(0)) hold (\n"
                     "        .clk(clk), .rst(rst),\n"
                     "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                     "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                     "        .s_axis_tvalid(s_axis_tvalid && room), .s_axis_tready(f_tready),\n"
                     "        .m_axis_tdata(o_tdata), .m_axis_tkeep(o_tkeep), .m_axis_tlast(o_tlast),\n"
                     "        .m_axis_tuser(o_tuser), .m_axis_tvalid(o_tvalid), .m_axis_tready(o_tready),\n"
                     "        .status_beats(f_beats), .status_packets(f_packets), .status_drop(f_drop)\n"
                     "    );\n"
                     "    assign o_known = dq_count != %d'd0;\n"
                     "    assign o_sel = dq_mem[dq_rd_reg[%d:0]];\n\n",
                  depth, D, dq, P - 1, dq - 1, AB, AB, AB, IB, AB + 1, dq, DB, DB, depth, W, U,
                  AB + 1, AB - 1);
    }

    /* Outputs: the head packet goes where its decision says, or away. */
    sb_printf(v, "    wire o_drop = ~|o_sel;\n"
                 "    assign o_tready = o_known && (o_drop || |(o_sel & m_axis_tready));\n"
                 "    assign m_axis_tvalid = {%d{o_tvalid && o_known}} & o_sel;\n"
                 "    assign m_axis_tdata = {%d{o_tdata}};\n"
                 "    assign m_axis_tkeep = {%d{o_tkeep}};\n"
                 "    assign m_axis_tlast = {%d{o_tlast}};\n"
                 "    assign m_axis_tuser = {%d{o_tuser}};\n"
                 "    wire o_end = o_tvalid && o_tready && o_tlast;\n\n",
              P, P, P, P, P);

    vl_csr_block(x, regs, (const char *const[]){"drops_reg", NULL});

    sb_puts(v, "    always @(posedge clk) begin\n"
               "        if (beat) begin\n");
    sb_printf(v, "            if (s_axis_tlast) idx_reg <= %d'd0;\n"
                 "            else if (idx_reg != %d'd%d) idx_reg <= idx_reg + %d'd1;\n",
              IB, IB, D + 1, IB);
    for (int k = 0; k < cf->nclauses; k++)
        if (needs_reg[k])
            sb_printf(v, "            ok%d_reg <= s_axis_tlast || now%d;\n", k, k);
    sb_puts(v, "        end\n");
    if (D == 0) {
        sb_puts(v, "        if (decide) sel_reg <= choice;\n");
    } else {
        sb_printf(v, "        if (decide) begin\n"
                     "            dq_mem[dq_wr_reg[%d:0]] <= choice;\n"
                     "            dq_wr_reg <= dq_wr_reg + %d'd1;\n"
                     "        end\n"
                     "        if (o_end) dq_rd_reg <= dq_rd_reg + %d'd1;\n",
                  AB - 1, AB + 1, AB + 1);
    }
    sb_puts(v, "        if (o_end && o_drop) drops_reg <= drops_reg + 64'd1;\n"
               "        if (rst) begin\n");
    sb_printf(v, "            idx_reg <= %d'd0;\n", IB);
    if (D > 0)
        sb_printf(v, "            dq_wr_reg <= %d'd0;\n"
                     "            dq_rd_reg <= %d'd0;\n", AB + 1, AB + 1);
    for (int k = 0; k < cf->nclauses; k++)
        if (needs_reg[k])
            sb_printf(v, "            ok%d_reg <= 1'b1;\n", k);
    sb_puts(v, "            drops_reg <= 64'd0;\n"
               "        end\n"
               "    end\n\n");
    vl_footer(v);
    arena_free(&tmp);
}

static const ElementImpl impl = {
    .conf_size = sizeof(ClassifierConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
    .handler_text = handler_text,
};

const ElementClass fg_class_classifier = {
    .name = "Classifier",
    .group = "standard",
    .port_count = "1/-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 8,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
