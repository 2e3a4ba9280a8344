/*
 * handlers.c -- handler dispatch: Click's default and global handlers,
 * element handlers served by a class routine or by a register, the
 * HandlerCtx that routines see, and Click's text conventions (printable
 * messages, integer syntax, fixed-point rates).
 */
#include "runtime_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- Click's text conventions ------------------------------------------ */

void rt_put_printable(StrBuf *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 32 && ch < 127)
            sb_putc(sb, (char)ch);
        else if (ch < 32) {
            sb_putc(sb, '^');
            sb_putc(sb, (char)(ch + 64));
        } else
            sb_printf(sb, "\\%03o", ch);
    }
}

static int digit_value(unsigned char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A' + 10;
    return 99;
}

bool rt_parse_int(const char *s, size_t n, int base, bool is_signed,
                  uint64_t max, int64_t *val, bool *range_error)
{
    const char *p = s, *end = s + n;
    bool negative = false;
    if (range_error)
        *range_error = false;
    if (p < end && is_signed && *p == '-') {
        negative = true;
        p++;
    } else if (p < end && *p == '+')
        p++;
    int b = base;
    if ((b == 0 || b == 16) && end - p > 2 && p[0] == '0' &&
        (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        b = 16;
    } else if (b == 0 && end - p > 2 && p[0] == '0' &&
               (p[1] == 'b' || p[1] == 'B')) {
        p += 2;
        b = 2;
    } else if (b == 0 && p < end && *p == '0')
        b = 8;
    else if (b == 0)
        b = 10;
    uint64_t v = 0;
    bool overflow = false, after_digit = false;
    int ndigits = 0;
    for (; p < end; p++) {
        if (*p == '_' && after_digit) {
            after_digit = false;    /* one '_' between two digits */
            continue;
        }
        int dv = digit_value((unsigned char)*p);
        if (dv >= b)
            return false;
        if (v > (UINT64_MAX - (uint64_t)dv) / (uint64_t)b)
            overflow = true;
        else
            v = v * (uint64_t)b + (uint64_t)dv;
        after_digit = true;
        ndigits++;
    }
    if (!ndigits || !after_digit)
        return false;
    uint64_t limit = negative ? max + 1 : max;
    if (overflow || v > limit) {
        if (range_error)
            *range_error = true;
        return false;
    }
    *val = negative ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

void rt_put_real2(StrBuf *sb, int64_t value, int frac_bits)
{
    uint64_t v = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    if (value < 0)
        sb_putc(sb, '-');
    sb_printf(sb, "%" PRIu64, v >> frac_bits);
    uint32_t one = (uint32_t)1 << frac_bits;
    uint32_t frac = (uint32_t)(v & (one - 1));
    if (!frac)
        return;
    /* The shortest decimal that reads back as the same binary fraction
     * (Knuth's print_scaled, as Click prints its real2 values). */
    sb_putc(sb, '.');
    uint32_t r = 10 * frac + 5, slack = 10, rounder = 5;
    while (rounder < (one >> 1))
        rounder *= 10;
    do {
        if (slack > one)
            r += (one >> 1) - rounder;
        sb_putc(sb, (char)('0' + (r >> frac_bits)));
        r = 10 * (r & (one - 1));
        slack *= 10;
    } while (r > slack);
}

void rt_errors_add(RtErrors *e, bool error, const char *text)
{
    if (error)
        e->nerrors++;
    else
        e->nwarnings++;
    /* One message per line, as Click's ControlSocket reports them. */
    for (const char *p = text;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        VEC_PUSH(e->msgs, e->nmsgs, e->cap, xstrndup(p, n));
        if (!nl)
            break;
        p = nl + 1;
    }
}

void rt_errors_free(RtErrors *e)
{
    for (int i = 0; i < e->nmsgs; i++)
        free(e->msgs[i]);
    free(e->msgs);
    memset(e, 0, sizeof *e);
}

uint64_t rt_clock_monotonic(void *user)
{
    (void)user;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- The context routines see --------------------------------------------- */

struct HandlerCtx {
    Runtime *rt;
    RtElem *e;
    const char *handler;    /* for messages */
    StrBuf *out;            /* a read's result (NULL for writes) */
    RtErrors *errs;
};

const char *hctx_element(const HandlerCtx *c) { return c->e->name; }
const char *hctx_config(const HandlerCtx *c) { return c->e->config; }
int hctx_noutputs(const HandlerCtx *c) { return c->e->noutputs; }
void *hctx_state(HandlerCtx *c) { return c->e->state; }

uint64_t hctx_now_ms(const HandlerCtx *c)
{
    return c->rt->clock(c->rt->clock_user);
}

static void vreport(HandlerCtx *c, bool error, const char *fmt, va_list ap)
{
    StrBuf sb = {0};
    sb_vprintf(&sb, fmt, ap);
    rt_errors_add(c->errs, error, sb_str(&sb));
    sb_free(&sb);
}

int hctx_error(HandlerCtx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, true, fmt, ap);
    va_end(ap);
    return -1;
}

void hctx_warning(HandlerCtx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, false, fmt, ap);
    va_end(ap);
}

void hctx_append(HandlerCtx *c, const char *s, size_t n)
{
    if (c->out)
        sb_putn(c->out, s, n);
}

void hctx_printf(HandlerCtx *c, const char *fmt, ...)
{
    if (!c->out)
        return;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(c->out, fmt, ap);
    va_end(ap);
}

void hctx_print_real2(HandlerCtx *c, int64_t value, int frac_bits)
{
    if (c->out && frac_bits >= 0 && frac_bits <= 16)
        rt_put_real2(c->out, value, frac_bits);
}

bool hctx_reg_find(const HandlerCtx *c, const char *reg, uint32_t *off,
                   int *width)
{
    for (int i = 0; i < c->e->nregs; i++)
        if (strcmp(c->e->regs[i].name, reg) == 0) {
            if (off)
                *off = c->e->regs[i].offset;
            if (width)
                *width = c->e->regs[i].width;
            return true;
        }
    return false;
}

/* "register 'count' (offset 0x0, address 0x40000)" */
static void describe_reg(const HandlerCtx *c, uint32_t off, char *buf,
                         size_t n)
{
    const char *name = NULL;
    for (int i = 0; i < c->e->nregs; i++)
        if (c->e->regs[i].offset == off)
            name = c->e->regs[i].name;
    if (name)
        snprintf(buf, n, "register '%s' (offset 0x%x, address 0x%" PRIx64 ")",
                 name, off, (uint64_t)c->e->base + off);
    else
        snprintf(buf, n, "offset 0x%x (address 0x%" PRIx64 ")", off,
                 (uint64_t)c->e->base + off);
}

static int check_offset(HandlerCtx *c, uint32_t off, uint32_t bytes)
{
    if (!c->e->mapped)
        return hctx_error(c, "element '%s' has no registers", c->e->name);
    if (off % 4 || (uint64_t)off + bytes > c->e->size)
        return hctx_error(c, "offset 0x%x is outside element '%s' "
                             "(%u bytes of registers)",
                          off, c->e->name, c->e->size);
    return 0;
}

static int bus_failed(HandlerCtx *c, const char *what, uint32_t off,
                      BackendStatus st)
{
    char reg[160];
    describe_reg(c, off, reg, sizeof reg);
    return hctx_error(c, "%s %s failed: %s", what, reg, backend_status_text(st));
}

int hctx_reg_read(HandlerCtx *c, uint32_t off, uint32_t *val)
{
    if (check_offset(c, off, 4) < 0)
        return -1;
    BackendStatus st = backend_read(c->rt->b, c->e->base + off, val);
    return st == BK_OK ? 0 : bus_failed(c, "reading", off, st);
}

int hctx_reg_read64(HandlerCtx *c, uint32_t off, uint64_t *val)
{
    if (check_offset(c, off, 8) < 0)
        return -1;
    BackendStatus st = backend_read64(c->rt->b, c->e->base + off, val);
    return st == BK_OK ? 0 : bus_failed(c, "reading", off, st);
}

int hctx_reg_read_named(HandlerCtx *c, const char *reg, uint64_t *val)
{
    uint32_t off, v32;
    int width;
    if (!hctx_reg_find(c, reg, &off, &width))
        return hctx_error(c, "element '%s' has no '%s' register", c->e->name, reg);
    if (width == 64)
        return hctx_reg_read64(c, off, val);
    if (hctx_reg_read(c, off, &v32) < 0)
        return -1;
    *val = v32;
    return 0;
}

int hctx_print_summary(HandlerCtx *c, const char *const regs[][2])
{
    for (int i = 0; regs[i][0]; i++) {
        uint64_t v;
        if (hctx_reg_read_named(c, regs[i][0], &v) < 0)
            return -1;
        hctx_printf(c, "%" PRIu64 " %s\n", v, regs[i][1]);
    }
    return 0;
}

int hctx_reg_write(HandlerCtx *c, uint32_t off, uint32_t val)
{
    if (check_offset(c, off, 4) < 0)
        return -1;
    BackendStatus st = backend_write(c->rt->b, c->e->base + off, val);
    return st == BK_OK ? 0 : bus_failed(c, "writing", off, st);
}

int hctx_parse_uint(HandlerCtx *c, const char *data, size_t len,
                    uint64_t max, uint64_t *val)
{
    while (len && rt_isspace((unsigned char)*data))
        data++, len--;
    while (len && rt_isspace((unsigned char)data[len - 1]))
        len--;
    int64_t v;
    bool range = false;
    if (!rt_parse_int(data, len, 0, false, max, &v, &range)) {
        if (range)
            return hctx_error(c, "integer out of range (0 to %" PRIu64 ")", max);
        return hctx_error(c, "expected integer");
    }
    *val = (uint64_t)v;
    return 0;
}

bool hctx_int_arg(const char *data, size_t len, bool is_signed, uint64_t max,
                  int64_t *val)
{
    return rt_parse_int(data, len, 0, is_signed, max, val, NULL);
}

/* ---- Dispatch ---------------------------------------------------------- */

/* Click's Handler::unparse_name: "elem.handler", or "handler". */
static void unparse_name(StrBuf *sb, const RtElem *e, const RtHandler *h)
{
    if (e) {
        sb_puts(sb, e->name);
        sb_putc(sb, '.');
    }
    sb_puts(sb, h->name);
}

static int software_only(HandlerCtx *c, const RtHandler *h)
{
    return hctx_error(c, "handler '%s.%s' runs in software only: the "
                         "hardware has no register for it and the runtime "
                         "no routine yet",
                      c->e->name, h->name);
}

/* An Ethernet address register: bytes 2-5 at off, bytes 0-1 in the low
 * half of the next word. */
static int read_ether(HandlerCtx *c, uint32_t off, uint8_t mac[6])
{
    uint32_t lo, hi;
    if (hctx_reg_read(c, off, &lo) < 0 || hctx_reg_read(c, off + 4, &hi) < 0)
        return -1;
    mac[0] = (uint8_t)(hi >> 8), mac[1] = (uint8_t)hi;
    for (int i = 0; i < 4; i++)
        mac[2 + i] = (uint8_t)(lo >> (24 - 8 * i));
    return 0;
}

/* Click's texts: decimal, signed decimal, true/false, and EtherAddress's
 * upper-case colon form. */
static int read_register(HandlerCtx *c, const RtReg *r)
{
    if (r->format == RF_ETHER) {
        uint8_t m[6];
        if (read_ether(c, r->offset, m) < 0)
            return -1;
        hctx_printf(c, "%02X:%02X:%02X:%02X:%02X:%02X", m[0], m[1], m[2], m[3], m[4], m[5]);
        return 0;
    }
    if (r->width == 64) {
        uint64_t v;
        if (hctx_reg_read64(c, r->offset, &v) < 0)
            return -1;
        hctx_printf(c, "%" PRIu64, v);
        return 0;
    }
    uint32_t v;
    if (hctx_reg_read(c, r->offset, &v) < 0)
        return -1;
    if (r->format == RF_INT)
        hctx_printf(c, "%" PRId32, (int32_t)v);
    else if (r->format == RF_BOOL)
        hctx_printf(c, "%s", v ? "true" : "false");
    else
        hctx_printf(c, "%" PRIu32, v);
    return 0;
}

/* data without surrounding white space, as a C string (NULL when it holds
 * a NUL byte, which no value has). */
static char *trimmed(const char *data, size_t len)
{
    while (len && rt_isspace((unsigned char)*data))
        data++, len--;
    while (len && rt_isspace((unsigned char)data[len - 1]))
        len--;
    return memchr(data, '\0', len) ? NULL : xstrndup(data, len);
}

/* The word(s) written, in the register's format, as the words to store. */
static int parse_value(HandlerCtx *c, const RtReg *r, const char *data,
                       size_t len, uint32_t w[2])
{
    if (r->format == RF_UINT) {
        uint64_t max = r->max ? r->max : r->width == 64 ? UINT64_MAX : UINT32_MAX, v;
        if (hctx_parse_uint(c, data, len, max, &v) < 0)
            return -1;
        w[0] = (uint32_t)v, w[1] = (uint32_t)(v >> 32);
        return 0;
    }
    char *s = trimmed(data, len);
    int ok = -1;
    int64_t i;
    bool b, range = false;
    uint8_t m[6];
    switch (r->format) {
    case RF_INT:
        if (s && rt_parse_int(s, strlen(s), 0, true, INT32_MAX, &i, &range))
            w[0] = (uint32_t)i, ok = 0;
        else if (range)
            hctx_error(c, "integer out of range (%" PRId32 " to %" PRId32 ")", INT32_MIN, INT32_MAX);
        else
            hctx_error(c, "expected integer");
        break;
    case RF_BOOL:
        if (s && parse_bool(s, &b))
            w[0] = b, ok = 0;
        else
            hctx_error(c, "expected boolean (true or false)");
        break;
    case RF_ETHER:
        if (s && parse_ether(s, m)) {
            w[0] = (uint32_t)m[2] << 24 | (uint32_t)m[3] << 16 | (uint32_t)m[4] << 8 | m[5];
            w[1] = (uint32_t)m[0] << 8 | m[1];
            ok = 0;
        } else
            hctx_error(c, "expected Ethernet address (such as 00:15:17:2A:3B:4C)");
        break;
    case RF_UINT:
        break;
    }
    free(s);
    return ok;
}

static int write_register(HandlerCtx *c, const RtReg *r, const char *data,
                          size_t len)
{
    const char *p = data;
    size_t n = len;
    while (n && rt_isspace((unsigned char)*p))
        p++, n--;
    uint32_t w[2] = {1, 0};
    /* A write-only register is a strobe (reset, clear): writing nothing
     * writes 1, as `WRITE q.reset` does in Click. */
    if ((n || r->readable) && parse_value(c, r, p, n, w) < 0)
        return -1;
    /* Low word first: a 64-bit register and an address take the whole
     * value when the second word arrives. */
    if (hctx_reg_write(c, r->offset, w[0]) < 0)
        return -1;
    if ((r->width == 64 || r->format == RF_ETHER) && hctx_reg_write(c, r->offset + 4, w[1]) < 0)
        return -1;
    return 0;
}

int rt_handler_read(Runtime *rt, RtElem *e, const RtHandler *h,
                    const char *param, size_t len, StrBuf *out, RtErrors *errs)
{
    HandlerCtx ctx = {rt, e, h->name, out, errs};
    if (len && !h->read_param) {
        StrBuf sb = {0};
        unparse_name(&sb, e, h);
        hctx_error(&ctx, "read handler '%s' does not take parameters", sb_str(&sb));
        sb_free(&sb);
        return -1;
    }
    const RtDesign *d = rt->d;
    const char *text = NULL;
    switch (h->kind) {
    case RH_NAME: text = e->name; break;
    case RH_CLASS: text = e->class_name; break;
    case RH_CONFIG: text = e->config; break;
    case RH_PORTS: text = e->ports_text; break;
    case RH_HANDLERS: text = e->handlers_text; break;
    case RH_G_VERSION: text = FPGAGEN_VERSION; break;
    case RH_G_CONFIG: text = d->config; break;
    case RH_G_FLATCONFIG: text = d->flatconfig; break;
    case RH_G_REQUIREMENTS: text = d->requirements; break;
    case RH_G_HANDLERS: text = d->global_handlers; break;
    case RH_G_LIST: text = d->list; break;
    case RH_G_CLASSES: text = d->classes; break;
    case RH_ELEMENT:
        if (h->routine && h->routine->read)
            return h->routine->read(&ctx, param, len);
        if (h->text) {
            sb_puts(out, h->text);
            return 0;
        }
        if (h->reg && h->reg->readable)
            return read_register(&ctx, h->reg);
        return software_only(&ctx, h);
    }
    if (text)
        sb_puts(out, text);
    return 0;
}

int rt_handler_write(Runtime *rt, RtElem *e, const RtHandler *h,
                     const char *data, size_t len, RtErrors *errs)
{
    HandlerCtx ctx = {rt, e, h->name, NULL, errs};
    if (h->kind == RH_ELEMENT && e) {
        if (h->routine && h->routine->write)
            return h->routine->write(&ctx, data, len);
        if (h->reg && h->reg->writable)
            return write_register(&ctx, h->reg, data, len);
        return software_only(&ctx, h);
    }
    StrBuf sb = {0};
    unparse_name(&sb, e, h);
    hctx_error(&ctx, "'%s' not a write handler", sb_str(&sb));
    sb_free(&sb);
    return -EACCES;
}

int rt_llrpc(Runtime *rt, RtElem *e, uint32_t command, void *data, RtErrors *errs)
{
    if (!e || !e->hclass || !e->hclass->llrpc)
        return -EINVAL;     /* Click's Element::llrpc */
    HandlerCtx ctx = {rt, e, "", NULL, errs};
    return e->hclass->llrpc(&ctx, command, data);
}

void rt_handlers_init(Runtime *rt, FILE *log)
{
    for (int i = 0; i < rt->d->nelems; i++) {
        RtElem *e = &rt->d->elems[i];
        if (!e->hclass || !e->hclass->init)
            continue;
        RtErrors errs = {0};
        HandlerCtx ctx = {rt, e, "", NULL, &errs};
        e->hclass->init(&ctx);
        for (int m = 0; log && m < errs.nmsgs; m++)
            fprintf(log, "fpgagen: %s: %s\n", e->name, errs.msgs[m]);
        rt_errors_free(&errs);
    }
}
