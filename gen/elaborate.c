/*
 * elaborate.c -- the project writer: from a checked Graph and a board to
 * a directory with the Verilog of every element, the top level, the
 * register map, design.json and the build files.
 *
 * Stages (docs/ARCHITECTURE.md): configure, annotation layout, head
 * offsets, register allocation, element elaboration, top level, write.
 */
#include "datapath.h"
#include "csr.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The connections of the graph, each list in source order: those into
 * each input port (port_first[e] + p numbers input p of element e), into
 * each element, and out of each element.  Group k of a list is
 * list[off[k]] up to list[off[k + 1]]. */
typedef struct ConnIndex {
    int *port_first;
    int *port_off, *port_conns;
    int *into_off, *into;
    int *out_off, *out;
} ConnIndex;

typedef struct Gen {
    Design ds;              /* graph, board, configured elements */
    const GenOptions *o;
    AnnoLayout annos;
    CsrMap csr;
    uint64_t hash;
    char *flat;             /* the flat configuration text */
    StrMap modules;         /* module text -> its name */
    StrMap module_count;    /* class module base name -> variants + 1 */
    ConnIndex ix;           /* the connections by port and by element */
} Gen;

/* ---- Stage 2: annotation layout -------------------------------------- */

static void add_annos(Gen *x, const char *list, bool *used, const Element *e)
{
    if (!list)
        return;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ", ");
        if (n) {
            char name[32];
            AnnoId id;
            snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), p);
            if (anno_lookup(name, &id))
                used[id] = true;
            else
                diag_warning(x->ds.d, e->loc, 1,
                             "%s: annotation '%s' is not carried in hardware",
                             e->class_name, name);
        }
        p += n;
        p += strspn(p, ", ");
    }
}

static void layout_annos(Gen *x)
{
    bool used[ANNO_COUNT] = {false};
    for (int i = 0; i < x->ds.g->nelems; i++) {
        const ElementClass *c = x->ds.g->elems[i].cls;
        if (c) {
            add_annos(x, c->annos_read, used, &x->ds.g->elems[i]);
            add_annos(x, c->annos_written, used, &x->ds.g->elems[i]);
        }
    }
    if (strcmp(x->ds.b->name, "sim") == 0)
        used[ANNO_SIM_TAG] = true;
    AnnoLayout *l = &x->annos;
    memset(l, 0, sizeof *l);
    for (int id = 0; id < ANNO_COUNT; id++) {
        l->lsb[id] = -1;
        if (!used[id])
            continue;
        l->fields[l->nfields++] = (AnnoField){(AnnoId)id, l->width,
                                              anno_width((AnnoId)id)};
        l->lsb[id] = l->width;
        l->width += anno_width((AnnoId)id);
    }
    if (l->width == 0)
        l->width = 1;   /* a 1-bit tuser tied to zero */
}

/* ---- Connections by port ---------------------------------------------- */

/* Groups the indices 0..n-1 by key[i] (0 <= key < nkeys), in order within
 * each group (a counting sort): group k is list[off[k]] up to
 * list[off[k + 1]]. */
static void group_by(Arena *a, const int *key, int n, int nkeys, int **off,
                     int **list)
{
    int *o = arena_alloc(a, ((size_t)nkeys + 2) * sizeof *o);
    int *l = arena_alloc(a, ((size_t)n + 1) * sizeof *l);
    for (int i = 0; i < n; i++)
        o[key[i] + 2]++;
    for (int k = 0; k < nkeys; k++)
        o[k + 2] += o[k + 1];
    for (int i = 0; i < n; i++)
        l[o[key[i] + 1]++] = i;
    *off = o;
    *list = l;
}

/* Indexes the connections once, so that no stage scans them all for
 * each port: a graph of n elements would cost n times its size. */
static void index_conns(Gen *x)
{
    const Graph *g = x->ds.g;
    ConnIndex *ix = &x->ix;
    int n = g->nelems, nc = g->nconns, nports = 0;
    ix->port_first = arena_alloc(&x->ds.a, ((size_t)n + 1) * sizeof *ix->port_first);
    for (int i = 0; i < n; i++) {
        ix->port_first[i] = nports;
        nports += x->ds.in[i].ni;
    }
    ix->port_first[n] = nports;
    int *key = xmalloc(((size_t)nc + 1) * sizeof *key);
    for (int c = 0; c < nc; c++)
        key[c] = ix->port_first[g->conns[c].to] + g->conns[c].to_port;
    group_by(&x->ds.a, key, nc, nports, &ix->port_off, &ix->port_conns);
    for (int c = 0; c < nc; c++)
        key[c] = g->conns[c].to;
    group_by(&x->ds.a, key, nc, n, &ix->into_off, &ix->into);
    for (int c = 0; c < nc; c++)
        key[c] = g->conns[c].from;
    group_by(&x->ds.a, key, nc, n, &ix->out_off, &ix->out);
    free(key);
}

/* The connections feeding input q of element e, in source order: sets
 * *list and returns how many. */
static int feeders(const Gen *x, int e, int q, const int **list)
{
    int k = x->ix.port_first[e] + q;
    *list = x->ix.port_conns + x->ix.port_off[k];
    return x->ix.port_off[k + 1] - x->ix.port_off[k];
}

/* ---- Stage 3: head offsets ------------------------------------------- */

/* Tarjan's strongly connected components, with an explicit stack: a
 * chain as long as the graph must not exhaust the C stack. */
typedef struct Tarjan {
    const Gen *x;
    int *num, *low;         /* visit order (-1: not yet), least reached */
    int *cursor;            /* the next connection out of it to follow */
    int *path, depth;       /* the depth-first path */
    int *open, nopen;       /* visited, their component not yet closed */
    bool *is_open;
    int count;
} Tarjan;

static void tarjan_enter(Tarjan *t, int e)
{
    t->num[e] = t->low[e] = t->count++;
    t->cursor[e] = t->x->ix.out_off[e];
    t->path[t->depth++] = e;
    t->open[t->nopen++] = e;
    t->is_open[e] = true;
}

/* Numbers the components of the element graph in comp[] so that every
 * connection runs from a component to itself or to a later one; returns
 * how many there are. */
static int components(const Gen *x, int *comp)
{
    const Graph *g = x->ds.g;
    const ConnIndex *ix = &x->ix;
    int n = g->nelems, ncomp = 0;
    Tarjan t = {.x = x};
    t.num = xmalloc(((size_t)n + 1) * sizeof *t.num);
    t.low = xmalloc(((size_t)n + 1) * sizeof *t.low);
    t.cursor = xmalloc(((size_t)n + 1) * sizeof *t.cursor);
    t.path = xmalloc(((size_t)n + 1) * sizeof *t.path);
    t.open = xmalloc(((size_t)n + 1) * sizeof *t.open);
    t.is_open = xcalloc((size_t)n + 1, sizeof *t.is_open);
    for (int i = 0; i < n; i++)
        t.num[i] = -1;
    for (int r = 0; r < n; r++) {
        if (t.num[r] >= 0)
            continue;
        tarjan_enter(&t, r);
        while (t.depth > 0) {
            int v = t.path[t.depth - 1];
            if (t.cursor[v] < ix->out_off[v + 1]) {
                int w = g->conns[ix->out[t.cursor[v]++]].to;
                if (t.num[w] < 0)
                    tarjan_enter(&t, w);
                else if (t.is_open[w] && t.num[w] < t.low[v])
                    t.low[v] = t.num[w];
                continue;
            }
            t.depth--;
            if (t.depth > 0 && t.low[v] < t.low[t.path[t.depth - 1]])
                t.low[t.path[t.depth - 1]] = t.low[v];
            if (t.low[v] == t.num[v]) {
                int w;
                do {
                    w = t.open[--t.nopen];
                    t.is_open[w] = false;
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
        }
    }
    /* A component closes after every component it reaches. */
    for (int i = 0; i < n; i++)
        comp[i] = ncomp - 1 - comp[i];
    free(t.num);
    free(t.low);
    free(t.cursor);
    free(t.path);
    free(t.open);
    free(t.is_open);
    return ncomp;
}

/* Recomputes the heads of e's inputs (the least of the outputs that feed
 * each, 0 for none: longer heads are shifted away where they merge), then
 * of its outputs.  Returns whether an output changed; raises *top to the
 * largest head of e. */
static bool update_heads(Gen *x, int e, int *scratch, long long *top)
{
    Inst *n = &x->ds.in[e];
    for (int p = 0; p < n->ni; p++) {
        const int *src;
        int ns = feeders(x, e, p, &src), best = 0;
        for (int s = 0; s < ns; s++) {
            const Connection *k = &x->ds.g->conns[src[s]];
            int h = x->ds.in[k->from].head_out[k->from_port];
            if (s == 0 || h < best)
                best = h;
        }
        n->head_in[p] = best;
        if (best > *top)
            *top = best;
    }
    if (!n->impl)
        return false;
    memcpy(scratch, n->head_out, (size_t)n->no * sizeof *scratch);
    if (n->impl->heads)
        n->impl->heads(n->conf, n->head_in, n->ni, scratch, n->no);
    else
        for (int p = 0; p < n->no; p++)
            scratch[p] = n->ni ? n->head_in[0] : 0;
    bool changed = false;
    for (int p = 0; p < n->no; p++) {
        if (scratch[p] != n->head_out[p]) {
            n->head_out[p] = scratch[p];
            changed = true;
        }
        if (scratch[p] > *top)
            *top = scratch[p];
    }
    return changed;
}

/* The most an element adds to a head: its outputs' heads when its inputs'
 * are 0.  Every head function is max(h + a, b) of input 0's head h
 * (datapath.h), so no output's head exceeds input 0's by more. */
static int head_gain(const Inst *n, const int *zeros, int *scratch)
{
    if (!n->impl || !n->impl->heads)
        return 0;
    memset(scratch, 0, ((size_t)n->no + 1) * sizeof *scratch);
    n->impl->heads(n->conf, zeros, n->ni, scratch, n->no);
    int gain = 0;
    for (int p = 0; p < n->no; p++)
        if (scratch[p] > gain)
            gain = scratch[p];
    return gain;
}

/* The work of compute_heads, one component at a time. */
typedef struct HeadWork {
    int *comp;              /* element -> its component */
    int *queue;             /* the component's elements to recompute: a ring */
    bool *queued;
    int *scratch, *zeros;   /* one element's worth of heads */
} HeadWork;

/* A bound that the heads of a component with a cycle stay within if they
 * have a fixed point: the largest head that enters the component plus the
 * gains of its elements, each counted once.  In the least fixed point,
 * follow a head back, from an input to the output that sets it (the
 * least), from an output to input 0 of its element: the trail leaves the
 * component, or starts at a source or an unconnected input (head 0),
 * having passed each element once; or it closes a loop.  Around a loop
 * the head functions compose to max(h + a, b) again; with a fixed point
 * a <= 0 and the least head is at most its value at 0, at most the loop's
 * gains.  Capped well inside an int. */
static long long head_bound(Gen *x, HeadWork *w, const int *members, int nm)
{
    long long enter = 0, gain = 0;
    for (int m = 0; m < nm; m++) {
        const Inst *n = &x->ds.in[members[m]];
        gain += head_gain(n, w->zeros, w->scratch);
        for (int p = 0; p < n->ni; p++) {
            const int *src;
            int ns = feeders(x, members[m], p, &src);
            for (int s = 0; s < ns; s++) {
                const Connection *k = &x->ds.g->conns[src[s]];
                int h = x->ds.in[k->from].head_out[k->from_port];
                if (w->comp[k->from] != w->comp[members[m]] && h > enter)
                    enter = h;
            }
        }
    }
    return enter + gain < INT_MAX / 2 ? enter + gain : INT_MAX / 2;
}

/* Whether a component has a cycle: two elements or more, or a
 * connection of an element to itself. */
static bool is_cyclic(const Gen *x, const int *members, int nm)
{
    if (nm > 1)
        return true;
    for (int k = x->ix.out_off[members[0]]; k < x->ix.out_off[members[0] + 1]; k++)
        if (x->ds.g->conns[x->ix.out[k]].to == members[0])
            return true;
    return false;
}

/* The largest head offset: no packet is longer (an IP datagram's length
 * field), so a head past it would leave nothing of any packet. */
enum { HEAD_MAX = 65535 };

/* Settles the heads of component c (members[0..nm-1]), whose inputs from
 * other components are final: each element once, and one of a cycle
 * again whenever an output feeding it changed.  Reports an error and
 * returns false if they climb past the bound (no fixed point) or past
 * HEAD_MAX. */
static bool settle(Gen *x, HeadWork *w, int c, const int *members, int nm)
{
    const Graph *g = x->ds.g;
    bool cyclic = is_cyclic(x, members, nm);
    long long bound = cyclic ? head_bound(x, w, members, nm) : 0;
    int head = 0, len = 0;
    for (int m = 0; m < nm; m++) {
        w->queue[len++] = members[m];
        w->queued[members[m]] = true;
    }
    while (len > 0) {
        int e = w->queue[head];
        head = (head + 1) % nm;
        len--;
        w->queued[e] = false;
        long long top = 0;
        if (!update_heads(x, e, w->scratch, &top))
            continue;
        if (cyclic && top > bound) {
            diag_error(x->ds.d, (SrcLoc){g->file, 0, 0, NULL, 0}, 1,
                       "a cycle in the graph strips bytes on every turn; "
                       "its head offset has no fixed point");
            return false;
        }
        if (top > HEAD_MAX) {
            /* Also keeps the sums of Strip lengths far from overflowing. */
            diag_error(x->ds.d, g->elems[e].loc, 1,
                       "packets would leave '%s' %lld bytes into the stream: the "
                       "Strips up to it remove more bytes than the longest packet has (%d)",
                       g->elems[e].name, top, HEAD_MAX);
            return false;
        }
        for (int k = x->ix.out_off[e]; k < x->ix.out_off[e + 1]; k++) {
            int t = g->conns[x->ix.out[k]].to;
            if (w->comp[t] == c && !w->queued[t]) {
                w->queue[(head + len++) % nm] = t;
                w->queued[t] = true;
            }
        }
    }
    return true;
}

/* Heads start at 0 and only grow (every head function is monotonic), to
 * the least fixed point: component by component in order, so that a graph
 * without cycles computes each element once. */
static void compute_heads(Gen *x)
{
    Graph *g = x->ds.g;
    int n = g->nelems, maxp = 0;
    for (int i = 0; i < n; i++) {
        Inst *in = &x->ds.in[i];
        in->head_in = arena_alloc(&x->ds.a, (size_t)(in->ni + 1) * sizeof(int));
        in->head_out = arena_alloc(&x->ds.a, (size_t)(in->no + 1) * sizeof(int));
        if (in->ni > maxp)
            maxp = in->ni;
        if (in->no > maxp)
            maxp = in->no;
    }
    HeadWork w = {
        .comp = xmalloc(((size_t)n + 1) * sizeof *w.comp),
        .queue = xmalloc(((size_t)n + 1) * sizeof *w.queue),
        .queued = xcalloc((size_t)n + 1, sizeof *w.queued),
        .scratch = xmalloc(((size_t)maxp + 1) * sizeof *w.scratch),
        .zeros = xcalloc((size_t)maxp + 1, sizeof *w.zeros),
    };
    int ncomp = components(x, w.comp), *off, *members;
    group_by(&x->ds.a, w.comp, n, ncomp, &off, &members);
    for (int c = 0; c < ncomp; c++)
        if (!settle(x, &w, c, members + off[c], off[c + 1] - off[c]))
            break;      /* reported */
    free(w.comp);
    free(w.queue);
    free(w.queued);
    free(w.scratch);
    free(w.zeros);
}

/* ---- Stage 3b: merges that would deadlock ---------------------------- */

enum { WALK_OTHER, WALK_QUEUE, WALK_TEE };

/* The walks up from the inputs where paths merge, with an explicit stack
 * (a chain as long as the graph must not exhaust the C stack).  Branches
 * are numbered across all inputs, so nothing is cleared between them. */
typedef struct Walk {
    unsigned char *kind;    /* WALK_QUEUE, WALK_TEE or WALK_OTHER */
    bool *tee_above;        /* a walk that enters it can reach a Tee */
    int *seen;              /* the last branch that entered it */
    int *tee_from;          /* a Tee: the last branch that passed it */
    int *path, *cursor;     /* the walk's path; each one's next connection */
} Walk;

/* Marks the elements from which a walk can reach a Tee: the Tees, and
 * what a Tee feeds through elements other than Queues.  A walk skips the
 * others: above them it would find no Tee and mark nothing. */
static void mark_tee_above(const Gen *x, Walk *w)
{
    const Graph *g = x->ds.g;
    int *todo = xmalloc(((size_t)g->nelems + 1) * sizeof *todo), ntodo = 0;
    for (int e = 0; e < g->nelems; e++)
        if (w->kind[e] == WALK_TEE) {
            w->tee_above[e] = true;
            todo[ntodo++] = e;
        }
    while (ntodo > 0) {
        int e = todo[--ntodo];
        for (int k = x->ix.out_off[e]; k < x->ix.out_off[e + 1]; k++) {
            int t = g->conns[x->ix.out[k]].to;
            if (!w->tee_above[t] && w->kind[t] != WALK_QUEUE) {
                w->tee_above[t] = true;
                todo[ntodo++] = t;
            }
        }
    }
    free(todo);
}

/* Enters element e on the walk of branch (the current input's branches
 * are numbered from first).  Returns e if it is a Tee that an earlier
 * branch of this input passed, else -1, having put e on the path if the
 * walk goes on above it.  Queues end the walk (they drop, never push
 * back). */
static int walk_enter(const Gen *x, Walk *w, int e, int branch, int first,
                      int *depth)
{
    if (!w->tee_above[e] || w->seen[e] == branch)
        return -1;
    w->seen[e] = branch;
    if (w->kind[e] == WALK_TEE) {
        if (w->tee_from[e] >= first && w->tee_from[e] != branch)
            return e;
        w->tee_from[e] = branch;
    }
    w->cursor[e] = x->ix.into_off[e];
    w->path[(*depth)++] = e;
    return -1;
}

/* Walks up from element e, depth first through the connections into each
 * element in source order, marking in tee_from which branch passed each
 * Tee.  Returns the first Tee reached by two branches, or -1. */
static int walk_up(const Gen *x, Walk *w, int e, int branch, int first)
{
    const ConnIndex *ix = &x->ix;
    int depth = 0, tee = walk_enter(x, w, e, branch, first, &depth);
    while (tee < 0 && depth > 0) {
        int v = w->path[depth - 1];
        if (w->cursor[v] == ix->into_off[v + 1])
            depth--;
        else
            tee = walk_enter(x, w, x->ds.g->conns[ix->into[w->cursor[v]++]].from,
                             branch, first, &depth);
    }
    return tee;
}

/* A Tee moves a beat only when all its outputs take it, and an arbiter
 * keeps one input for a whole packet: two paths from one Tee that merge
 * again, with no Queue between, wait for each other for ever. */
static void check_merges(Gen *x)
{
    const Graph *g = x->ds.g;
    size_t n = (size_t)g->nelems + 1;
    Walk w = {
        .kind = xcalloc(n, sizeof *w.kind), .tee_above = xcalloc(n, sizeof *w.tee_above),
        .seen = xcalloc(n, sizeof *w.seen), .tee_from = xcalloc(n, sizeof *w.tee_from),
        .path = xmalloc(n * sizeof *w.path), .cursor = xmalloc(n * sizeof *w.cursor),
    };
    for (int e = 0; e < g->nelems; e++)
        w.kind[e] = strcmp(g->elems[e].class_name, "Queue") == 0 ? WALK_QUEUE
                    : strcmp(g->elems[e].class_name, "Tee") == 0 ? WALK_TEE
                                                                  : WALK_OTHER;
    mark_tee_above(x, &w);
    int branch = 0;
    for (int j = 0; j < g->nelems; j++)
        for (int q = 0; q < x->ds.in[j].ni; q++) {
            const int *src;
            int ns = feeders(x, j, q, &src);
            if (ns < 2)
                continue;   /* one path does not merge */
            int first = branch + 1, tee = -1;
            const Connection *second = NULL;
            for (int s = 0; s < ns && tee < 0; s++) {
                second = &g->conns[src[s]];
                tee = walk_up(x, &w, second->from, ++branch, first);
            }
            if (tee < 0)
                continue;
            diag_error(x->ds.d, second->loc, 2,
                       "paths from Tee '%s' merge again at '%s' input %d with no "
                       "Queue between: the hardware would deadlock",
                       g->elems[tee].name, g->elems[j].name, q);
            diag_note(x->ds.d, g->elems[tee].loc, 1,
                      "'%s' declared here; fpgagen does not buffer paths that "
                      "leave a Tee and meet again", g->elems[tee].name);
        }
    free(w.kind);
    free(w.tee_above);
    free(w.seen);
    free(w.tee_from);
    free(w.path);
    free(w.cursor);
}

/* ---- Stage 4: registers ---------------------------------------------- */

static int reg_count(const RegSpec *r)
{
    int n = 0;
    while (r && r[n].name)
        n++;
    return n;
}

static void allocate_csr(Gen *x)
{
    Graph *g = x->ds.g;
    CsrMap *m = &x->csr;
    m->addr_width = x->ds.b->csr_addr_width;
    m->blocks = arena_alloc(&x->ds.a, (size_t)(g->nelems + 1) * sizeof *m->blocks);
    int nid;
    const CsrReg *id_regs = csr_id_regs(&nid);
    m->source = x->o->config;
    m->blocks[m->n++] = (CsrBlock){.name = CSR_ID_NAME, .size = CSR_ID_SIZE,
                                   .regs = id_regs, .nregs = nid};
    for (int i = 0; i < g->nelems; i++) {
        Inst *n = &x->ds.in[i];
        if (!n->impl || !n->impl->regs)
            continue;
        unsigned size = n->e->cls->csr_bytes;
        int nr = reg_count(n->impl->regs);
        unsigned need = 8;   /* at least one word-select address bit */
        for (int r = 0; r < nr; r++) {
            unsigned end = n->impl->regs[r].offset + (unsigned)n->impl->regs[r].width / 8;
            if (end > need)
                need = end;
        }
        if (size < need)
            size = need;
        size = 1u << vl_clog2(size);
        CsrReg *regs = arena_alloc(&x->ds.a, (size_t)nr * sizeof *regs);
        for (int r = 0; r < nr; r++)
            regs[r] = (CsrReg){n->impl->regs[r].name, n->impl->regs[r].offset,
                               n->impl->regs[r].width,
                               (CsrAccess)n->impl->regs[r].access};
        n->csr_block = m->n;
        n->csr_aw = vl_clog2(size);
        m->blocks[m->n++] = (CsrBlock){.name = n->e->name,
                                       .class_name = n->e->class_name,
                                       .size = size, .regs = regs, .nregs = nr,
                                       .loc = n->e->loc};
    }
    if (!csr_allocate(m, x->ds.d))
        return;
}

/* ---- Stage 5: elements ----------------------------------------------- */

static void elaborate_one(Gen *x, Inst *n, const char *module, StrBuf *v)
{
    ElabCtx c = {
        .d = x->ds.d, .e = n->e, .conf = n->conf, .width = x->ds.width,
        .user_width = x->annos.width, .annos = &x->annos,
        .ninputs = n->ni, .noutputs = n->no, .head_in = n->head_in,
        .head_out = n->head_out, .csr_aw = n->csr_aw,
        .device = n->impl->device, .dev = n->dev, .module = module, .v = v,
    };
    n->impl->elaborate(&c);
}

/* Elaborates every element; identical modules are written once. */
static void elaborate_all(Gen *x, const char *rtl_dir)
{
    for (int i = 0; i < x->ds.g->nelems; i++) {
        Inst *n = &x->ds.in[i];
        if (!n->impl || !n->impl->elaborate)
            continue;
        const char *base = arena_printf(&x->ds.a, "fg_%s",
                                        vl_lower(&x->ds.a, n->e->class_name));
        /* Elaborate under the base name; a text seen before reuses that
         * module, a new text becomes the next variant. */
        StrBuf v = {0};
        elaborate_one(x, n, base, &v);
        const char *have = strmap_get(&x->modules, sb_str(&v));
        if (have) {
            sb_free(&v);
            n->module = have;
            continue;
        }
        const char *key = arena_strdup(&x->ds.a, sb_str(&v));
        sb_free(&v);
        intptr_t k = (intptr_t)strmap_get(&x->module_count, base);
        strmap_put(&x->module_count, base, (void *)(k + 1));
        const char *name = k ? arena_printf(&x->ds.a, "%s_%d", base, (int)k) : base;
        strmap_put(&x->modules, key, (void *)name);
        n->module = name;
        StrBuf out = {0};
        if (k)
            elaborate_one(x, n, name, &out);
        else
            sb_puts(&out, key);
        char *path = arena_printf(&x->ds.a, "%s/%s.v", rtl_dir, name);
        FILE *f = fopen(path, "w");
        if (!f || fwrite(out.data, 1, out.len, f) != out.len)
            diag_error(x->ds.d, (SrcLoc){0}, 1, "cannot write %s: %s", path,
                       strerror(errno));
        if (f)
            fclose(f);
        sb_free(&out);
    }
}

/* ---- Stage 6: the top level ------------------------------------------ */

/* Wire names of a port's stream bundle. */
static const char *port_wire(Gen *x, int elem, bool out, int port)
{
    return arena_printf(&x->ds.a, "%s_%c%d", x->ds.in[elem].inst, out ? 'm' : 's',
                        port);
}

static void declare_bundle(Gen *x, StrBuf *v, const char *w)
{
    int W = x->ds.width, U = x->annos.width;
    sb_printf(v, "    wire [%d:0] %s_tdata;\n    wire [%d:0] %s_tkeep;\n"
                 "    wire %s_tlast;\n    wire [%d:0] %s_tuser;\n"
                 "    wire %s_tvalid;\n    wire %s_tready;\n",
              W - 1, w, W / 8 - 1, w, w, U - 1, w, w, w);
}

/* Connects the bundle `from` (a source) to the bundle `to` (a sink). */
static void assign_bundle(StrBuf *v, const char *to, const char *from)
{
    sb_printf(v, "    assign %s_tdata = %s_tdata;\n    assign %s_tkeep = %s_tkeep;\n"
                 "    assign %s_tlast = %s_tlast;\n    assign %s_tuser = %s_tuser;\n"
                 "    assign %s_tvalid = %s_tvalid;\n    assign %s_tready = %s_tready;\n",
              to, from, to, from, to, from, to, from, to, from, from, to);
}

static void bundle_concat(Gen *x, StrBuf *v, int elem, bool out, int n,
                          const char *field)
{
    sb_putc(v, '{');
    for (int p = n - 1; p >= 0; p--)
        sb_printf(v, "%s%s_%s", p == n - 1 ? "" : ", ",
                  port_wire(x, elem, out, p), field);
    sb_putc(v, '}');
}

static void emit_shift(Gen *x, StrBuf *v, const char *name, const char *to,
                       const char *from, int bytes)
{
    sb_printf(v, "    // Realign: drop %d head bytes that are no longer part of the packet.\n"
                 "    wire unused_%s_drop;\n"
                 "    fg_axis_shift #(.DATA_WIDTH(%d), .USER_WIDTH(%d), .SHIFT_BYTES(%d)) %s (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(%s_tdata), .s_axis_tkeep(%s_tkeep), .s_axis_tlast(%s_tlast),\n"
                 "        .s_axis_tuser(%s_tuser), .s_axis_tvalid(%s_tvalid), .s_axis_tready(%s_tready),\n"
                 "        .m_axis_tdata(%s_tdata), .m_axis_tkeep(%s_tkeep), .m_axis_tlast(%s_tlast),\n"
                 "        .m_axis_tuser(%s_tuser), .m_axis_tvalid(%s_tvalid), .m_axis_tready(%s_tready),\n"
                 "        .drop(unused_%s_drop)\n"
                 "    );\n",
              bytes, name, x->ds.width, x->annos.width, bytes, name, from, from, from,
              from, from, from, to, to, to, to, to, to, name);
}

/* The wiring of one input port: direct, realigned, or through an
 * arbiter when several outputs feed it. */
static void wire_input(Gen *x, StrBuf *v, int j, int q, const int *srcs,
                       int nsrc)
{
    const char *in = port_wire(x, j, false, q);
    int head = x->ds.in[j].head_in[q];
    if (nsrc == 0) {
        sb_printf(v, "    // %s input %d is not connected.\n"
                     "    assign %s_tdata = 0;\n    assign %s_tkeep = 0;\n"
                     "    assign %s_tlast = 1'b0;\n    assign %s_tuser = 0;\n"
                     "    assign %s_tvalid = 1'b0;\n",
                  x->ds.in[j].e->name, q, in, in, in, in, in);
        return;
    }
    const char **from = arena_alloc(&x->ds.a, (size_t)nsrc * sizeof *from);
    for (int s = 0; s < nsrc; s++) {
        const Connection *c = &x->ds.g->conns[srcs[s]];
        const char *w = port_wire(x, c->from, true, c->from_port);
        int extra = x->ds.in[c->from].head_out[c->from_port] - head;
        if (extra > 0) {
            const char *r = arena_printf(&x->ds.a, "%s_r%d", in, s);
            declare_bundle(x, v, r);
            emit_shift(x, v, arena_printf(&x->ds.a, "%s_shift", r), r, w, extra);
            w = r;
        }
        from[s] = w;
    }
    if (nsrc == 1) {
        assign_bundle(v, in, from[0]);
        return;
    }
    int W = x->ds.width, U = x->annos.width;
    sb_printf(v, "    // %d outputs feed %s input %d: packet-level round robin.\n"
                 "    fg_axis_arb #(.PORTS(%d), .DATA_WIDTH(%d), .USER_WIDTH(%d)) %s_arb (\n"
                 "        .clk(clk), .rst(rst),\n",
              nsrc, x->ds.in[j].e->name, q, nsrc, W, U, in);
    static const char *const fields[] = {"tdata", "tkeep", "tlast", "tuser",
                                         "tvalid", "tready"};
    for (int f = 0; f < 6; f++) {
        sb_printf(v, "        .s_axis_%s({", fields[f]);
        for (int s = nsrc - 1; s >= 0; s--)
            sb_printf(v, "%s%s_%s", s == nsrc - 1 ? "" : ", ", from[s], fields[f]);
        sb_puts(v, "}),\n");
    }
    for (int f = 0; f < 6; f++)
        sb_printf(v, "        .m_axis_%s(%s_%s)%s\n", fields[f], in, fields[f],
                  f < 5 ? "," : "");
    sb_puts(v, "    );\n");
}

static void emit_top(Gen *x, StrBuf *v)
{
    Graph *g = x->ds.g;
    int W = x->ds.width, U = x->annos.width, AW = x->csr.addr_width;
    vl_banner(v, "fg_top: the datapath of the router, board-independent",
              x->o->config);
    sb_puts(v, "module fg_top (\n    input  wire clk,\n    input  wire rst");
    for (int k = 0; k < x->ds.b->ndevs; k++) {
        const char *d = x->ds.b->devs[k].name;
        if (x->ds.rx_of[k])
            sb_printf(v, ",\n\n    // %s receive side\n"
                         "    input  wire [%d:0] %s_rx_tdata,\n    input  wire [%d:0] %s_rx_tkeep,\n"
                         "    input  wire        %s_rx_tlast,\n    input  wire [%d:0] %s_rx_tuser,\n"
                         "    input  wire        %s_rx_tvalid,\n    output wire        %s_rx_tready",
                      d, W - 1, d, W / 8 - 1, d, d, U - 1, d, d, d);
        if (x->ds.tx_of[k])
            sb_printf(v, ",\n\n    // %s transmit side\n"
                         "    output wire [%d:0] %s_tx_tdata,\n    output wire [%d:0] %s_tx_tkeep,\n"
                         "    output wire        %s_tx_tlast,\n    output wire [%d:0] %s_tx_tuser,\n"
                         "    output wire        %s_tx_tvalid,\n    input  wire        %s_tx_tready",
                      d, W - 1, d, W / 8 - 1, d, d, U - 1, d, d, d);
    }
    sb_printf(v, ",\n\n    // Register bus\n"
                 "    input  wire        csr_valid,\n    input  wire        csr_write,\n"
                 "    input  wire [%d:0] csr_addr,\n    input  wire [31:0] csr_wdata,\n"
                 "    output wire        csr_ready,\n    output wire [31:0] csr_rdata,\n"
                 "    output wire        csr_err\n);\n\n",
              AW - 1);

    /* Stream bundles of every port. */
    for (int i = 0; i < g->nelems; i++) {
        for (int p = 0; p < x->ds.in[i].ni; p++)
            declare_bundle(x, v, port_wire(x, i, false, p));
        for (int p = 0; p < x->ds.in[i].no; p++)
            declare_bundle(x, v, port_wire(x, i, true, p));
    }

    /* The register decoder and the ID block. */
    int nb = x->csr.n;
    sb_printf(v, "\n    // Register decoder: %d blocks.\n"
                 "    wire [%d:0] csr_s_valid;\n    wire csr_s_write;\n"
                 "    wire [%d:0] csr_s_addr;\n    wire [31:0] csr_s_wdata;\n"
                 "    wire [%d:0] csr_s_ready;\n    wire [%d:0] csr_s_rdata;\n"
                 "    wire [%d:0] csr_s_err;\n",
              nb, nb - 1, csr_slave_addr_width(&x->csr) - 1, nb - 1, nb * 32 - 1,
              nb - 1);
    sb_printf(v, "    fg_csr_decoder csr_decoder (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),\n"
                 "        .csr_wdata(csr_wdata), .csr_ready(csr_ready), .csr_rdata(csr_rdata),\n"
                 "        .csr_err(csr_err),\n"
                 "        .s_csr_valid(csr_s_valid), .s_csr_write(csr_s_write), .s_csr_addr(csr_s_addr),\n"
                 "        .s_csr_wdata(csr_s_wdata), .s_csr_ready(csr_s_ready), .s_csr_rdata(csr_s_rdata),\n"
                 "        .s_csr_err(csr_s_err)\n    );\n\n");
    sb_printf(v, "    fg_id_block #(.ADDR_WIDTH(5), .DESIGN_HASH(64'h%016llx), .DATA_WIDTH(%d),\n"
                 "                  .ELEMENT_COUNT(%d), .USER_WIDTH(%d), .CSR_ADDR_WIDTH(%d)) id_block (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .csr_valid(csr_s_valid[0]), .csr_write(csr_s_write), .csr_addr(csr_s_addr[4:0]),\n"
                 "        .csr_wdata(csr_s_wdata), .csr_ready(csr_s_ready[0]),\n"
                 "        .csr_rdata(csr_s_rdata[31:0]), .csr_err(csr_s_err[0])\n    );\n",
              (unsigned long long)x->hash, W, g->nelems, U, AW);

    /* Element instances. */
    for (int i = 0; i < g->nelems; i++) {
        Inst *n = &x->ds.in[i];
        sb_printf(v, "\n    // %s :: %s", n->e->name, n->e->class_name);
        if (*n->e->config) {
            sb_putc(v, '(');
            vl_comment(v, n->e->config);
            sb_putc(v, ')');
        }
        sb_printf(v, "\n    %s %s (\n        .clk(clk), .rst(rst)", n->module,
                  n->inst);
        static const char *const f[] = {"tdata", "tkeep", "tlast", "tuser",
                                        "tvalid", "tready"};
        for (int k = 0; k < 6 && n->ni; k++) {
            sb_printf(v, ",\n        .s_axis_%s(", f[k]);
            bundle_concat(x, v, i, false, n->ni, f[k]);
            sb_putc(v, ')');
        }
        for (int k = 0; k < 6 && n->no; k++) {
            sb_printf(v, ",\n        .m_axis_%s(", f[k]);
            bundle_concat(x, v, i, true, n->no, f[k]);
            sb_putc(v, ')');
        }
        if (n->dev) {
            const char *side = n->impl->device == DEV_RX ? "rx" : "tx";
            for (int k = 0; k < 6; k++)
                sb_printf(v, ",\n        .%s_%s(%s_%s_%s)", side, f[k],
                          n->dev->name, side, f[k]);
        }
        if (n->csr_block >= 0) {
            int b = n->csr_block;
            sb_printf(v, ",\n        .csr_valid(csr_s_valid[%d]), .csr_write(csr_s_write),"
                         " .csr_addr(csr_s_addr[%d:0]),\n"
                         "        .csr_wdata(csr_s_wdata), .csr_ready(csr_s_ready[%d]),"
                         " .csr_rdata(csr_s_rdata[%d:%d]), .csr_err(csr_s_err[%d])",
                      b, n->csr_aw - 1, b, b * 32 + 31, b * 32, b);
        }
        sb_puts(v, "\n    );\n");
    }

    /* Connections: each input port from its sources; each unconnected
     * output port drained. */
    sb_puts(v, "\n    // Connections.\n");
    int maxno = 0;
    for (int j = 0; j < g->nelems; j++) {
        if (x->ds.in[j].no > maxno)
            maxno = x->ds.in[j].no;
        for (int q = 0; q < x->ds.in[j].ni; q++) {
            const int *src;
            int ns = feeders(x, j, q, &src);
            wire_input(x, v, j, q, src, ns);
        }
    }
    bool *used = xmalloc((size_t)maxno + 1);
    for (int i = 0; i < g->nelems; i++) {
        memset(used, 0, (size_t)x->ds.in[i].no);
        for (int k = x->ix.out_off[i]; k < x->ix.out_off[i + 1]; k++)
            used[g->conns[x->ix.out[k]].from_port] = true;
        for (int p = 0; p < x->ds.in[i].no; p++)
            if (!used[p])
                sb_printf(v, "    // %s output %d is not connected: drained.\n"
                             "    assign %s_tready = 1'b1;\n",
                          x->ds.in[i].e->name, p, port_wire(x, i, true, p));
    }
    free(used);
    sb_puts(v, "\n");
    vl_footer(v);
}

/* The sim board's wrapper: eight rx and eight tx slots, the packet tag
 * carried as the SIM_TAG annotation. */
static void emit_sim_top(Gen *x, StrBuf *v)
{
    int W = x->ds.width, K = W / 8, U = x->annos.width, AW = x->csr.addr_width;
    int tag = x->annos.lsb[ANNO_SIM_TAG];
    vl_banner(v, "fg_sim_top: the sim board around fg_top", x->o->config);
    sb_printf(v,
              "module fg_sim_top (\n"
              "    input  wire clk,\n    input  wire rst,\n\n"
              "    // Receive slots: slot i is device eth<i>.\n"
              "    input  wire [%d:0] rx_tdata,\n    input  wire [%d:0] rx_tkeep,\n"
              "    input  wire [7:0] rx_tlast,\n    input  wire [7:0] rx_tvalid,\n"
              "    output wire [7:0] rx_tready,\n    input  wire [255:0] rx_tag,\n\n"
              "    // Transmit slots.\n"
              "    output wire [%d:0] tx_tdata,\n    output wire [%d:0] tx_tkeep,\n"
              "    output wire [7:0] tx_tlast,\n    output wire [7:0] tx_tvalid,\n"
              "    input  wire [7:0] tx_tready,\n    output wire [255:0] tx_tag,\n\n"
              "    // Register bus\n"
              "    input  wire        csr_valid,\n    input  wire        csr_write,\n"
              "    input  wire [%d:0] csr_addr,\n    input  wire [31:0] csr_wdata,\n"
              "    output wire        csr_ready,\n    output wire [31:0] csr_rdata,\n"
              "    output wire        csr_err\n);\n\n",
              8 * W - 1, 8 * K - 1, 8 * W - 1, 8 * K - 1, AW - 1);
    StrBuf ports = {0}, unused = {0};
    for (int k = 0; k < x->ds.b->ndevs && k < 8; k++) {
        const char *d = x->ds.b->devs[k].name;
        int s = x->ds.b->devs[k].slot;
        if (x->ds.rx_of[k]) {
            sb_printf(v, "    wire [%d:0] %s_rx_tuser;\n", U - 1, d);
            if (tag >= 0) {
                sb_printf(v, "    assign %s_rx_tuser = ", d);
                if (U > tag + 32)
                    sb_printf(v, "{%d'd0, ", U - tag - 32);
                else
                    sb_puts(v, "{");
                sb_printf(v, "rx_tag[%d +: 32]", s * 32);
                if (tag > 0)
                    sb_printf(v, ", %d'd0", tag);
                sb_puts(v, "};\n");
            } else {
                sb_printf(v, "    assign %s_rx_tuser = 0;\n", d);
            }
            sb_printf(&ports,
                      ",\n        .%s_rx_tdata(rx_tdata[%d +: %d]), .%s_rx_tkeep(rx_tkeep[%d +: %d]),"
                      "\n        .%s_rx_tlast(rx_tlast[%d]), .%s_rx_tuser(%s_rx_tuser),"
                      "\n        .%s_rx_tvalid(rx_tvalid[%d]), .%s_rx_tready(rx_tready[%d])",
                      d, s * W, W, d, s * K, K, d, s, d, d, d, s, d, s);
        } else {
            sb_printf(v, "    assign rx_tready[%d] = 1'b1;  // %s is not read\n", s, d);
            sb_printf(&unused, ", rx_tdata[%d +: %d], rx_tkeep[%d +: %d], rx_tlast[%d], rx_tvalid[%d]",
                      s * W, W, s * K, K, s, s);
        }
        if (!x->ds.rx_of[k] || tag < 0)
            sb_printf(&unused, ", rx_tag[%d +: 32]", s * 32);
        if (x->ds.tx_of[k]) {
            sb_printf(v, "    wire [%d:0] %s_tx_tuser;\n", U - 1, d);
            if (tag >= 0)
                sb_printf(v, "    assign tx_tag[%d +: 32] = %s_tx_tuser[%d +: 32];\n",
                          s * 32, d, tag);
            else
                sb_printf(v, "    assign tx_tag[%d +: 32] = 32'd0;\n", s * 32);
            /* The board keeps only its tag of the annotations. */
            sb_printf(&unused, ", %s_tx_tuser", d);
            sb_printf(&ports,
                      ",\n        .%s_tx_tdata(tx_tdata[%d +: %d]), .%s_tx_tkeep(tx_tkeep[%d +: %d]),"
                      "\n        .%s_tx_tlast(tx_tlast[%d]), .%s_tx_tuser(%s_tx_tuser),"
                      "\n        .%s_tx_tvalid(tx_tvalid[%d]), .%s_tx_tready(tx_tready[%d])",
                      d, s * W, W, d, s * K, K, d, s, d, d, d, s, d, s);
        } else {
            sb_printf(v, "    assign tx_tdata[%d +: %d] = %d'd0;\n"
                         "    assign tx_tkeep[%d +: %d] = %d'd0;\n"
                         "    assign tx_tlast[%d] = 1'b0;\n"
                         "    assign tx_tvalid[%d] = 1'b0;\n"
                         "    assign tx_tag[%d +: 32] = 32'd0;\n",
                      s * W, W, W, s * K, K, K, s, s, s * 32);
            sb_printf(&unused, ", tx_tready[%d]", s);
        }
    }
    /* Slots of devices the router does not use. */
    for (int s = x->ds.b->ndevs; s < 8; s++)
        sb_printf(&unused, ", rx_tdata[%d +: %d], rx_tkeep[%d +: %d], rx_tlast[%d],"
                           " rx_tvalid[%d], rx_tag[%d +: 32], tx_tready[%d]",
                  s * W, W, s * K, K, s, s, s * 32, s);
    if (unused.len)
        sb_printf(v, "    wire unused_slots = &{1'b0%s};\n", sb_str(&unused));
    sb_free(&unused);
    sb_printf(v, "\n    fg_top core (\n        .clk(clk), .rst(rst)%s,\n"
                 "        .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),\n"
                 "        .csr_wdata(csr_wdata), .csr_ready(csr_ready), .csr_rdata(csr_rdata),\n"
                 "        .csr_err(csr_err)\n    );\n\n",
              sb_str(&ports));
    sb_free(&ports);
    vl_footer(v);
}

/* ---- Stage 7: design.json and the other files ------------------------ */

static json_t *int_array(const int *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

static json_t *design_json(Gen *x)
{
    Graph *g = x->ds.g;
    json_t *j = json_object();
    json_object_set_new(j, "format", json_integer(1));
    json_object_set_new(j, "generator", json_string("fpgagen " FPGAGEN_VERSION));
    json_object_set_new(j, "source", json_string(x->o->config));
    char hash[17];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)x->hash);
    json_object_set_new(j, "hash", json_string(hash));
    json_object_set_new(j, "board", json_string(x->ds.b->name));
    json_object_set_new(j, "width", json_integer(x->ds.width));
    json_object_set_new(j, "clock_mhz", json_real(x->ds.b->clock_mhz));
    json_t *annos = json_array();
    for (int i = 0; i < x->annos.nfields; i++) {
        const AnnoField *f = &x->annos.fields[i];
        json_t *a = json_object();
        json_object_set_new(a, "name", json_string(anno_name(f->id)));
        json_object_set_new(a, "lsb", json_integer(f->lsb));
        json_object_set_new(a, "width", json_integer(f->width));
        json_array_append_new(annos, a);
    }
    json_object_set_new(j, "annotations", annos);
    json_object_set_new(j, "user_width", json_integer(x->annos.width));
    json_t *csr = json_object();
    json_object_set_new(csr, "addr_width", json_integer(x->csr.addr_width));
    json_object_set_new(csr, "id_base", json_integer(x->csr.blocks[0].base));
    json_object_set_new(csr, "id_size", json_integer(x->csr.blocks[0].size));
    json_object_set_new(j, "csr", csr);
    json_t *devs = json_array();
    for (int k = 0; k < x->ds.b->ndevs; k++) {
        json_t *d = json_object();
        json_object_set_new(d, "name", json_string(x->ds.b->devs[k].name));
        json_object_set_new(d, "slot", json_integer(x->ds.b->devs[k].slot));
        json_object_set_new(d, "rx", x->ds.rx_of[k] ? json_string(x->ds.rx_of[k]->e->name)
                                                 : json_null());
        json_object_set_new(d, "tx", x->ds.tx_of[k] ? json_string(x->ds.tx_of[k]->e->name)
                                                 : json_null());
        json_array_append_new(devs, d);
    }
    json_object_set_new(j, "devices", devs);
    json_t *elems = json_array();
    for (int i = 0; i < g->nelems; i++) {
        Inst *n = &x->ds.in[i];
        json_t *e = json_object();
        json_object_set_new(e, "index", json_integer(i + 1));
        json_object_set_new(e, "name", json_string(n->e->name));
        json_object_set_new(e, "class", json_string(n->e->class_name));
        json_object_set_new(e, "config", json_string(n->e->config));
        json_object_set_new(e, "module", json_string(n->module ? n->module : ""));
        json_object_set_new(e, "instance", json_string(n->inst));
        json_object_set_new(e, "inputs", json_integer(n->ni));
        json_object_set_new(e, "outputs", json_integer(n->no));
        json_object_set_new(e, "head_in", int_array(n->head_in, n->ni));
        json_object_set_new(e, "head_out", int_array(n->head_out, n->no));
        json_t *regs = json_array();
        if (n->csr_block >= 0) {
            const CsrBlock *b = &x->csr.blocks[n->csr_block];
            json_object_set_new(e, "base", json_integer(b->base));
            json_object_set_new(e, "size", json_integer(b->size));
            for (int r = 0; r < b->nregs; r++) {
                static const char *const acc[] = {"", "r", "w", "rw"};
                json_t *o = json_object();
                json_object_set_new(o, "name", json_string(b->regs[r].name));
                json_object_set_new(o, "offset", json_integer(b->regs[r].offset));
                json_object_set_new(o, "width", json_integer(b->regs[r].width));
                json_object_set_new(o, "access", json_string(acc[b->regs[r].access & 3]));
                static const char *const fmt[] = {
                    [RF_UINT] = "uint", [RF_INT] = "int", [RF_BOOL] = "bool", [RF_ETHER] = "ether",
                };
                const RegSpec *rs = &n->impl->regs[r];  /* the block's regs, in order */
                if (rs->format != RF_UINT)
                    json_object_set_new(o, "format", json_string(fmt[rs->format]));
                if (rs->max)
                    json_object_set_new(o, "max", json_integer(rs->max));
                json_array_append_new(regs, o);
            }
        } else {
            json_object_set_new(e, "base", json_null());
            json_object_set_new(e, "size", json_integer(0));
        }
        json_object_set_new(e, "registers", regs);
        json_t *hs = json_array();
        for (const HandlerSpec *h = n->e->cls ? n->e->cls->handlers : NULL;
             h && h->name; h++) {
            static const char *const mode[] = {"", "r", "w", "rw"};
            json_t *o = json_object();
            json_object_set_new(o, "name", json_string(h->name));
            json_object_set_new(o, "mode", json_string(mode[h->mode & 3]));
            const char *text = n->impl && n->impl->handler_text && (h->mode & H_READ)
                                   ? n->impl->handler_text(&x->ds.a, n->conf, h->name) : NULL;
            if (text)
                json_object_set_new(o, "text", json_string(text));
            json_array_append_new(hs, o);
        }
        json_object_set_new(e, "handlers", hs);
        json_array_append_new(elems, e);
    }
    json_object_set_new(j, "elements", elems);
    json_t *conns = json_array();
    for (int c = 0; c < g->nconns; c++) {
        json_t *o = json_object();
        json_object_set_new(o, "from", json_string(g->elems[g->conns[c].from].name));
        json_object_set_new(o, "from_port", json_integer(g->conns[c].from_port));
        json_object_set_new(o, "to", json_string(g->elems[g->conns[c].to].name));
        json_object_set_new(o, "to_port", json_integer(g->conns[c].to_port));
        json_array_append_new(conns, o);
    }
    json_object_set_new(j, "connections", conns);
    json_t *reqs = json_array();
    for (int r = 0; r < g->nreqs; r++)
        json_array_append_new(reqs, json_string(g->reqs[r].text));
    json_object_set_new(j, "requirements", reqs);
    json_object_set_new(j, "flat_config", json_string(x->flat));
    return j;
}

static bool write_text(Gen *x, const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "w");
    bool ok = f && fwrite(text, 1, n, f) == n;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        diag_error(x->ds.d, (SrcLoc){0}, 1, "cannot write %s: %s", path,
                   strerror(errno));
    return ok;
}

static bool make_dir(Gen *x, const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return true;
    diag_error(x->ds.d, (SrcLoc){0}, 1, "cannot create directory %s: %s", path,
               strerror(errno));
    return false;
}

/* Copies the files of src whose names end in one of the suffixes. */
static void copy_dir(Gen *x, const char *src, const char *dst,
                     const char *const *suffixes)
{
    DIR *dir = opendir(src);
    if (!dir) {
        diag_error(x->ds.d, (SrcLoc){0}, 1, "cannot read %s: %s", src, strerror(errno));
        return;
    }
    /* Sorted for a deterministic order of work (the bytes do not depend
     * on it, but errors do). */
    struct dirent *de;
    char **names = NULL;
    int n = 0, cap = 0;
    while ((de = readdir(dir)))
        for (const char *const *s = suffixes; *s; s++) {
            size_t ln = strlen(de->d_name), ls = strlen(*s);
            if (ln > ls && strcmp(de->d_name + ln - ls, *s) == 0) {
                VEC_PUSH(names, n, cap, xstrdup(de->d_name));
                break;
            }
        }
    closedir(dir);
    for (int i = 0; i < n; i++) {
        char *from = xasprintf("%s/%s", src, names[i]);
        char *to = xasprintf("%s/%s", dst, names[i]);
        size_t len;
        char *text = read_file(from, &len);
        if (!text)
            diag_error(x->ds.d, (SrcLoc){0}, 1, "cannot read %s: %s", from,
                       strerror(errno));
        else
            write_text(x, to, text, len);
        free(text);
        free(from);
        free(to);
        free(names[i]);
    }
    free(names);
}

static const char project_makefile[] =
    "# Build file of a project written by fpgagen %s. Do not edit.\n"
    "#   make sim     build the Verilator simulator (fpgagen sim runs it)\n"
    "#   make lint    verilator -Wall, iverilog -g2005 and yosys on the design\n"
    "#   make clean   remove build products\n"
    "FPGAGEN ?= fpgagen\n"
    "TOP     := %s\n"
    "RTL     := $(sort $(wildcard rtl/*.v))\n\n"
    ".PHONY: sim lint clean\n"
    "sim:\n"
    "\t$(FPGAGEN) sim . --build-only\n\n"
    "lint:\n"
    "\tverilator --lint-only -Wall --top-module $(TOP) $(RTL)\n"
    "\tiverilog -g2005 -s $(TOP) -o /dev/null $(RTL)\n"
    "\tyosys -q -p 'read_verilog $(RTL); synth_ice40 -top $(TOP)' \n\n"
    "clean:\n"
    "\trm -rf sim/obj sim/obj-trace sim/icarus\n";

static void write_project(Gen *x)
{
    const char *dir = x->o->outdir;
    const char *rtl = arena_printf(&x->ds.a, "%s/rtl", dir);
    const char *simd = arena_printf(&x->ds.a, "%s/sim", dir);
    if (!make_dir(x, dir) || !make_dir(x, rtl) || !make_dir(x, simd) ||
        !make_dir(x, arena_printf(&x->ds.a, "%s/constraints", dir)))
        return;
    static const char *const vsuffix[] = {".v", NULL};
    copy_dir(x, arena_printf(&x->ds.a, "%s/rtl", fpgagen_root()), rtl, vsuffix);
    elaborate_all(x, rtl);

    StrBuf v = {0};
    sb_puts(&v, "");
    csr_emit_decoder(&x->csr, &v, "fg_csr_decoder");
    write_text(x, arena_printf(&x->ds.a, "%s/fg_csr_decoder.v", rtl), v.data, v.len);
    sb_free(&v);
    emit_top(x, &v);
    write_text(x, arena_printf(&x->ds.a, "%s/fg_top.v", rtl), v.data, v.len);
    sb_free(&v);
    bool sim = strcmp(x->ds.b->name, "sim") == 0;
    if (sim) {
        emit_sim_top(x, &v);
        write_text(x, arena_printf(&x->ds.a, "%s/fg_sim_top.v", rtl), v.data, v.len);
        sb_free(&v);
    }
    sb_printf(&v, project_makefile, FPGAGEN_VERSION, sim ? "fg_sim_top" : "fg_top");
    write_text(x, arena_printf(&x->ds.a, "%s/Makefile", dir), v.data, v.len);
    sb_free(&v);

    json_t *j = design_json(x);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    sb_puts(&v, text);
    sb_putc(&v, '\n');
    write_text(x, arena_printf(&x->ds.a, "%s/design.json", dir), v.data, v.len);
    sb_free(&v);
    free(text);
    json_decref(j);

    csr_write_header(&x->csr, &v);
    write_text(x, arena_printf(&x->ds.a, "%s/csr.h", dir), v.data, v.len);
    sb_free(&v);
    csr_write_json(&x->csr, &v);
    write_text(x, arena_printf(&x->ds.a, "%s/csr.json", dir), v.data, v.len);
    sb_free(&v);
    csr_write_regmap_md(&x->csr, &v);
    write_text(x, arena_printf(&x->ds.a, "%s/regmap.md", dir), v.data, v.len);
    sb_free(&v);

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dot_print(x->ds.g, f);
    fclose(f);
    write_text(x, arena_printf(&x->ds.a, "%s/graph.dot", dir), buf, len);
    free(buf);
}

/* ---- Driver ----------------------------------------------------------- */

static uint64_t design_hash(Gen *x)
{
    StrBuf sb = {0};
    sb_printf(&sb, "fpgagen %s\nboard %s\nwidth %d\n%s", FPGAGEN_VERSION,
              x->ds.b->name, x->ds.width, x->flat);
    uint64_t h = hash_bytes(sb.data, sb.len);
    sb_free(&sb);
    return h;
}

int generate_project(const GenOptions *o)
{
    Diag d;
    diag_init(&d, stderr);
    d.werror = o->werror;
    Gen x = {.o = o};
    if (design_load(&x.ds, &d, o->config, o->board, o->width)) {
        index_conns(&x);
        layout_annos(&x);
        compute_heads(&x);
        check_merges(&x);
    }
    if (!diag_failed(&d))
        allocate_csr(&x);
    if (!diag_failed(&d)) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        flatten_print(x.ds.g, f);
        fclose(f);
        x.flat = arena_strndup(&x.ds.a, buf, len);
        free(buf);
        x.hash = design_hash(&x);
        write_project(&x);
    }
    strmap_free(&x.modules);
    strmap_free(&x.module_count);
    design_free(&x.ds);
    return diag_failed(&d) ? 1 : 0;
}
