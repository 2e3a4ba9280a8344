/*
 * handlers_builtin.c -- class routines for handlers that need more than
 * one register, and the list handler_class_find() searches.
 *
 * Counter: rate, bit_rate and byte_rate from successive readings of the
 * 64-bit count and byte_count registers, averaged as Click's Counter
 * does (a moving average per jiffy, alpha 1/16, 10 bits of fraction for
 * packets and 4 for bytes, printed as Click prints them); reset and
 * reset_counts strobe the reset register and clear the averages.
 */
#include "runtime_int.h"

#include <string.h>

/* ---- Counter -------------------------------------------------------------- */

enum {
    EWMA_STABILITY = 4,     /* alpha = 1/16 */
    RATE_SCALE = 10,        /* bits of fraction: packets per jiffy */
    BYTE_RATE_SCALE = 4,    /* bytes per jiffy */
    JIFFIES_PER_SEC = 1000, /* CLICK_HZ: one epoch per millisecond */
    EWMA_SETTLED = 100,     /* epochs after which the old average is gone */
};

typedef struct CounterState {
    bool primed;            /* a first reading was taken */
    uint64_t count, bytes;  /* at the last reading */
    uint64_t epoch;         /* its time, in jiffies */
    int64_t rate, byte_rate;/* scaled averages per jiffy */
} CounterState;

static int64_t shift_floor(int64_t v, int s)
{
    return v >= 0 ? v >> s : -(int64_t)((((uint64_t)-v) + ((uint64_t)1 << s) - 1) >> s);
}

/* n epochs, each with the scaled observation x: Click's update_n. */
static void ewma_update_n(int64_t *avg, int64_t x, uint64_t n)
{
    if (n >= EWMA_SETTLED) {
        *avg = x;
        return;
    }
    x += 1 << (EWMA_STABILITY - 1);
    for (; n > 0; n--)
        *avg += shift_floor(x - *avg, EWMA_STABILITY);
}

/* (delta / n) with scale bits of fraction, without overflowing. */
static int64_t per_epoch(uint64_t delta, uint64_t n, int scale)
{
    uint64_t q = delta / n, r = delta % n;
    return (int64_t)((q << scale) + (r << scale) / n);
}

static int counter_read64(HandlerCtx *c, const char *reg, uint64_t *v)
{
    uint32_t off;
    int width;
    if (!hctx_reg_find(c, reg, &off, &width))
        return hctx_error(c, "element '%s' has no '%s' register", hctx_element(c), reg);
    if (width == 64)
        return hctx_reg_read64(c, off, v);
    uint32_t v32;
    if (hctx_reg_read(c, off, &v32) < 0)
        return -1;
    *v = v32;
    return 0;
}

/* Takes a reading and moves the averages over the jiffies since the last
 * one, spreading what was counted evenly across them. */
static int counter_sample(HandlerCtx *c)
{
    CounterState *st = hctx_state(c);
    uint64_t count, bytes;
    if (counter_read64(c, "count", &count) < 0 || counter_read64(c, "byte_count", &bytes) < 0)
        return -1;
    uint64_t now = hctx_now_ms(c);
    if (!st->primed) {
        *st = (CounterState){true, count, bytes, now, 0, 0};
        return 0;
    }
    if (now <= st->epoch)
        return 0;       /* same jiffy: the counts wait for the next one */
    uint64_t n = now - st->epoch;
    /* Counts that went down were reset meanwhile: count from zero. */
    uint64_t dc = count >= st->count ? count - st->count : count;
    uint64_t db = bytes >= st->bytes ? bytes - st->bytes : bytes;
    ewma_update_n(&st->rate, per_epoch(dc, n, RATE_SCALE), n);
    ewma_update_n(&st->byte_rate, per_epoch(db, n, BYTE_RATE_SCALE), n);
    st->count = count;
    st->bytes = bytes;
    st->epoch = now;
    return 0;
}

static int counter_init(HandlerCtx *c) { return counter_sample(c); }

static int counter_rate(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    if (counter_sample(c) < 0)
        return -1;
    const CounterState *st = hctx_state(c);
    hctx_print_real2(c, st->rate * JIFFIES_PER_SEC, RATE_SCALE);
    return 0;
}

static int counter_byte_rate(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    if (counter_sample(c) < 0)
        return -1;
    const CounterState *st = hctx_state(c);
    hctx_print_real2(c, st->byte_rate * JIFFIES_PER_SEC, BYTE_RATE_SCALE);
    return 0;
}

static int counter_bit_rate(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    if (counter_sample(c) < 0)
        return -1;
    const CounterState *st = hctx_state(c);
    /* x 8 by taking three bits of fraction away, as Click does. */
    hctx_print_real2(c, st->byte_rate * JIFFIES_PER_SEC, BYTE_RATE_SCALE - 3);
    return 0;
}

static int counter_reset(HandlerCtx *c, const char *data, size_t len)
{
    (void)data, (void)len;  /* Click's reset ignores what is written */
    uint32_t off;
    if (!hctx_reg_find(c, "reset", &off, NULL))
        return hctx_error(c, "element '%s' has no 'reset' register", hctx_element(c));
    if (hctx_reg_write(c, off, 1) < 0)
        return -1;
    CounterState *st = hctx_state(c);
    *st = (CounterState){true, 0, 0, hctx_now_ms(c), 0, 0};
    return 0;
}

static const HandlerRoutine counter_routines[] = {
    {"rate", counter_rate, NULL, 0},
    {"bit_rate", counter_bit_rate, NULL, 0},
    {"byte_rate", counter_byte_rate, NULL, 0},
    {"reset", NULL, counter_reset, 0},
    {"reset_counts", NULL, counter_reset, 0},
    {NULL, NULL, NULL, 0},
};

/* ---- The list -------------------------------------------------------------- */

static const HandlerClass handler_classes[] = {
    {"Counter", counter_routines, sizeof(CounterState), counter_init},
};

const HandlerClass *handler_class_find(const char *class_name)
{
    for (size_t i = 0; i < sizeof handler_classes / sizeof handler_classes[0]; i++)
        if (strcmp(handler_classes[i].class_name, class_name) == 0)
            return &handler_classes[i];
    return NULL;
}
