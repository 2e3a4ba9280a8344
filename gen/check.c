/*
 * check.c -- graph checks on the flat Graph, with Click's rules:
 *
 *   1. every element's class is known;
 *   2. port numbers are within the class's port count ("1/1", "1/-",
 *      "1-/=") and every port the element has is connected;
 *   3. push and pull: each port takes the processing its class gives it
 *      ("h/lh": input push, output 0 pull, outputs 1.. push); agnostic
 *      ports take the processing of what they are connected to, and
 *      through the element (where its flow code lets packets pass) that
 *      of its other agnostic ports.  A push output feeds one input, a
 *      pull input is fed by one output; remaining agnostic ports are push;
 *   4. classes with no hardware implementation get a warning, once the
 *      graph is free of errors: the warning is about elaboration, which
 *      an invalid graph never reaches.
 *
 * Problems are collected first and printed sorted by source position, so
 * that one run reports all of them, top to bottom.
 */
#include "fpgagen.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Port processing while resolving: PortProc values, and one more for the
 * ports of elements whose class is unknown (they take part in nothing). */
enum { PROC_UNKNOWN = 3 };

/* ---- Collected diagnostics ------------------------------------------- */

typedef struct Note {
    SrcLoc loc;
    int span;
    const char *msg;
} Note;

typedef struct Issue {
    DiagKind kind;
    SrcLoc loc;
    int span;
    const char *msg;
    int file_rank;          /* order of loc.file among the input files */
    int seq;                /* order of discovery, breaks ties */
    int note_lo, note_hi;   /* its notes in Checker.notes */
} Issue;

/* What check.c knows about a class, computed once per class. */
typedef struct ClassInfo {
    const ElementClass *cls;
    int in_lo, in_hi;       /* port count; hi = INT_MAX when unbounded */
    int out_lo, out_hi;
    int equal;              /* > 0: outputs = inputs + equal - 1 ("=") */
    bool ports_ok, proc_ok, flow_ok;
    bool seen;              /* a first use was recorded (warnings) */
} ClassInfo;

/* A flow code entry for one port: a set of letters, '#' (the port's own
 * number), possibly negated ("[^#]"). */
typedef struct FlowSet {
    uint64_t letters;
    bool hash, negated;
} FlowSet;

/* Push/pull resolution works on port nodes: all inputs of all elements,
 * then all outputs.  Edges join an output node to an input node: the
 * graph's connections, and inside agnostic elements each agnostic input
 * to each agnostic output that its flow code links. */
typedef struct Edge {
    int out, in;            /* nodes */
    int conn;               /* connection index, or -1 inside an element */
    bool dead;              /* reported; takes no further part */
} Edge;

typedef struct Checker {
    Graph *g;
    Diag *d;
    Arena tmp;              /* messages and per-run tables */
    Issue *issues;
    int nissues, issues_cap;
    Note *notes;
    int nnotes, notes_cap;
    StrMap file_rank;       /* file name -> rank + 1 */
    int nfiles;
    StrMap classes;         /* class name -> ClassInfo */
    ClassInfo **info;       /* per element; NULL when the class is unknown */
    bool *bad_conn;         /* per connection: a port out of range */
    bool *huge_conn;        /* per connection: beyond GRAPH_MAX_PORTS */
    int *in_base, *out_base;/* per element: first input/output node */
    int nnodes, nin_nodes;
    int *node_elem;         /* node -> element */
    unsigned char *proc;    /* node -> PortProc or PROC_UNKNOWN */
    int *origin;            /* node -> fixed node its processing came from */
    Edge *edges;
    int nedges, edges_cap;
    bool failed;            /* an error was found */
} Checker;

/* ---- Reporting --------------------------------------------------------- */

static int rank_of_file(Checker *c, const char *file)
{
    if (!file)
        return INT_MAX;
    void *v = strmap_get(&c->file_rank, file);
    if (v)
        return (int)(intptr_t)v - 1;
    return INT_MAX - 1;
}

static void learn_file(Checker *c, const char *file)
{
    if (file && !strmap_get(&c->file_rank, file))
        strmap_put(&c->file_rank, file, (void *)(intptr_t)(++c->nfiles));
}

static const char *vfmt(Checker *c, const char *fmt, va_list ap)
{
    StrBuf sb = {0};
    sb_vprintf(&sb, fmt, ap);
    const char *s = arena_strdup(&c->tmp, sb_str(&sb));
    sb_free(&sb);
    return s;
}

static void issue(Checker *c, DiagKind kind, SrcLoc loc, int span,
                  const char *fmt, ...) FG_PRINTF(5, 6);
static void issue(Checker *c, DiagKind kind, SrcLoc loc, int span,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Issue is = {
        .kind = kind, .loc = loc, .span = span, .msg = vfmt(c, fmt, ap),
        .file_rank = rank_of_file(c, loc.line > 0 ? loc.file : NULL),
        .seq = c->nissues, .note_lo = c->nnotes, .note_hi = c->nnotes,
    };
    va_end(ap);
    VEC_PUSH(c->issues, c->nissues, c->issues_cap, is);
    if (kind == DIAG_ERROR)
        c->failed = true;
}

/* Adds a note to the issue reported last. */
static void note(Checker *c, SrcLoc loc, int span, const char *fmt, ...)
    FG_PRINTF(4, 5);
static void note(Checker *c, SrcLoc loc, int span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Note n = {.loc = loc, .span = span, .msg = vfmt(c, fmt, ap)};
    va_end(ap);
    VEC_PUSH(c->notes, c->nnotes, c->notes_cap, n);
    c->issues[c->nissues - 1].note_hi = c->nnotes;
}

/* Underline length at loc: the first word of words[] found there. */
static int span_at(SrcLoc loc, const char *const *words, int nwords)
{
    if (!loc.text || loc.col < 1)
        return 1;
    int avail = loc.text_len - (loc.col - 1);
    for (int i = 0; i < nwords; i++) {
        int n = words[i] ? (int)strlen(words[i]) : 0;
        if (n > 0 && n <= avail && memcmp(loc.text + loc.col - 1, words[i],
                                          (size_t)n) == 0)
            return n;
    }
    return 1;
}

static int elem_span(const Element *e)
{
    const char *slash = strrchr(e->name, '/');
    const char *words[] = {slash ? slash + 1 : e->name, e->class_name};
    return span_at(e->loc, words, 2);
}

static int conn_span(const Connection *k)
{
    static const char *const arrows[] = {"->", "=>"};
    return span_at(k->loc, arrows, 2);
}

/* An issue at an element's declaration, with "in expansion" notes. */
static void elem_issue(Checker *c, DiagKind kind, const Element *e,
                       const char *fmt, ...) FG_PRINTF(4, 5);
static void elem_issue(Checker *c, DiagKind kind, const Element *e,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = vfmt(c, fmt, ap);
    va_end(ap);
    issue(c, kind, e->loc, elem_span(e), "%s", msg);
    for (const Expansion *x = e->origin; x; x = x->parent)
        note(c, x->loc, 1, "in expansion of compound '%s' as '%s'",
             x->compound, x->instance);
}

static int issue_cmp_loc(const Issue *a, const Issue *b)
{
    if (a->file_rank != b->file_rank)
        return a->file_rank < b->file_rank ? -1 : 1;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.col != b->loc.col)
        return a->loc.col < b->loc.col ? -1 : 1;
    return 0;
}

static int issue_cmp(const void *pa, const void *pb)
{
    const Issue *a = pa, *b = pb;
    int r = issue_cmp_loc(a, b);
    return r ? r : a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The same message at the same place: one compound expanded twice. */
static bool same_place(const Issue *a, const Issue *b)
{
    return a->kind == b->kind && issue_cmp_loc(a, b) == 0 &&
           strcmp(a->msg, b->msg) == 0;
}

/* Prints the issues in source order; an issue repeated at the same place
 * (one compound expanded twice) is printed once. */
static void flush_issues(Checker *c)
{
    if (c->nissues > 1)
        qsort(c->issues, (size_t)c->nissues, sizeof *c->issues, issue_cmp);
    for (int i = 0; i < c->nissues; i++) {
        const Issue *is = &c->issues[i];
        bool repeated = false;
        for (int j = i - 1;
             j >= 0 && !repeated && issue_cmp_loc(is, &c->issues[j]) == 0; j--)
            repeated = same_place(is, &c->issues[j]);
        if (repeated)
            continue;
        diag_report(c->d, is->kind, is->loc, is->span, "%s", is->msg);
        for (int k = is->note_lo; k < is->note_hi; k++)
            diag_report(c->d, DIAG_NOTE, c->notes[k].loc, c->notes[k].span,
                        "%s", c->notes[k].msg);
    }
}

/* ---- Class notation -------------------------------------------------- */

/* Port count in Click notation, "=" outputs included. */
static bool parse_port_count(const char *code, ClassInfo *ci)
{
    PortRange r;
    if (!port_count_parse(code, &r))
        return false;
    ci->in_lo = r.in_lo;
    ci->in_hi = r.in_hi < 0 ? INT_MAX : r.in_hi;
    ci->out_lo = r.out_lo;
    ci->out_hi = r.out_hi < 0 ? INT_MAX : r.out_hi;
    ci->equal = r.out_equal;
    return ci->in_lo >= 0 && ci->in_lo <= ci->in_hi && ci->out_lo >= 0 &&
           ci->out_lo <= ci->out_hi;
}

/* Processing code: "h", "l", "a" per port, the last letter of each side
 * standing for the remaining ports; without '/', one side serves both.
 * Returns -1 on a malformed code. */
static int proc_letter(char ch)
{
    switch (ch) {
    case 'h': case 'H': return PROC_PUSH;
    case 'l': case 'L': return PROC_PULL;
    case 'a': case 'A': return PROC_AGNOSTIC;
    default: return -1;
    }
}

static void code_side(const char *code, bool output, const char **b,
                      const char **e)
{
    const char *slash = strchr(code, '/');
    if (!slash) {
        *b = code;
        *e = code + strlen(code);
    } else if (output) {
        *b = slash + 1;
        *e = slash + 1 + strlen(slash + 1);
    } else {
        *b = code;
        *e = slash;
    }
}

static bool proc_code_ok(const char *code)
{
    const char *slash = strchr(code, '/');
    if (slash && strchr(slash + 1, '/'))
        return false;
    for (const char *p = code; *p; p++)
        if (*p != '/' && proc_letter(*p) < 0)
            return false;
    return true;
}

static PortProc proc_of_port(const ClassInfo *ci, bool output, int port)
{
    if (!ci->proc_ok)
        return PROC_AGNOSTIC;
    const char *b, *e;
    code_side(ci->cls->processing, output, &b, &e);
    if (b == e)
        return PROC_AGNOSTIC;
    int i = port < e - b ? port : (int)(e - b) - 1;
    return (PortProc)proc_letter(b[i]);
}

/* Flow code: per port a letter, '#', or a bracketed set "[ab#]" or
 * "[^#]"; the last entry of each side stands for the remaining ports.
 * Ports whose entries share a letter (or '#', for equal port numbers)
 * pass packets between them. */
static const char *flow_entry(const char *p, const char *end, FlowSet *fs)
{
    memset(fs, 0, sizeof *fs);
    if (p >= end)
        return NULL;
    const char *stop = p + 1;
    if (*p == '[') {
        p++;
        if (p < end && *p == '^') {
            fs->negated = true;
            p++;
        }
        stop = memchr(p, ']', (size_t)(end - p));
        if (!stop || stop == p)
            return NULL;
    }
    for (; p < stop; p++) {
        if (*p >= 'A' && *p <= 'Z')
            fs->letters |= UINT64_C(1) << (*p - 'A');
        else if (*p >= 'a' && *p <= 'z')
            fs->letters |= UINT64_C(1) << (*p - 'a' + 26);
        else if (*p == '#')
            fs->hash = true;
        else
            return NULL;
    }
    return *stop == ']' ? stop + 1 : stop;
}

/* The entry for port on one side; false when the side is malformed. */
static bool flow_at(const char *code, bool output, int port, FlowSet *fs)
{
    const char *b, *e;
    code_side(code, output, &b, &e);
    FlowSet last;
    int i = 0;
    for (const char *p = b; p < e; i++) {
        p = flow_entry(p, e, &last);
        if (!p)
            return false;
        if (i == port) {
            *fs = last;
            return true;
        }
    }
    *fs = last;
    return i > 0;
}

static bool flow_code_ok(const char *code)
{
    const char *slash = strchr(code, '/');
    if (slash && strchr(slash + 1, '/'))
        return false;
    for (int side = 0; side < 2; side++) {
        const char *b, *e;
        code_side(code, side, &b, &e);
        FlowSet fs;
        if (b == e)
            return false;
        for (const char *p = b; p < e;)
            if (!(p = flow_entry(p, e, &fs)))
                return false;
    }
    return true;
}

static bool flows(const ClassInfo *ci, int in, int out)
{
    const char *code = ci->cls->flow_code;
    if (!ci->flow_ok || !code || strcmp(code, "x/x") == 0)
        return true;
    FlowSet a, b;
    flow_at(code, false, in, &a);
    flow_at(code, true, out, &b);
    const uint64_t all = (UINT64_C(1) << 52) - 1;
    uint64_t la = a.negated ? ~a.letters & all : a.letters;
    uint64_t lb = b.negated ? ~b.letters & all : b.letters;
    if ((la & lb) || (a.negated && b.negated))
        return true;
    if (!a.negated && !b.negated)
        return a.hash && b.hash && in == out;
    if (a.negated)
        return b.hash && !(a.hash && in == out);
    return a.hash && !(b.hash && in == out);
}

/* The ClassInfo of e's class, made (and its notation checked) on first
 * use; malformed notation is the class's fault, reported once. */
static ClassInfo *class_info(Checker *c, const Element *e)
{
    const ElementClass *cls = e->cls;
    ClassInfo *ci = strmap_get(&c->classes, cls->name);
    if (ci)
        return ci;
    ci = arena_alloc(&c->tmp, sizeof *ci);
    ci->cls = cls;
    ci->ports_ok = cls->port_count && parse_port_count(cls->port_count, ci);
    ci->proc_ok = cls->processing && proc_code_ok(cls->processing);
    ci->flow_ok = !cls->flow_code || flow_code_ok(cls->flow_code);
    if (!ci->ports_ok)
        elem_issue(c, DIAG_ERROR, e,
                   "class '%s' has a malformed port count '%s'", cls->name,
                   cls->port_count ? cls->port_count : "");
    if (!ci->proc_ok)
        elem_issue(c, DIAG_ERROR, e,
                   "class '%s' has a malformed processing code '%s'",
                   cls->name, cls->processing ? cls->processing : "");
    if (!ci->flow_ok)
        elem_issue(c, DIAG_ERROR, e,
                   "class '%s' has a malformed flow code '%s'", cls->name,
                   cls->flow_code);
    strmap_put(&c->classes, cls->name, ci);
    return ci;
}

/* ---- 1. Classes -------------------------------------------------------- */

static int edit_distance(const char *a, const char *b)
{
    int n = (int)strlen(b);
    if (n > 63)
        return INT_MAX;
    int row[64];
    for (int j = 0; j <= n; j++)
        row[j] = j;
    for (const char *p = a; *p; p++) {
        int diag = row[0]++;
        for (int j = 1; j <= n; j++) {
            int up = row[j];
            int subst = diag + ((*p | 32) != (b[j - 1] | 32));
            int best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = subst < best ? subst : best;
            diag = up;
        }
    }
    return row[n];
}

/* The known class closest to name, if it is close enough to be a typo. */
static const char *suggest_class(const char *name)
{
    int n, best = INT_MAX;
    const char *pick = NULL;
    const ElementClass *const *all = registry_all(&n);
    int limit = (int)strlen(name) / 3;
    if (limit < 1)
        limit = 1;
    for (int i = 0; i < n; i++) {
        int dist = edit_distance(name, all[i]->name);
        if (dist <= limit && dist < best) {
            best = dist;
            pick = all[i]->name;
        }
    }
    return pick;
}

static void resolve_classes(Checker *c)
{
    for (int i = 0; i < c->g->nelems; i++) {
        Element *e = &c->g->elems[i];
        if (!e->cls)
            e->cls = registry_find(e->class_name);
        if (e->cls) {
            c->info[i] = class_info(c, e);
            continue;
        }
        const char *hint = suggest_class(e->class_name);
        if (hint)
            elem_issue(c, DIAG_ERROR, e,
                       "unknown element class '%s'; did you mean '%s'?",
                       e->class_name, hint);
        else
            elem_issue(c, DIAG_ERROR, e, "unknown element class '%s'",
                       e->class_name);
    }
}

/* ---- 2. Port counts ---------------------------------------------------- */

/* "1 input", "no outputs", "1 to 2 inputs", "at least 1 output". */
static const char *ports_text(Checker *c, int lo, int hi, const char *what)
{
    if (hi == INT_MAX)
        return lo == 0 ? arena_printf(&c->tmp, "any number of %ss", what)
                       : arena_printf(&c->tmp, "at least %d %s%s", lo, what,
                                      lo == 1 ? "" : "s");
    if (lo == hi)
        return lo == 0 ? arena_printf(&c->tmp, "no %ss", what)
                       : arena_printf(&c->tmp, "%d %s%s", lo, what,
                                      lo == 1 ? "" : "s");
    return arena_printf(&c->tmp, "%d to %d %ss", lo, hi, what);
}

static int clamp(int n, int lo, int hi)
{
    return n < lo ? lo : n > hi ? hi : n;
}

/* The outputs a class allows; with "=", Click counts the element's inputs
 * as the ports used, raised to the class's minimum, cut to its maximum. */
static void out_range(const ClassInfo *ci, int nin, int *lo, int *hi)
{
    if (ci->equal) {
        *lo = *hi = clamp(nin, ci->in_lo, ci->in_hi) + ci->equal - 1;
    } else {
        *lo = ci->out_lo;
        *hi = ci->out_hi;
    }
}

/* The class's output count as a phrase; "=" codes say how many inputs. */
static const char *outputs_text(Checker *c, const ClassInfo *ci, int nin)
{
    int lo, hi;
    out_range(ci, nin, &lo, &hi);
    const char *s = ports_text(c, lo, hi, "output");
    if (ci->equal)
        return arena_printf(&c->tmp, "%s with %s", s,
                            ports_text(c, clamp(nin, ci->in_lo, ci->in_hi),
                                       clamp(nin, ci->in_lo, ci->in_hi),
                                       "input"));
    return s;
}

/* Element.ninputs/noutputs: 1 + the highest port connected. */
static void count_ports(Checker *c)
{
    Graph *g = c->g;
    for (int i = 0; i < g->nelems; i++)
        g->elems[i].ninputs = g->elems[i].noutputs = 0;
    for (int k = 0; k < g->nconns; k++) {
        Connection *cn = &g->conns[k];
        Element *from = &g->elems[cn->from], *to = &g->elems[cn->to];
        if ((unsigned)cn->from_port >= GRAPH_MAX_PORTS ||
            (unsigned)cn->to_port >= GRAPH_MAX_PORTS) {
            issue(c, DIAG_ERROR, cn->loc, conn_span(cn),
                  "port number %d is too large (the limit is %d)",
                  cn->from_port > cn->to_port ? cn->from_port : cn->to_port,
                  GRAPH_MAX_PORTS - 1);
            c->bad_conn[k] = c->huge_conn[k] = true;
            continue;
        }
        if (from->noutputs < cn->from_port + 1)
            from->noutputs = cn->from_port + 1;
        if (to->ninputs < cn->to_port + 1)
            to->ninputs = cn->to_port + 1;
    }
}

static void check_port_ranges(Checker *c)
{
    Graph *g = c->g;
    for (int k = 0; k < g->nconns; k++) {
        const Connection *cn = &g->conns[k];
        const Element *from = &g->elems[cn->from], *to = &g->elems[cn->to];
        const ClassInfo *fi = c->info[cn->from], *ti = c->info[cn->to];
        if (c->huge_conn[k])
            continue;
        if (fi && fi->ports_ok) {
            int lo, hi;
            out_range(fi, from->ninputs, &lo, &hi);
            if (cn->from_port >= hi) {
                issue(c, DIAG_ERROR, cn->loc, conn_span(cn),
                      "'%s' has no output %d ('%s' has %s)", from->name,
                      cn->from_port, fi->cls->name,
                      outputs_text(c, fi, from->ninputs));
                c->bad_conn[k] = true;
            }
        }
        if (ti && ti->ports_ok && cn->to_port >= ti->in_hi) {
            issue(c, DIAG_ERROR, cn->loc, conn_span(cn),
                  "'%s' has no input %d ('%s' has %s)", to->name,
                  cn->to_port, ti->cls->name,
                  ports_text(c, ti->in_lo, ti->in_hi, "input"));
            c->bad_conn[k] = true;
        }
    }
}

/* ---- 3. Push and pull -------------------------------------------------- */

static void make_nodes(Checker *c)
{
    Graph *g = c->g;
    int n = 0;
    for (int i = 0; i < g->nelems; i++) {
        c->in_base[i] = n;
        n += g->elems[i].ninputs;
    }
    c->nin_nodes = n;
    for (int i = 0; i < g->nelems; i++) {
        c->out_base[i] = n;
        n += g->elems[i].noutputs;
    }
    c->nnodes = n;
    c->node_elem = arena_alloc(&c->tmp, sizeof(int) * (size_t)(n + 1));
    c->proc = arena_alloc(&c->tmp, (size_t)n + 1);
    c->origin = arena_alloc(&c->tmp, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < g->nelems; i++) {
        const Element *e = &g->elems[i];
        const ClassInfo *ci = c->info[i];
        for (int side = 0; side < 2; side++) {
            int base = side ? c->out_base[i] : c->in_base[i];
            int np = side ? e->noutputs : e->ninputs;
            for (int p = 0; p < np; p++) {
                c->node_elem[base + p] = i;
                c->origin[base + p] = base + p;
                int v = ci ? (int)proc_of_port(ci, side, p) : PROC_UNKNOWN;
                c->proc[base + p] = (unsigned char)v;
            }
        }
    }
}

static void add_edge(Checker *c, int out, int in, int conn)
{
    Edge ed = {.out = out, .in = in, .conn = conn};
    VEC_PUSH(c->edges, c->nedges, c->edges_cap, ed);
}

static void make_edges(Checker *c)
{
    Graph *g = c->g;
    for (int k = 0; k < g->nconns; k++) {
        const Connection *cn = &g->conns[k];
        if (c->bad_conn[k] || !c->info[cn->from] || !c->info[cn->to])
            continue;
        add_edge(c, c->out_base[cn->from] + cn->from_port,
                 c->in_base[cn->to] + cn->to_port, k);
    }
    for (int i = 0; i < g->nelems; i++) {
        const Element *e = &g->elems[i];
        if (!c->info[i])
            continue;
        for (int p = 0; p < e->ninputs; p++) {
            if (c->proc[c->in_base[i] + p] != PROC_AGNOSTIC)
                continue;
            for (int q = 0; q < e->noutputs; q++)
                if (c->proc[c->out_base[i] + q] == PROC_AGNOSTIC &&
                    flows(c->info[i], p, q))
                    add_edge(c, c->out_base[i] + q, c->in_base[i] + p, -1);
        }
    }
}

static const char *proc_name(int p)
{
    return p == PROC_PUSH ? "push" : p == PROC_PULL ? "pull" : "agnostic";
}

static bool node_is_output(const Checker *c, int node)
{
    return node >= c->nin_nodes;
}

static const char *side_name(const Checker *c, int node)
{
    return node_is_output(c, node) ? "output" : "input";
}

static int node_port(const Checker *c, int node)
{
    int e = c->node_elem[node];
    return node - (node_is_output(c, node) ? c->out_base[e] : c->in_base[e]);
}

/* Says where an agnostic port's processing came from. */
static void origin_note(Checker *c, int node)
{
    int o = c->origin[node];
    if (o == node)
        return;
    const Element *e = &c->g->elems[c->node_elem[node]];
    const Element *oe = &c->g->elems[c->node_elem[o]];
    note(c, oe->loc, elem_span(oe),
         "'%s' %s %d is %s because '%s' %s %d is %s", e->name,
         side_name(c, node), node_port(c, node), proc_name(c->proc[node]),
         oe->name, side_name(c, o), node_port(c, o), proc_name(c->proc[o]));
}

static void conflict(Checker *c, const Edge *ed)
{
    const Graph *g = c->g;
    int pf = c->proc[ed->out], pt = c->proc[ed->in];
    if (ed->conn >= 0) {
        const Connection *cn = &g->conns[ed->conn];
        issue(c, DIAG_ERROR, cn->loc, conn_span(cn),
              "'%s' %s output %d is connected to '%s' %s input %d",
              g->elems[cn->from].name, proc_name(pf), cn->from_port,
              g->elems[cn->to].name, proc_name(pt), cn->to_port);
        origin_note(c, ed->out);
        origin_note(c, ed->in);
    } else {
        const Element *e = &g->elems[c->node_elem[ed->in]];
        elem_issue(c, DIAG_ERROR, e,
                   "agnostic '%s' would be %s on input %d and %s on output %d",
                   e->name, proc_name(pt), node_port(c, ed->in),
                   proc_name(pf), node_port(c, ed->out));
        origin_note(c, ed->in);
        origin_note(c, ed->out);
    }
}

/* Spreads push and pull from the fixed ports over the edges, breadth
 * first: every node is decided once, every edge looked at twice. */
static void resolve_processing(Checker *c)
{
    int n = c->nnodes;
    int *start = arena_alloc(&c->tmp, sizeof(int) * (size_t)(n + 2));
    int *adj = arena_alloc(&c->tmp, sizeof(int) * (size_t)(2 * c->nedges + 1));
    for (int k = 0; k < c->nedges; k++) {
        start[c->edges[k].out + 2]++;
        start[c->edges[k].in + 2]++;
    }
    for (int v = 0; v < n; v++)
        start[v + 2] += start[v + 1];
    for (int k = 0; k < c->nedges; k++) {
        adj[start[c->edges[k].out + 1]++] = k;
        adj[start[c->edges[k].in + 1]++] = k;
    }
    /* now start[v]..start[v+1] lists the edges of node v */
    int *queue = arena_alloc(&c->tmp, sizeof(int) * (size_t)(n + 1));
    int head = 0, tail = 0;
    for (int v = 0; v < n; v++)
        if (c->proc[v] == PROC_PUSH || c->proc[v] == PROC_PULL)
            queue[tail++] = v;
    while (head < tail) {
        int v = queue[head++];
        for (int a = start[v]; a < start[v + 1]; a++) {
            Edge *ed = &c->edges[adj[a]];
            int w = ed->out == v ? ed->in : ed->out;
            if (ed->dead || c->proc[w] == c->proc[v])
                continue;
            if (c->proc[w] == PROC_AGNOSTIC) {
                c->proc[w] = c->proc[v];
                c->origin[w] = c->origin[v];
                queue[tail++] = w;
            } else {
                conflict(c, ed);
                ed->dead = true;
            }
        }
    }
}

/* Agnostic ports that nothing decided are push, as in Click. */
static void store_processing(Checker *c)
{
    Graph *g = c->g;
    for (int i = 0; i < g->nelems; i++) {
        Element *e = &g->elems[i];
        e->in_proc = arena_alloc(&g->arena, (size_t)e->ninputs + 1);
        e->out_proc = arena_alloc(&g->arena, (size_t)e->noutputs + 1);
        for (int side = 0; side < 2; side++) {
            int base = side ? c->out_base[i] : c->in_base[i];
            int np = side ? e->noutputs : e->ninputs;
            unsigned char *dst = side ? e->out_proc : e->in_proc;
            for (int p = 0; p < np; p++) {
                int v = c->proc[base + p];
                if (v == PROC_AGNOSTIC)
                    v = c->proc[base + p] = PROC_PUSH;
                dst[p] = v == PROC_UNKNOWN ? PROC_AGNOSTIC : (unsigned char)v;
            }
        }
    }
}

/* A push output feeds one input; a pull input is fed by one output.  The
 * first connection in source order is the one that stands. */
static void check_reuse(Checker *c)
{
    Graph *g = c->g;
    int *first = arena_alloc(&c->tmp, sizeof(int) * (size_t)(c->nnodes + 1));
    for (int v = 0; v < c->nnodes; v++)
        first[v] = -1;
    for (int k = 0; k < g->nconns; k++) {
        const Connection *cn = &g->conns[k];
        if (c->bad_conn[k])
            continue;
        int out = c->out_base[cn->from] + cn->from_port;
        int in = c->in_base[cn->to] + cn->to_port;
        const char *fname = g->elems[cn->from].name;
        const char *tname = g->elems[cn->to].name;
        if (first[out] >= 0 && c->proc[out] == PROC_PUSH) {
            issue(c, DIAG_ERROR, cn->loc, conn_span(cn),
                  "'%s' push output %d is connected to more than one input",
                  fname, cn->from_port);
            const Connection *f = &g->conns[first[out]];
            note(c, f->loc, conn_span(f),
                 "'%s' output %d first connected here", fname, cn->from_port);
        } else if (first[out] < 0) {
            first[out] = k;
        }
        if (first[in] >= 0 && c->proc[in] == PROC_PULL) {
            issue(c, DIAG_ERROR, cn->loc, conn_span(cn),
                  "'%s' pull input %d is connected to more than one output",
                  tname, cn->to_port);
            const Connection *f = &g->conns[first[in]];
            note(c, f->loc, conn_span(f),
                 "'%s' input %d first connected here", tname, cn->to_port);
        } else if (first[in] < 0) {
            first[in] = k;
        }
    }
}

/* Every port an element has must be connected.  A connection whose other
 * end is out of range still counts here: that end was reported. */
static void check_unconnected(Checker *c)
{
    Graph *g = c->g;
    bool *linked = arena_alloc(&c->tmp, (size_t)c->nnodes + 1);
    for (int k = 0; k < g->nconns; k++) {
        const Connection *cn = &g->conns[k];
        if (c->huge_conn[k])
            continue;
        linked[c->out_base[cn->from] + cn->from_port] = true;
        linked[c->in_base[cn->to] + cn->to_port] = true;
    }
    for (int i = 0; i < g->nelems; i++) {
        const Element *e = &g->elems[i];
        const ClassInfo *ci = c->info[i];
        if (!ci || !ci->ports_ok)
            continue;
        int olo, ohi;
        out_range(ci, e->ninputs, &olo, &ohi);
        for (int side = 0; side < 2; side++) {
            const char *what = side ? "output" : "input";
            int np = side ? e->noutputs : e->ninputs;
            int lo = side ? olo : ci->in_lo, hi = side ? ohi : ci->in_hi;
            int base = side ? c->out_base[i] : c->in_base[i];
            int connected = 0;
            for (int p = 0; p < np && p < hi; p++)
                connected += linked[base + p];
            if (np < lo)
                elem_issue(c, DIAG_ERROR, e,
                           "too few %ss for '%s' ('%s' has %s, %d connected)",
                           what, e->name, ci->cls->name,
                           side ? outputs_text(c, ci, e->ninputs)
                                : ports_text(c, lo, hi, "input"),
                           connected);
            for (int p = 0; p < np && p < hi; p++)
                if (!linked[base + p])
                    elem_issue(c, DIAG_ERROR, e,
                               "'%s' %s %s %d is not connected", e->name,
                               proc_name(c->proc[base + p]), what, p);
        }
    }
}

/* ---- 4. Hardware ------------------------------------------------------- */

static void check_hardware(Checker *c)
{
    for (int i = 0; i < c->g->nelems; i++) {
        ClassInfo *ci = c->info[i];
        if (!ci || ci->seen)
            continue;
        ci->seen = true;
        if (!ci->cls->impl)
            elem_issue(c, DIAG_WARNING, &c->g->elems[i],
                       "'%s' has no hardware implementation yet",
                       ci->cls->name);
    }
}

/* ---- Driver ------------------------------------------------------------ */

bool check_graph(Graph *g, Diag *d, const CheckOptions *opt)
{
    Checker c = {.g = g, .d = d};
    int ne = g->nelems;
    c.info = arena_alloc(&c.tmp, sizeof *c.info * (size_t)(ne + 1));
    c.in_base = arena_alloc(&c.tmp, sizeof(int) * (size_t)(ne + 1));
    c.out_base = arena_alloc(&c.tmp, sizeof(int) * (size_t)(ne + 1));
    c.bad_conn = arena_alloc(&c.tmp, (size_t)g->nconns + 1);
    c.huge_conn = arena_alloc(&c.tmp, (size_t)g->nconns + 1);
    for (int i = 0; i < ne; i++)
        learn_file(&c, g->elems[i].loc.file);
    for (int k = 0; k < g->nconns; k++)
        learn_file(&c, g->conns[k].loc.file);

    resolve_classes(&c);
    count_ports(&c);
    check_port_ranges(&c);
    make_nodes(&c);
    make_edges(&c);
    resolve_processing(&c);
    store_processing(&c);
    check_reuse(&c);
    check_unconnected(&c);
    if ((!opt || opt->hardware) && !c.failed)
        check_hardware(&c);
    flush_issues(&c);

    bool ok = !c.failed;
    free(c.issues);
    free(c.notes);
    free(c.edges);
    strmap_free(&c.file_rank);
    strmap_free(&c.classes);
    arena_free(&c.tmp);
    return ok;
}

PortProc graph_port_proc(const Graph *g, int elem, bool output, int port)
{
    if (elem < 0 || elem >= g->nelems)
        return PROC_AGNOSTIC;
    const Element *e = &g->elems[elem];
    const unsigned char *v = output ? e->out_proc : e->in_proc;
    int n = output ? e->noutputs : e->ninputs;
    if (!v || port < 0 || port >= n)
        return PROC_AGNOSTIC;
    return (PortProc)v[port];
}
