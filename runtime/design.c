/*
 * design.c -- DIR/design.json as the runtime sees it: elements, their
 * registers and handlers, and the texts of Click's global and default
 * handlers (list, flatconfig, ports, handlers ...) built once at start.
 */
#include "runtime_int.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct Loader {
    RtDesign *d;
    const char *path;
    char *err;
    size_t errlen;
    bool failed;
} Loader;

static bool bad(Loader *l, const char *fmt, ...) FG_PRINTF(2, 3);
static bool bad(Loader *l, const char *fmt, ...)
{
    if (l->failed)
        return false;
    l->failed = true;
    int n = snprintf(l->err, l->errlen, "%s: ", l->path);
    if (n < 0 || (size_t)n >= l->errlen)
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* ---- JSON fields --------------------------------------------------------- */

static const char *get_string(Loader *l, json_t *o, const char *where,
                              const char *key, bool required)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            bad(l, "%s: missing \"%s\"", where, key);
        return required ? NULL : "";
    }
    if (!json_is_string(v)) {
        bad(l, "%s: \"%s\" must be a string", where, key);
        return NULL;
    }
    return arena_strndup(&l->d->arena, json_string_value(v), json_string_length(v));
}

static bool get_int(Loader *l, json_t *o, const char *where, const char *key,
                    int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return bad(l, "%s: missing \"%s\"", where, key);
    if (!json_is_integer(v))
        return bad(l, "%s: \"%s\" must be an integer", where, key);
    int64_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return bad(l, "%s: \"%s\" is %" PRId64 ", not between %" PRId64
                      " and %" PRId64, where, key, x, lo, hi);
    *out = x;
    return true;
}

static json_t *get_array(Loader *l, json_t *o, const char *where,
                         const char *key, bool required)
{
    json_t *v = json_object_get(o, key);
    if (!v && !required)
        return NULL;
    if (!v || !json_is_array(v)) {
        bad(l, "%s: \"%s\" must be an array", where, key);
        return NULL;
    }
    return v;
}

/* ---- Elements -------------------------------------------------------------- */

/* "format" (default "uint") and "max" (RF_UINT's write limit, 0: any). */
static bool load_format(Loader *l, json_t *o, const char *w, const RtElem *e,
                        RtReg *r)
{
    static const char *const names[] = {
        [RF_UINT] = "uint", [RF_INT] = "int", [RF_BOOL] = "bool", [RF_ETHER] = "ether",
    };
    int64_t max = 0;
    if (json_object_get(o, "max") && !get_int(l, o, w, "max", 0, UINT32_MAX, &max))
        return false;
    r->max = (uint32_t)max;
    r->format = RF_UINT;
    if (!json_object_get(o, "format"))
        return true;
    const char *f = get_string(l, o, w, "format", true);
    if (!f)
        return false;
    size_t k = 0;
    while (k < sizeof names / sizeof names[0] && strcmp(names[k], f))
        k++;
    if (k == sizeof names / sizeof names[0])
        return bad(l, "%s: \"format\" must be \"uint\", \"int\", \"bool\" or \"ether\"", w);
    r->format = (RegFormat)k;
    /* An address is two words: this one and the next, both in the block. */
    if (r->format != RF_UINT && r->width != 32)
        return bad(l, "%s: a register of format \"%s\" must be 32 bits wide", w, f);
    if (r->format == RF_ETHER && (uint64_t)r->offset + 8 > e->size)
        return bad(l, "%s: register '%s' holds an Ethernet address, whose high "
                      "word must follow it in the element's %u bytes",
                   w, r->name, e->size);
    return true;
}

static bool load_regs(Loader *l, RtElem *e, json_t *arr, const char *where)
{
    size_t n = json_array_size(arr);
    e->regs = arena_alloc(&l->d->arena, (n ? n : 1) * sizeof *e->regs);
    for (size_t i = 0; i < n; i++) {
        char w[160];
        snprintf(w, sizeof w, "%s.registers[%zu]", where, i);
        json_t *o = json_array_get(arr, i);
        if (!json_is_object(o))
            return bad(l, "%s: must be an object", w);
        RtReg *r = &e->regs[e->nregs];
        int64_t off, width;
        r->name = get_string(l, o, w, "name", true);
        const char *acc = get_string(l, o, w, "access", true);
        if (!r->name || !acc || !get_int(l, o, w, "offset", 0, UINT32_MAX, &off) ||
            !get_int(l, o, w, "width", 32, 64, &width))
            return false;
        if (width != 32 && width != 64)
            return bad(l, "%s: \"width\" must be 32 or 64", w);
        if (strcmp(acc, "r") && strcmp(acc, "w") && strcmp(acc, "rw"))
            return bad(l, "%s: \"access\" must be \"r\", \"w\" or \"rw\"", w);
        if (off % 4 || (uint64_t)off + (uint64_t)width / 8 > e->size)
            return bad(l, "%s: register '%s' at offset %" PRId64
                          " does not fit the element's %u bytes",
                       w, r->name, off, e->size);
        r->offset = (uint32_t)off;
        r->width = (int)width;
        r->readable = strchr(acc, 'r') != NULL;
        r->writable = strchr(acc, 'w') != NULL;
        if (!load_format(l, o, w, e, r))
            return false;
        e->nregs++;
    }
    return true;
}

static const RtReg *find_reg(const RtElem *e, const char *name)
{
    for (int i = 0; i < e->nregs; i++)
        if (strcmp(e->regs[i].name, name) == 0)
            return &e->regs[i];
    return NULL;
}

const RtHandler *rt_find_handler(const RtHandler *hs, int n, const char *name,
                                 size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(hs[i].name) == len && memcmp(hs[i].name, name, len) == 0)
            return &hs[i];
    return NULL;
}

static const HandlerRoutine *find_routine(const HandlerClass *hc,
                                          const char *name)
{
    for (const HandlerRoutine *r = hc ? hc->routines : NULL; r && r->handler; r++)
        if (strcmp(r->handler, name) == 0)
            return r;
    return NULL;
}

/* Click lists an element's handlers newest first: the class's own (added
 * after the defaults), then handlers, ports, config, class, name.  A
 * class handler named like a default takes that default's place. */
static bool load_handlers(Loader *l, RtElem *e, json_t *arr, const char *where)
{
    static const struct {
        const char *name;
        RtHandlerKind kind;
    } defaults[] = {
        {"handlers", RH_HANDLERS}, {"ports", RH_PORTS}, {"config", RH_CONFIG},
        {"class", RH_CLASS}, {"name", RH_NAME},
    };
    enum { NDEF = sizeof defaults / sizeof defaults[0] };
    size_t n = arr ? json_array_size(arr) : 0;
    RtHandler *own = arena_alloc(&l->d->arena, (n + 1) * sizeof *own);
    int nown = 0;
    RtHandler def[NDEF];
    for (int i = 0; i < NDEF; i++)
        def[i] = (RtHandler){.name = defaults[i].name, .read = true,
                             .calm = true, .kind = defaults[i].kind};
    for (size_t i = 0; i < n; i++) {
        char w[160];
        snprintf(w, sizeof w, "%s.handlers[%zu]", where, i);
        json_t *o = json_array_get(arr, i);
        if (!json_is_object(o))
            return bad(l, "%s: must be an object", w);
        const char *name = get_string(l, o, w, "name", true);
        const char *mode = get_string(l, o, w, "mode", true);
        if (!name || !mode)
            return false;
        if (!*name || strpbrk(name, " \t\r\n\v\f"))
            return bad(l, "%s: bad handler name '%s'", w, name);
        if (strcmp(mode, "r") && strcmp(mode, "w") && strcmp(mode, "rw"))
            return bad(l, "%s: \"mode\" must be \"r\", \"w\" or \"rw\"", w);
        RtHandler h = {.name = name, .read = strchr(mode, 'r') != NULL,
                       .write = strchr(mode, 'w') != NULL, .kind = RH_ELEMENT,
                       .routine = find_routine(e->hclass, name),
                       .reg = find_reg(e, name)};
        if (json_object_get(o, "text") && !(h.text = get_string(l, o, w, "text", true)))
            return false;
        h.read_param = h.read && h.routine && h.routine->read &&
                       (h.routine->flags & HR_READ_PARAM);
        RtHandler *slot = NULL;
        for (int k = 0; k < NDEF && !slot; k++)
            if (strcmp(def[k].name, name) == 0)
                slot = &def[k];
        for (int k = 0; k < nown && !slot; k++)
            if (strcmp(own[k].name, name) == 0)
                slot = &own[k];
        if (slot && slot->kind == RH_ELEMENT) {   /* listed twice: merge */
            slot->read |= h.read;
            slot->write |= h.write;
        } else if (slot) {
            h.calm = slot->calm;    /* Click keeps a replaced default calm */
            *slot = h;
        }
        else
            own[nown++] = h;
    }
    e->nhandlers = nown + NDEF;
    e->handlers = arena_alloc(&l->d->arena, (size_t)e->nhandlers * sizeof *e->handlers);
    for (int i = 0; i < nown; i++)
        e->handlers[i] = own[nown - 1 - i];
    memcpy(e->handlers + nown, def, sizeof def);
    return true;
}

static void put_handler_line(StrBuf *sb, const RtHandler *h)
{
    if (!h->read && !h->write)
        return;
    sb_printf(sb, "%s\t%s%s%s%s\n", h->name, h->read ? "r" : "",
              h->write ? "w" : "", h->read_param ? "+" : "", h->calm ? "." : "");
}

static bool load_element(Loader *l, RtElem *e, json_t *o, size_t i)
{
    RtDesign *d = l->d;
    char w[64];
    snprintf(w, sizeof w, "elements[%zu]", i);
    if (!json_is_object(o))
        return bad(l, "%s: must be an object", w);
    int64_t index, size = 0;
    if (!get_int(l, o, w, "index", 1, INT32_MAX, &index))
        return false;
    if ((size_t)index != i + 1)
        return bad(l, "%s: \"index\" is %" PRId64 ", expected %zu", w, index, i + 1);
    e->index = (int)index;
    e->name = get_string(l, o, w, "name", true);
    e->class_name = get_string(l, o, w, "class", true);
    e->config = get_string(l, o, w, "config", false);
    if (!e->name || !e->class_name || !e->config)
        return false;
    if (!*e->name || strpbrk(e->name, ". \t\r\n\v\f"))
        return bad(l, "%s: bad element name '%s'", w, e->name);
    if (strmap_get(&d->by_name, e->name))
        return bad(l, "%s: element name '%s' used twice", w, e->name);
    strmap_put(&d->by_name, e->name, e);
    json_t *base = json_object_get(o, "base");
    if (base && !json_is_null(base)) {
        int64_t b;
        uint64_t map = (uint64_t)1 << d->addr_width;
        if (!get_int(l, o, w, "base", 0, UINT32_MAX, &b) ||
            !get_int(l, o, w, "size", 4, UINT32_MAX, &size))
            return false;
        if (b % 4 || (uint64_t)b + (uint64_t)size > map)
            return bad(l, "%s: register block at %" PRId64 " (%" PRId64
                          " bytes) is outside the %u-bit register map",
                       w, b, size, d->addr_width);
        e->mapped = true;
        e->base = (uint32_t)b;
        e->size = (uint32_t)size;
    }
    const ElementClass *cls = registry_find(e->class_name);
    e->hclass = cls && cls->impl ? cls->impl->runtime : NULL;
    if (e->hclass && e->hclass->state_size)
        e->state = arena_alloc(&d->arena, e->hclass->state_size);
    json_t *regs = get_array(l, o, w, "registers", false);
    if (l->failed || (regs && !load_regs(l, e, regs, w)))
        return false;
    if (json_array_size(regs) && !e->mapped)
        return bad(l, "%s: registers but no \"base\"", w);
    json_t *hs = get_array(l, o, w, "handlers", false);
    if (l->failed || !load_handlers(l, e, hs, w))
        return false;
    StrBuf sb = {0};
    for (int k = 0; k < e->nhandlers; k++)
        put_handler_line(&sb, &e->handlers[k]);
    e->handlers_text = arena_strndup(&d->arena, sb_str(&sb), sb.len);
    sb_free(&sb);
    return true;
}

/* ---- Connections, ports and the flat configuration ------------------------ */

typedef struct Conn {
    int from, from_port, to, to_port;   /* element indexes, 0-based */
} Conn;

/* Click keeps connections sorted by (to, to port, from, from port). */
static int conn_cmp(const void *a, const void *b)
{
    const Conn *x = a, *y = b;
    int k[4] = {x->to - y->to, x->to_port - y->to_port, x->from - y->from,
                x->from_port - y->from_port};
    for (int i = 0; i < 4; i++)
        if (k[i])
            return k[i] < 0 ? -1 : 1;
    return 0;
}

/* Processing of each port: the class's code says agnostic or not; the
 * resolution comes from the compiler's checker run on the flat
 * configuration that design.json carries. */
typedef struct Procs {
    unsigned char *in, *out;    /* PortProc after resolution */
    bool *in_agnostic, *out_agnostic;
} Procs;

static int next_code(const char **p)
{
    switch (**p) {
    case 'h': (*p)++; return PROC_PUSH;
    case 'l': (*p)++; return PROC_PULL;
    case 'a': (*p)++; return PROC_AGNOSTIC;
    default: return -1;     /* '/', end, or not a code */
    }
}

/* Click's processing_vector: ports take the codes in turn, the last one
 * repeating; without a '/' the outputs read the same codes. */
static void declared_codes(const char *code, int n_in, int n_out, int *in, int *out)
{
    const char *p = code ? code : "h";
    int val = PROC_PUSH, last = 0;
    for (int i = 0; i < n_in; i++) {
        if (last >= 0)
            last = next_code(&p);
        if (last >= 0)
            val = last;
        in[i] = val;
    }
    while (*p && *p != '/')
        p++;
    p = *p ? p + 1 : (code ? code : "h");
    last = 0;
    for (int i = 0; i < n_out; i++) {
        if (last >= 0)
            last = next_code(&p);
        if (last >= 0)
            val = last;
        out[i] = val;
    }
}

static void resolve_procs(RtDesign *d, const char *flat, int *ninputs,
                          int *noutputs, Procs *pr)
{
    Graph *g = NULL;
    FILE *sink = flat ? fopen("/dev/null", "w") : NULL;
    if (sink) {
        Diag diag;
        diag_init(&diag, sink);
        g = frontend_load(&diag, "design.json", flat, strlen(flat));
        if (g && (diag_failed(&diag) || !check_graph(g, &diag, NULL))) {
            graph_free(g);
            g = NULL;
        }
        fclose(sink);
    }
    for (int i = 0; i < d->nelems; i++) {
        RtElem *e = &d->elems[i];
        const ElementClass *cls = registry_find(e->class_name);
        int ni = ninputs[i], no = noutputs[i];
        int *din = xcalloc((size_t)ni + 1, sizeof *din);
        int *dout = xcalloc((size_t)no + 1, sizeof *dout);
        declared_codes(cls ? cls->processing : NULL, ni, no, din, dout);
        int gi = g ? graph_find(g, e->name) : -1;
        for (int k = 0; k < ni + no; k++) {
            bool out = k >= ni;
            int port = out ? k - ni : k;
            int decl = out ? dout[port] : din[port];
            int res = decl == PROC_AGNOSTIC ? PROC_PUSH : decl;
            if (gi >= 0) {
                PortProc p = graph_port_proc(g, gi, out, port);
                if (p != PROC_AGNOSTIC)
                    res = p;
            }
            (out ? pr[i].out : pr[i].in)[port] = (unsigned char)res;
            (out ? pr[i].out_agnostic : pr[i].in_agnostic)[port] = decl == PROC_AGNOSTIC;
        }
        free(din);
        free(dout);
    }
    graph_free(g);
}

static void build_ports(RtDesign *d, const Conn *cs, int nc, int *ninputs,
                        int *noutputs, const char *flat)
{
    Procs *pr = xcalloc((size_t)d->nelems + 1, sizeof *pr);
    for (int i = 0; i < d->nelems; i++) {
        pr[i].in = arena_alloc(&d->arena, (size_t)ninputs[i] + 1);
        pr[i].out = arena_alloc(&d->arena, (size_t)noutputs[i] + 1);
        pr[i].in_agnostic = arena_alloc(&d->arena, (size_t)ninputs[i] + 1);
        pr[i].out_agnostic = arena_alloc(&d->arena, (size_t)noutputs[i] + 1);
    }
    resolve_procs(d, flat, ninputs, noutputs, pr);
    for (int i = 0; i < d->nelems; i++) {
        StrBuf sb = {0};
        for (int side = 0; side < 2; side++) {
            int n = side ? noutputs[i] : ninputs[i];
            sb_printf(&sb, "%d %s%s\n", n, side ? "output" : "input", n == 1 ? "" : "s");
            for (int p = 0; p < n; p++) {
                unsigned char proc = side ? pr[i].out[p] : pr[i].in[p];
                bool agn = side ? pr[i].out_agnostic[p] : pr[i].in_agnostic[p];
                sb_printf(&sb, "%s%s\t-\t", proc == PROC_PULL ? "pull" : "push", agn ? "~" : "");
                const char *sep = "";
                for (int c = 0; c < nc; c++) {
                    if (!side && cs[c].to == i && cs[c].to_port == p)
                        sb_printf(&sb, "%s%s [%d]", sep, d->elems[cs[c].from].name,
                                  cs[c].from_port);
                    else if (side && cs[c].from == i && cs[c].from_port == p)
                        sb_printf(&sb, "%s[%d] %s", sep, cs[c].to_port,
                                  d->elems[cs[c].to].name);
                    else
                        continue;
                    sep = ", ";
                }
                sb_putc(&sb, '\n');
            }
        }
        d->elems[i].ports_text = arena_strndup(&d->arena, sb_str(&sb), sb.len);
        sb_free(&sb);
    }
    free(pr);
}

/* Click's Router::unparse_connections: chains through port 0. */
static void put_connections(StrBuf *sb, const RtDesign *d, const Conn *cs, int nc)
{
    int *next = xcalloc((size_t)nc + 1, sizeof *next);
    bool *start = xcalloc((size_t)nc + 1, sizeof *start);
    bool *used = xcalloc((size_t)nc + 1, sizeof *used);
    for (int c = 0; c < nc; c++) {
        next[c] = -1;
        start[c] = true;
    }
    for (int c = 0; c < nc; c++) {
        if (cs[c].to_port != 0)
            continue;
        int result = -1;
        for (int k = 0; k < nc; k++)
            if (k != c && cs[k].from == cs[c].to && cs[k].from_port == 0) {
                result = k;
                if (cs[k].to_port == 0)
                    break;
            }
        if (result >= 0) {
            next[c] = result;
            start[result] = false;
        }
    }
    for (bool done = false; !done;) {
        for (int c = 0; c < nc; c++) {
            if (used[c] || !start[c])
                continue;
            sb_puts(sb, d->elems[cs[c].from].name);
            if (cs[c].from_port)
                sb_printf(sb, " [%d]", cs[c].from_port);
            for (int k = c; k >= 0 && !used[k]; k = next[k]) {
                sb_puts(sb, k == c ? " -> " : "\n    -> ");
                if (cs[k].to_port)
                    sb_printf(sb, "[%d] ", cs[k].to_port);
                sb_puts(sb, d->elems[cs[k].to].name);
                used[k] = true;
            }
            sb_puts(sb, ";\n");
        }
        done = true;
        for (int c = 0; c < nc && done; c++)
            if (!used[c])
                start[c] = true, done = false;
    }
    free(next);
    free(start);
    free(used);
}

static bool load_connections(Loader *l, json_t *root, const char *flat,
                             StrBuf *flatconfig)
{
    RtDesign *d = l->d;
    json_t *arr = get_array(l, root, "design", "connections", false);
    if (l->failed)
        return false;
    int nc = (int)json_array_size(arr);
    Conn *cs = xcalloc((size_t)nc + 1, sizeof *cs);
    int *nin = xcalloc((size_t)d->nelems + 1, sizeof *nin);
    int *nout = xcalloc((size_t)d->nelems + 1, sizeof *nout);
    bool ok = true;
    for (int i = 0; i < d->nelems && ok; i++) {
        char w[64];
        int64_t v;
        json_t *o = json_array_get(json_object_get(root, "elements"), (size_t)i);
        snprintf(w, sizeof w, "elements[%d]", i);
        ok = get_int(l, o, w, "inputs", 0, GRAPH_MAX_PORTS, &v);
        nin[i] = (int)v;
        ok = ok && get_int(l, o, w, "outputs", 0, GRAPH_MAX_PORTS, &v);
        nout[i] = (int)v;
        d->elems[i].noutputs = nout[i];
    }
    for (int i = 0; i < nc && ok; i++) {
        char w[64];
        snprintf(w, sizeof w, "connections[%d]", i);
        json_t *o = json_array_get(arr, (size_t)i);
        if (!json_is_object(o)) {
            ok = bad(l, "%s: must be an object", w);
            break;
        }
        const char *from = get_string(l, o, w, "from", true);
        const char *to = get_string(l, o, w, "to", true);
        int64_t fp = 0, tp = 0;
        if (!from || !to || !get_int(l, o, w, "from_port", 0, GRAPH_MAX_PORTS, &fp) ||
            !get_int(l, o, w, "to_port", 0, GRAPH_MAX_PORTS, &tp)) {
            ok = false;
            break;
        }
        RtElem *fe = rt_design_find(d, from), *te = rt_design_find(d, to);
        if (!fe || !te)
            ok = bad(l, "%s: no element named '%s'", w, fe ? to : from);
        else if (fp >= nout[fe->index - 1] || tp >= nin[te->index - 1])
            ok = bad(l, "%s: port out of range in '%s' [%d] -> [%d] '%s'", w, from,
                     (int)fp, (int)tp, to);
        else
            cs[i] = (Conn){fe->index - 1, (int)fp, te->index - 1, (int)tp};
    }
    if (ok) {
        qsort(cs, (size_t)nc, sizeof *cs, conn_cmp);
        int k = 0;      /* duplicates are not connections twice */
        for (int i = 0; i < nc; i++)
            if (!k || conn_cmp(&cs[k - 1], &cs[i]) != 0)
                cs[k++] = cs[i];
        nc = k;
        build_ports(d, cs, nc, nin, nout, flat);
        put_connections(flatconfig, d, cs, nc);
    }
    free(cs);
    free(nin);
    free(nout);
    return ok;
}

/* ---- The design ------------------------------------------------------------ */

RtElem *rt_design_find(const RtDesign *d, const char *name)
{
    return strmap_get(&d->by_name, name);
}

static bool load_root(Loader *l, json_t *root)
{
    RtDesign *d = l->d;
    if (!json_is_object(root))
        return bad(l, "the top level must be an object");
    int64_t format, aw, idb;
    if (!get_int(l, root, "design", "format", 1, 1, &format))
        return false;
    const char *hash = get_string(l, root, "design", "hash", true);
    if (!hash)
        return false;
    size_t hn = strspn(hash, "0123456789abcdefABCDEF");
    if (!hn || hn > 16 || hash[hn])
        return bad(l, "\"hash\" must be 16 hexadecimal digits, not '%s'", hash);
    d->hash = strtoull(hash, NULL, 16);
    json_t *csr = json_object_get(root, "csr");
    if (!json_is_object(csr))
        return bad(l, "\"csr\" must be an object");
    if (!get_int(l, csr, "csr", "addr_width", 6, 32, &aw) ||
        !get_int(l, csr, "csr", "id_base", 0, UINT32_MAX, &idb))
        return false;
    d->addr_width = (unsigned)aw;
    d->id_base = (uint32_t)idb;
    if (idb % 4 || (uint64_t)idb + 32 > (uint64_t)1 << aw)
        return bad(l, "csr.id_base %" PRId64 " is outside the register map", idb);
    json_t *elems = get_array(l, root, "design", "elements", true);
    if (!elems)
        return false;
    d->nelems = (int)json_array_size(elems);
    d->elems = arena_alloc(&d->arena, ((size_t)d->nelems + 1) * sizeof *d->elems);
    for (int i = 0; i < d->nelems; i++)
        if (!load_element(l, &d->elems[i], json_array_get(elems, (size_t)i), (size_t)i))
            return false;

    /* Texts of the global handlers. */
    StrBuf sb = {0};
    json_t *reqs = get_array(l, root, "design", "requirements", false);
    if (l->failed)
        return false;
    for (size_t i = 0; i < json_array_size(reqs); i++)
        if (!json_is_string(json_array_get(reqs, i)))
            return bad(l, "requirements[%zu]: must be a string", i);
    for (size_t i = 0; i < json_array_size(reqs); i++)
        sb_printf(&sb, "%s\n", json_string_value(json_array_get(reqs, i)));
    d->requirements = arena_strdup(&d->arena, sb_str(&sb));
    sb.len = 0;
    sb_printf(&sb, "%d\n", d->nelems);
    for (int i = 0; i < d->nelems; i++)
        sb_printf(&sb, "%s\n", d->elems[i].name);
    d->list = arena_strdup(&d->arena, sb_str(&sb));

    /* flatconfig: Click's Router::unparse. */
    sb.len = 0;
    if (json_array_size(reqs)) {
        sb_puts(&sb, "require(");
        for (size_t i = 0; i < json_array_size(reqs); i++)
            sb_printf(&sb, "%s%s", i ? ", " : "", json_string_value(json_array_get(reqs, i)));
        sb_puts(&sb, ");\n\n");
    }
    for (int i = 0; i < d->nelems; i++) {
        const RtElem *e = &d->elems[i];
        sb_printf(&sb, "%s :: %s", e->name, e->class_name);
        if (*e->config)
            sb_printf(&sb, "(%s)", e->config);
        sb_puts(&sb, ";\n");
    }
    if (d->nelems)
        sb_putc(&sb, '\n');
    const char *flat = get_string(l, root, "design", "flat_config", false);
    if (!flat || !load_connections(l, root, *flat ? flat : NULL, &sb)) {
        sb_free(&sb);
        return false;
    }
    d->flatconfig = arena_strndup(&d->arena, sb_str(&sb), sb.len);
    /* config: the text the router was compiled from when design.json
     * carries it, else (as Click without one) the flat form. */
    const char *config = get_string(l, root, "design", "config", false);
    if (!config)
        return false;
    d->config = *config || json_object_get(root, "config") ? config : d->flatconfig;

    int n;
    const ElementClass *const *all = registry_all(&n);
    sb.len = 0;
    for (int i = 0; i < n; i++)
        if (all[i]->impl)
            sb_printf(&sb, "%s\n", all[i]->name);
    d->classes = arena_strdup(&d->arena, sb_str(&sb));

    static const struct {
        const char *name;
        RtHandlerKind kind;
    } globals[] = {
        {"version", RH_G_VERSION}, {"config", RH_G_CONFIG},
        {"flatconfig", RH_G_FLATCONFIG}, {"requirements", RH_G_REQUIREMENTS},
        {"handlers", RH_G_HANDLERS}, {"list", RH_G_LIST}, {"classes", RH_G_CLASSES},
    };
    d->nglobals = (int)(sizeof globals / sizeof globals[0]);
    d->globals = arena_alloc(&d->arena, sizeof globals / sizeof globals[0] * sizeof *d->globals);
    sb.len = 0;
    for (int i = 0; i < d->nglobals; i++) {
        d->globals[i] = (RtHandler){.name = globals[i].name, .read = true,
                                    .kind = globals[i].kind};
        put_handler_line(&sb, &d->globals[i]);
    }
    d->global_handlers = arena_strdup(&d->arena, sb_str(&sb));
    sb_free(&sb);
    return true;
}

RtDesign *rt_design_load(const char *path, const char *text, char *err,
                         size_t errlen)
{
    RtDesign *d = xcalloc(1, sizeof *d);
    Loader l = {d, path, err, errlen, false};
    d->path = arena_strdup(&d->arena, path);
    json_error_t je;
    json_t *root = text ? json_loads(text, JSON_REJECT_DUPLICATES, &je)
                        : json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (je.line > 0)
            snprintf(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        else
            snprintf(err, errlen, "%s: %s", path, je.text);
        rt_design_free(d);
        return NULL;
    }
    bool ok = load_root(&l, root);
    json_decref(root);
    if (!ok) {
        if (!l.failed)
            bad(&l, "invalid design");
        rt_design_free(d);
        return NULL;
    }
    return d;
}

void rt_design_free(RtDesign *d)
{
    if (!d)
        return;
    strmap_free(&d->by_name);
    arena_free(&d->arena);
    free(d);
}
