/*
 * dot.c -- the flat Graph as a Graphviz digraph.
 *
 * One node per element: an HTML-like table with a row of input port
 * cells on top, the name and class (with the configuration, shortened)
 * in the middle, and a row of output port cells below.  Edges run from
 * output cell to input cell, so the port numbers show where they attach.
 * Push ports are dark cells and solid edges with filled arrowheads; pull
 * ports are white cells and dashed edges with hollow arrowheads; ports
 * whose processing is not known (no check, unknown class) are gray, with
 * dotted edges.
 */
#include "fpgagen.h"

#include <stdlib.h>
#include <string.h>

enum { CONFIG_SHOWN = 40 };   /* configuration bytes shown in a label */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static int utf8_len(const unsigned char *s, size_t n)
{
    int len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2
            : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
            : s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : 0;
    if (len == 0 || (size_t)len > n)
        return 0;
    for (int i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;   /* overlong, surrogate or beyond U+10FFFF */
    return len;
}

/* Writes n bytes of s for DOT: html selects an HTML-like label (entities)
 * over a quoted string (backslash escapes).  Whitespace and control bytes
 * become one space; bytes that are not UTF-8 become '?'. */
static void put_escaped(FILE *out, const char *s, size_t n, bool html)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char ch = p[i];
        if (ch < 0x20 || ch == 0x7f) {
            fputc(' ', out);
            while (i < n && (p[i] < 0x20 || p[i] == 0x7f || p[i] == ' '))
                i++;
            continue;
        }
        int len = utf8_len(p + i, n - i);
        if (len == 0) {
            fputc('?', out);
            i++;
            continue;
        }
        if (html && ch == '&')
            fputs("&amp;", out);
        else if (html && ch == '<')
            fputs("&lt;", out);
        else if (html && ch == '>')
            fputs("&gt;", out);
        else if (html && ch == '"')
            fputs("&quot;", out);
        else if (html && ch == '\'')
            fputs("&#39;", out);
        else if (!html && (ch == '"' || ch == '\\'))
            fprintf(out, "\\%c", ch);
        else
            fwrite(p + i, 1, (size_t)len, out);
        i += (size_t)len;
    }
}

static void put_quoted(FILE *out, const char *s)
{
    fputc('"', out);
    put_escaped(out, s, strlen(s), false);
    fputc('"', out);
}

/* The configuration for a label: at most CONFIG_SHOWN bytes, cut at a
 * character boundary, "..." when cut. */
static void put_config(FILE *out, const char *config)
{
    size_t n = strlen(config);
    while (n > 0 && (config[n - 1] == ' ' || config[n - 1] == '\n' ||
                     config[n - 1] == '\t'))
        n--;
    while (n > 0 && (*config == ' ' || *config == '\n' || *config == '\t')) {
        config++;
        n--;
    }
    bool cut = n > CONFIG_SHOWN;
    if (cut) {
        n = CONFIG_SHOWN;
        while (n > 0 && ((unsigned char)config[n] & 0xc0) == 0x80)
            n--;
    }
    put_escaped(out, config, n, true);
    if (cut)
        fputs("...", out);
}

/* Port cell colours by PortProc: push dark, pull white, unknown gray. */
static const struct {
    const char *bg, *fg;
} cell_color[] = {
    [PROC_PUSH] = {"gray20", "white"},
    [PROC_PULL] = {"white", "black"},
    [PROC_AGNOSTIC] = {"gray75", "black"},
};

static void put_port_row(FILE *out, const Graph *g, int elem, bool output,
                         int n)
{
    if (n == 0)
        return;
    fputs("<tr><td><table border=\"0\" cellborder=\"1\" cellspacing=\"3\""
          " cellpadding=\"1\"><tr>", out);
    for (int p = 0; p < n; p++) {
        PortProc proc = graph_port_proc(g, elem, output, p);
        fprintf(out, "<td port=\"%c%d\" bgcolor=\"%s\"><font color=\"%s\">"
                "%d</font></td>", output ? 'o' : 'i', p, cell_color[proc].bg,
                cell_color[proc].fg, p);
    }
    fputs("</tr></table></td></tr>", out);
}

/* Ports drawn: those the element has, and any a connection names. */
static void port_counts(const Graph *g, int *nin, int *nout)
{
    for (int i = 0; i < g->nelems; i++) {
        nin[i] = g->elems[i].ninputs;
        nout[i] = g->elems[i].noutputs;
    }
    for (int k = 0; k < g->nconns; k++) {
        const Connection *c = &g->conns[k];
        if (nout[c->from] <= c->from_port && c->from_port < GRAPH_MAX_PORTS)
            nout[c->from] = c->from_port + 1;
        if (nin[c->to] <= c->to_port && c->to_port < GRAPH_MAX_PORTS)
            nin[c->to] = c->to_port + 1;
    }
    for (int i = 0; i < g->nelems; i++) {
        if (nin[i] > GRAPH_MAX_PORTS)
            nin[i] = GRAPH_MAX_PORTS;
        if (nout[i] > GRAPH_MAX_PORTS)
            nout[i] = GRAPH_MAX_PORTS;
    }
}

/* One end of an edge: the port cell, or the node when none is drawn. */
static void put_end(FILE *out, const Element *e, bool output, int port,
                    int ncells)
{
    put_quoted(out, e->name);
    if (port >= 0 && port < ncells)
        fprintf(out, ":%c%d:%c", output ? 'o' : 'i', port, output ? 's' : 'n');
}

void dot_print(const Graph *g, FILE *out)
{
    int *nin = xcalloc((size_t)g->nelems + 1, sizeof *nin);
    int *nout = xcalloc((size_t)g->nelems + 1, sizeof *nout);
    port_counts(g, nin, nout);

    fputs("/* Generated by fpgagen " FPGAGEN_VERSION ".  Legend: push ports"
          " are dark cells, their\n * edges solid with filled arrowheads;"
          " pull ports are white cells, their\n * edges dashed with hollow"
          " arrowheads; gray cells and dotted edges: not\n * known (unchecked"
          " graph or unknown class). */\n",
          out);
    fputs("digraph ", out);
    put_quoted(out, g->file ? g->file : "router");
    fputs(" {\n"
          "    graph [rankdir=TB, nodesep=0.3, ranksep=0.4, fontname="
          "\"Helvetica\", fontsize=9, labelloc=b,\n"
          "           label=\"push: dark ports, solid edges; "
          "pull: white ports, dashed edges\"];\n"
          "    node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n"
          "    edge [arrowsize=0.7];\n",
          out);
    for (int i = 0; i < g->nelems; i++) {
        const Element *e = &g->elems[i];
        fputs("    ", out);
        put_quoted(out, e->name);
        fputs(" [label=<<table border=\"0\" cellborder=\"0\""
              " cellspacing=\"0\" cellpadding=\"0\">",
              out);
        put_port_row(out, g, i, false, nin[i]);
        fputs("<tr><td border=\"1\" cellpadding=\"4\"><b>", out);
        put_escaped(out, e->name, strlen(e->name), true);
        fputs("</b><br/>", out);
        put_escaped(out, e->class_name, strlen(e->class_name), true);
        if (e->config && *e->config) {
            fputs("(", out);
            put_config(out, e->config);
            fputs(")", out);
        }
        fputs("</td></tr>", out);
        put_port_row(out, g, i, true, nout[i]);
        fputs("</table>>", out);
        if (e->config && *e->config) {
            fputs(", tooltip=", out);
            put_quoted(out, e->config);
        }
        fputs("];\n", out);
    }
    for (int k = 0; k < g->nconns; k++) {
        const Connection *c = &g->conns[k];
        PortProc p = graph_port_proc(g, c->from, true, c->from_port);
        fputs("    ", out);
        put_end(out, &g->elems[c->from], true, c->from_port, nout[c->from]);
        fputs(" -> ", out);
        put_end(out, &g->elems[c->to], false, c->to_port, nin[c->to]);
        fprintf(out, " [%s];\n",
                p == PROC_PUSH   ? "style=solid, arrowhead=normal"
                : p == PROC_PULL ? "style=dashed, arrowhead=empty"
                                 : "style=dotted, arrowhead=normal");
    }
    fputs("}\n", out);
    free(nin);
    free(nout);
}
