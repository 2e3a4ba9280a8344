/*
 * flatten.c -- the flat graph as Click text, in click-flatten's layout:
 *
 *   require(package "x");          (if any, then a blank line)
 *   # 3 "router.click"             (where the next element was declared)
 *   c :: Counter(1);
 *   # 9 ""                         (connections: lines of this output)
 *   src -> c
 *       -> dst;
 *
 * Connections are printed as chains: a connection into port 0 of an
 * element continues with a connection out of that element's port 0 (the
 * first one that goes to a port 0, else the last one), as Click does.
 */
#include "fpgagen.h"

#include <stdlib.h>
#include <string.h>

typedef struct Out {
    FILE *f;
    long lines;             /* newlines written so far */
} Out;

static void put(Out *o, const char *s)
{
    for (const char *p = s; *p; p++)
        o->lines += *p == '\n';
    fputs(s, o->f);
}

/* Two candidates per element: enough to skip the connection itself. */
typedef struct Pick {
    int first[2];           /* first connections out of port 0 to port 0 */
    int last[2];            /* last connections out of port 0 */
} Pick;

static int pick_next(const Pick *p, int self)
{
    for (int k = 0; k < 2; k++)
        if (p->first[k] >= 0 && p->first[k] != self)
            return p->first[k];
    for (int k = 0; k < 2; k++)
        if (p->last[k] >= 0 && p->last[k] != self)
            return p->last[k];
    return -1;
}

static void print_connections(const Graph *g, Out *o)
{
    int nc = g->nconns;
    Pick *pick = xmalloc(((size_t)g->nelems + 1) * sizeof *pick);
    for (int e = 0; e < g->nelems; e++)
        pick[e] = (Pick){{-1, -1}, {-1, -1}};
    for (int c = 0; c < nc; c++) {
        const Connection *cn = &g->conns[c];
        if (cn->from_port != 0)
            continue;
        Pick *p = &pick[cn->from];
        if (cn->to_port == 0) {
            if (p->first[0] < 0)
                p->first[0] = c;
            else if (p->first[1] < 0)
                p->first[1] = c;
        }
        p->last[1] = p->last[0];
        p->last[0] = c;
    }
    int *next = xmalloc(((size_t)nc + 1) * sizeof *next);
    char *start = xmalloc((size_t)nc + 1), *used = xcalloc((size_t)nc + 1, 1);
    memset(start, 1, (size_t)nc + 1);
    for (int c = 0; c < nc; c++) {
        next[c] = -1;
        if (g->conns[c].to_port != 0)
            continue;
        int d = pick_next(&pick[g->conns[c].to], c);
        if (d >= 0) {
            next[c] = d;
            start[d] = 0;
        }
    }

    int first_unused = 0;
    while (first_unused < nc) {
        for (int c = first_unused; c < nc; c++) {
            if (used[c] || !start[c])
                continue;
            const Connection *cn = &g->conns[c];
            fputs(g->elems[cn->from].name, o->f);
            if (cn->from_port)
                fprintf(o->f, " [%d]", cn->from_port);
            for (int d = c; d >= 0 && !used[d]; d = next[d]) {
                if (d != c) {
                    fputs("\n    -> ", o->f);
                    o->lines++;
                } else {
                    fputs(" -> ", o->f);
                }
                if (g->conns[d].to_port)
                    fprintf(o->f, "[%d] ", g->conns[d].to_port);
                fputs(g->elems[g->conns[d].to].name, o->f);
                used[d] = 1;
            }
            put(o, ";\n");
        }
        /* What is left forms cycles: start again at the first unused. */
        while (first_unused < nc && used[first_unused])
            first_unused++;
        if (first_unused < nc)
            start[first_unused] = 1;
    }
    free(pick);
    free(next);
    free(start);
    free(used);
}

void flatten_print(const Graph *g, FILE *out)
{
    Out o = {out, 0};
    if (g->nreqs) {
        put(&o, "require(");
        for (int i = 0; i < g->nreqs; i++) {
            if (i)
                put(&o, ", ");
            put(&o, g->reqs[i].text);
        }
        put(&o, ");\n\n");
    }
    for (int i = 0; i < g->nelems; i++) {
        const Element *e = &g->elems[i];
        fprintf(out, "# %d \"%s\"\n", e->loc.line, e->loc.file);
        o.lines++;
        fprintf(out, "%s :: %s", e->name, e->class_name);
        if (*e->config) {
            put(&o, "(");
            put(&o, e->config);
            put(&o, ")");
        }
        put(&o, ";\n");
    }
    if (g->nconns) {
        /* Line numbers of this output, so messages about it make sense. */
        fprintf(out, "# %ld \"\"\n", o.lines + 2);
        o.lines++;
        print_connections(g, &o);
    }
}
