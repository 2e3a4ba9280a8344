/*
 * design.c -- a design: a configuration loaded, checked and configured
 * for a board, with every FromDevice and ToDevice bound to a device.
 * The project writer and the reference-model runner both start here.
 */
#include "datapath.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifndef FPGAGEN_ROOT
#define FPGAGEN_ROOT "."
#endif

const char *fpgagen_root(void)
{
    const char *r = getenv("FPGAGEN_ROOT");
    return r && *r ? r : FPGAGEN_ROOT;
}

/* Binds a FromDevice/ToDevice to its board device; one reader and one
 * writer per device. */
static void bind_device(Design *x, Inst *n)
{
    const Element *e = n->e;
    const char *dev = n->impl->device_name(n->conf);
    const BoardDevice *bd = board_device(x->b, dev);
    bool rx = n->impl->device == DEV_RX;
    if (!bd) {
        StrBuf names = {0};
        for (int k = 0; k < x->b->ndevs; k++)
            sb_printf(&names, "%s%s", k ? ", " : "", x->b->devs[k].name);
        diag_error(x->d, e->config_loc, (int)strlen(dev),
                   "%s '%s': board '%s' has no device '%s' (it has %s)",
                   e->class_name, e->name, x->b->name, dev, sb_str(&names));
        sb_free(&names);
        return;
    }
    if (rx ? !bd->rx : !bd->tx) {
        diag_error(x->d, e->config_loc, (int)strlen(dev),
                   "%s '%s': device '%s' has no %s port", e->class_name,
                   e->name, dev, rx ? "rx" : "tx");
        return;
    }
    int k = (int)(bd - x->b->devs);
    const Inst **slot = rx ? &x->rx_of[k] : &x->tx_of[k];
    if (*slot) {
        diag_error(x->d, e->loc, (int)strlen(e->name),
                   "%s '%s': device '%s' is already %s by '%s'",
                   e->class_name, e->name, dev, rx ? "read" : "written",
                   (*slot)->e->name);
        diag_note(x->d, (*slot)->e->loc, 1, "'%s' declared here",
                  (*slot)->e->name);
        return;
    }
    *slot = n;
    n->dev = bd;
}

static void configure_all(Design *x)
{
    Graph *g = x->g;
    x->in = arena_alloc(&x->a, (size_t)(g->nelems + 1) * sizeof *x->in);
    x->rx_of = arena_alloc(&x->a, (size_t)(x->b->ndevs + 1) * sizeof *x->rx_of);
    x->tx_of = arena_alloc(&x->a, (size_t)(x->b->ndevs + 1) * sizeof *x->tx_of);
    for (int i = 0; i < g->nelems; i++) {
        const Element *e = &g->elems[i];
        Inst *n = &x->in[i];
        n->e = e;
        n->ni = e->ninputs;
        n->no = e->noutputs;
        n->csr_block = -1;
        n->inst = vl_mangle(&x->a, e->name);
        n->impl = e->cls ? e->cls->impl : NULL;
        if (!n->impl) {
            diag_error(x->d, e->loc, (int)strlen(e->name),
                       "%s '%s': class has no hardware implementation yet",
                       e->class_name, e->name);
            continue;
        }
        n->conf = arena_alloc(&x->a, n->impl->conf_size + 1);
        ConfCtx c;
        conf_init(&c, x->d, e, &x->a);
        if (n->impl->configure) {
            if (!n->impl->configure(&c, n->conf))
                continue;
        } else if (c.nargs) {
            conf_error(&c, &c.args[0], "takes no arguments");
            continue;
        }
        if (n->impl->device != DEV_NONE)
            bind_device(x, n);
    }
}

bool design_load(Design *x, Diag *d, const char *config, const char *board,
                 int width)
{
    memset(x, 0, sizeof *x);
    x->d = d;
    x->g = frontend_load(d, config, NULL, 0);
    if (!x->g) {
        diag_error(d, (SrcLoc){0}, 1, "cannot read %s: %s", config,
                   strerror(errno));
        return false;
    }
    if (diag_failed(d))
        return false;
    check_graph(x->g, d, &(CheckOptions){.hardware = false});
    if (diag_failed(d))
        return false;
    x->b = board_load(d, &x->a, board);
    if (!x->b)
        return false;
    x->width = width ? width : x->b->width;
    bool ok = false;
    for (int i = 0; i < 8 && x->b->widths[i]; i++)
        ok |= x->b->widths[i] == x->width;
    if (!ok) {
        diag_error(d, (SrcLoc){0}, 1,
                   "board '%s' does not support a %d-bit datapath", x->b->name,
                   x->width);
        return false;
    }
    configure_all(x);
    return !diag_failed(d);
}

void design_free(Design *x)
{
    if (x->g)
        graph_free(x->g);
    arena_free(&x->a);
    memset(x, 0, sizeof *x);
}
