/*
 * board.c -- board descriptions: boards/NAME.yaml, read with libyaml.
 *
 *   name: sim
 *   description: Verilator simulation
 *   part: none
 *   toolchain: verilator
 *   bridge: direct
 *   width: 64
 *   widths: [8, 16, 32, 64, 128, 256, 512]
 *   clock_mhz: 250
 *   csr_addr_width: 20
 *   devices:
 *     - {name: eth0, kind: sim, ports: [rx, tx]}
 *
 * Every error names the file, line and column of the offending node.
 */
#include "datapath.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct BoardCtx {
    Diag *d;
    Arena *a;
    yaml_document_t doc;
    const char *path;
    const char *text;       /* the file, for excerpts */
    size_t len;
} BoardCtx;

static SrcLoc node_loc(BoardCtx *c, yaml_node_t *n)
{
    SrcLoc l = {c->path, 0, 0, NULL, 0};
    if (!n)
        return l;
    l.line = (int)n->start_mark.line + 1;
    l.col = (int)n->start_mark.column + 1;
    size_t off = n->start_mark.index - n->start_mark.column;
    if (off <= c->len) {
        l.text = c->text + off;
        l.text_len = (int)strcspn(l.text, "\n");
    }
    return l;
}

static void berror(BoardCtx *c, yaml_node_t *n, const char *fmt, ...)
    FG_PRINTF(3, 4);
static void berror(BoardCtx *c, yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(c->d, DIAG_ERROR, node_loc(c, n), 1, fmt, ap);
    va_end(ap);
}

static const char *scalar(BoardCtx *c, yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        berror(c, n, "%s: expected a scalar", what);
        return NULL;
    }
    return arena_strndup(c->a, (const char *)n->data.scalar.value,
                         n->data.scalar.length);
}

static bool integer(BoardCtx *c, yaml_node_t *n, const char *what,
                    long lo, long hi, int *out)
{
    const char *s = scalar(c, n, what);
    if (!s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi) {
        berror(c, n, "%s: expected an integer from %ld to %ld, not '%s'",
               what, lo, hi, s);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool valid_width(int w)
{
    return w >= 8 && w <= 512 && (w & (w - 1)) == 0;
}

static void read_device(BoardCtx *c, Board *b, yaml_node_t *n, int slot,
                        int *cap)
{
    if (n->type != YAML_MAPPING_NODE) {
        berror(c, n, "devices: each device is a mapping");
        return;
    }
    BoardDevice dev = {.slot = slot};
    int pins_cap = 0;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&c->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&c->doc, p->value);
        const char *key = scalar(c, k, "device key");
        if (!key)
            continue;
        if (strcmp(key, "name") == 0) {
            dev.name = scalar(c, v, "device name");
        } else if (strcmp(key, "kind") == 0) {
            dev.kind = scalar(c, v, "device kind");
        } else if (strcmp(key, "ports") == 0) {
            if (!v || v->type != YAML_SEQUENCE_NODE) {
                berror(c, v, "ports: expected a list of rx and tx");
                continue;
            }
            for (yaml_node_item_t *i = v->data.sequence.items.start;
                 i < v->data.sequence.items.top; i++) {
                yaml_node_t *pn = yaml_document_get_node(&c->doc, *i);
                const char *port = scalar(c, pn, "port");
                if (!port)
                    continue;
                if (strcmp(port, "rx") == 0)
                    dev.rx = true;
                else if (strcmp(port, "tx") == 0)
                    dev.tx = true;
                else
                    berror(c, pn, "unknown port '%s' (expected rx or tx)",
                           port);
            }
        } else if (strcmp(key, "pins") == 0) {
            if (!v || v->type != YAML_MAPPING_NODE) {
                berror(c, v, "pins: expected a mapping signal: PIN");
                continue;
            }
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
                 q < v->data.mapping.pairs.top; q++) {
                const char *sig = scalar(
                    c, yaml_document_get_node(&c->doc, q->key), "pin name");
                const char *pin = scalar(
                    c, yaml_document_get_node(&c->doc, q->value), "pin");
                if (sig && pin)
                    VEC_PUSH(dev.pins, dev.npins, pins_cap,
                             arena_printf(c->a, "%s=%s", sig, pin));
            }
        } else {
            berror(c, k, "unknown device key '%s'", key);
        }
    }
    if (!dev.name) {
        berror(c, n, "device without a name");
        free(dev.pins);
        return;
    }
    if (!dev.kind)
        berror(c, n, "device '%s' has no kind", dev.name);
    if (!dev.rx && !dev.tx)
        berror(c, n, "device '%s' has no ports (rx, tx)", dev.name);
    for (int i = 0; i < b->ndevs; i++)
        if (strcmp(b->devs[i].name, dev.name) == 0)
            berror(c, n, "device '%s' listed twice", dev.name);
    if (dev.npins) {
        const char **pins = arena_alloc(c->a, (size_t)dev.npins * sizeof *pins);
        memcpy(pins, dev.pins, (size_t)dev.npins * sizeof *pins);
        free(dev.pins);
        dev.pins = pins;
    }
    VEC_PUSH(b->devs, b->ndevs, *cap, dev);
}

static void read_board(BoardCtx *c, Board *b)
{
    yaml_node_t *root = yaml_document_get_root_node(&c->doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        berror(c, root, "a board description is a mapping");
        return;
    }
    int devs_cap = 0, clock = 0;
    bool have_width = false, have_clock = false, have_aw = false;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&c->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&c->doc, p->value);
        const char *key = scalar(c, k, "key");
        if (!key)
            continue;
        if (strcmp(key, "name") == 0) {
            b->name = scalar(c, v, key);
        } else if (strcmp(key, "description") == 0) {
            b->description = scalar(c, v, key);
        } else if (strcmp(key, "part") == 0) {
            b->part = scalar(c, v, key);
        } else if (strcmp(key, "package") == 0) {
            b->package = scalar(c, v, key);
        } else if (strcmp(key, "toolchain") == 0) {
            b->toolchain = scalar(c, v, key);
        } else if (strcmp(key, "bridge") == 0) {
            b->bridge = scalar(c, v, key);
            if (b->bridge && strcmp(b->bridge, "direct") != 0 &&
                strcmp(b->bridge, "uart") != 0 &&
                strcmp(b->bridge, "axi-lite") != 0)
                berror(c, v, "bridge: expected direct, uart or axi-lite");
        } else if (strcmp(key, "width") == 0) {
            have_width = integer(c, v, key, 8, 512, &b->width);
            if (have_width && !valid_width(b->width))
                berror(c, v, "width: %d is not a power of two from 8 to 512",
                       b->width);
        } else if (strcmp(key, "widths") == 0) {
            if (!v || v->type != YAML_SEQUENCE_NODE) {
                berror(c, v, "widths: expected a list");
                continue;
            }
            int n = 0;
            for (yaml_node_item_t *i = v->data.sequence.items.start;
                 i < v->data.sequence.items.top; i++) {
                yaml_node_t *wn = yaml_document_get_node(&c->doc, *i);
                int w;
                if (n == 7) {
                    berror(c, wn, "widths: at most 7 entries");
                    break;
                }
                if (integer(c, wn, "width", 8, 512, &w)) {
                    if (!valid_width(w))
                        berror(c, wn, "widths: %d is not a power of two", w);
                    b->widths[n++] = w;
                }
            }
        } else if (strcmp(key, "clock_mhz") == 0) {
            have_clock = integer(c, v, key, 1, 2000, &clock);
            b->clock_mhz = clock;
        } else if (strcmp(key, "csr_addr_width") == 0) {
            have_aw = integer(c, v, key, 6, 32, &b->csr_addr_width);
        } else if (strcmp(key, "devices") == 0) {
            if (!v || v->type != YAML_SEQUENCE_NODE) {
                berror(c, v, "devices: expected a list");
                continue;
            }
            for (yaml_node_item_t *i = v->data.sequence.items.start;
                 i < v->data.sequence.items.top; i++)
                read_device(c, b, yaml_document_get_node(&c->doc, *i),
                            b->ndevs, &devs_cap);
        } else {
            berror(c, k, "unknown key '%s'", key);
        }
    }
    if (!b->name)
        berror(c, root, "board has no name");
    if (!have_width)
        berror(c, root, "board has no datapath width");
    if (!have_clock)
        berror(c, root, "board has no clock_mhz");
    if (!have_aw)
        berror(c, root, "board has no csr_addr_width");
    if (!b->bridge)
        b->bridge = "direct";
    if (!b->widths[0])
        b->widths[0] = b->width;
    if (b->ndevs) {
        BoardDevice *devs = arena_alloc(c->a, (size_t)b->ndevs * sizeof *devs);
        memcpy(devs, b->devs, (size_t)b->ndevs * sizeof *devs);
        free(b->devs);
        b->devs = devs;
    }
}

Board *board_load(Diag *d, Arena *a, const char *name_or_path)
{
    size_t n = strlen(name_or_path);
    const char *path = n > 5 && strcmp(name_or_path + n - 5, ".yaml") == 0
        ? name_or_path
        : arena_printf(a, "%s/boards/%s.yaml", fpgagen_root(), name_or_path);
    BoardCtx c = {.d = d, .a = a, .path = path};
    char *text = read_file(path, &c.len);
    if (!text) {
        diag_error(d, (SrcLoc){0}, 1, "board '%s': cannot read %s: %s",
                   name_or_path, path, strerror(errno));
        return NULL;
    }
    c.text = text;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, c.len);
    Board *b = NULL;
    int errors = d->errors;
    if (!yaml_parser_load(&parser, &c.doc)) {
        SrcLoc l = {path, (int)parser.problem_mark.line + 1,
                    (int)parser.problem_mark.column + 1, NULL, 0};
        diag_error(d, l, 1, "YAML: %s",
                   parser.problem ? parser.problem : "malformed document");
    } else {
        b = arena_alloc(a, sizeof *b);
        b->path = path;
        read_board(&c, b);
        yaml_document_delete(&c.doc);
    }
    yaml_parser_delete(&parser);
    free(text);
    /* Excerpts point into the file text, which is gone: drop them by
     * reporting only while it is alive (done above). */
    return d->errors == errors ? b : NULL;
}

const BoardDevice *board_device(const Board *b, const char *name)
{
    for (int i = 0; i < b->ndevs; i++)
        if (strcmp(b->devs[i].name, name) == 0)
            return &b->devs[i];
    return NULL;
}
