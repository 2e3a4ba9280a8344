/*
 * counter.c -- the Counter element class: counts packets and bytes and
 * measures their rates.
 */
#include "datapath.h"

#include <errno.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Counter([I<keywords> COUNT_CALL, BYTE_COUNT_CALL])\n"
    "\n"
    "=s counters\n"
    "\n"
    "counts packets and bytes and measures their rates\n"
    "\n"
    "=d\n"
    "\n"
    "Passes every packet from its input to its output unchanged, counting\n"
    "the packets and the bytes that go through and estimating their recent\n"
    "arrival rates (an exponentially weighted moving average).\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item COUNT_CALL\n"
    "\n"
    "Text, `I<N> I<HANDLER> [I<VALUE>]'. When the packet count reaches\n"
    "I<N>, Counter writes I<VALUE> (or nothing) to the write handler\n"
    "I<HANDLER>, once. Default is no call.\n"
    "\n"
    "=item BYTE_COUNT_CALL\n"
    "\n"
    "Text, `I<N> I<HANDLER> [I<VALUE>]'. Like COUNT_CALL, but fires the\n"
    "first time the byte count reaches or passes I<N>. Default is no call.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware, Counter is one register stage (latency 1 cycle, one beat\n"
    "per cycle at every width) that watches the beats going in: 64-bit\n"
    "packet and byte counters, read low word first (the read latches the\n"
    "high word, so a value never tears). Bytes are counted from the\n"
    "packet's head, as Click counts its length, even where an upstream\n"
    "Strip left the stripped bytes in the stream. The rates (rate,\n"
    "bit_rate, byte_rate) are computed by the runtime from two readings of\n"
    "the counters; reset clears both counters through a register.\n"
    "Resources: about 140 flip-flops for the counters plus the register\n"
    "stage's 2 x (W + W/8 + U + 2).\n"
    "\n"
    "COUNT_CALL and BYTE_COUNT_CALL call handlers, which run in the\n"
    "runtime; the hardware does not support them yet and fpgagen reports\n"
    "an error when they are given.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> c :: Counter -> Discard;\n"
    "\n"
    "After some traffic, C<READ c.count> gives the number of frames\n"
    "received on eth0 and C<READ c.rate> their recent rate.\n"
    "\n"
    "=h count read-only\n"
    "\n"
    "Packets counted since the last reset.\n"
    "\n"
    "=h byte_count read-only\n"
    "\n"
    "Bytes counted since the last reset.\n"
    "\n"
    "=h rate read-only\n"
    "\n"
    "The recent arrival rate in packets per second, as an exponentially\n"
    "weighted moving average.\n"
    "\n"
    "=h bit_rate read-only\n"
    "\n"
    "The recent arrival rate in bits per second.\n"
    "\n"
    "=h byte_rate read-only\n"
    "\n"
    "The recent arrival rate in bytes per second.\n"
    "\n"
    "=h reset write-only\n"
    "\n"
    "Writing anything sets the counts and rates to zero.\n"
    "\n"
    "=h reset_counts write-only\n"
    "\n"
    "Same as C<reset>.\n"
    "\n"
    "=h count_call read/write\n"
    "\n"
    "Reads the packet count at which the COUNT_CALL handler fires (empty\n"
    "when there is none). Writing `I<N> [I<HANDLER> [I<VALUE>]]' replaces\n"
    "the COUNT_CALL argument and rearms it.\n"
    "\n"
    "=h byte_count_call write-only\n"
    "\n"
    "Writing `I<N> [I<HANDLER> [I<VALUE>]]' replaces the BYTE_COUNT_CALL\n"
    "argument and rearms it.\n"
    "\n"
    "=a\n"
    "\n"
    "Queue, Discard\n";

static const HandlerSpec handlers[] = {
    {"count", H_READ, "packets counted since the last reset"},
    {"byte_count", H_READ, "bytes counted since the last reset"},
    {"rate", H_READ, "recent packet rate, packets per second"},
    {"bit_rate", H_READ, "recent rate in bits per second"},
    {"byte_rate", H_READ, "recent rate in bytes per second"},
    {"reset", H_WRITE, "sets counts and rates to zero"},
    {"reset_counts", H_WRITE, "same as reset"},
    {"count_call", H_RW, "the COUNT_CALL argument"},
    {"byte_count_call", H_WRITE, "replaces the BYTE_COUNT_CALL argument"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"count", 0x00, 64, REG_R, "packets counted"},
    {"byte_count", 0x08, 64, REG_R, "bytes counted"},
    {"reset", 0x10, 32, REG_W, "any write clears both counts"},
    {NULL, 0, 0, 0, NULL},
};

/* ---- Runtime ------------------------------------------------------------
 *
 * rate, bit_rate and byte_rate come from successive readings of the
 * 64-bit count and byte_count registers, averaged as Click's Counter does
 * (a moving average per jiffy, alpha 1/16, 10 bits of fraction for
 * packets and 4 for bytes, printed as Click prints them); reset and
 * reset_counts strobe the reset register and clear the averages.
 */

enum {
    EWMA_STABILITY = 4,     /* alpha = 1/16 */
    RATE_SCALE = 10,        /* bits of fraction: packets per jiffy */
    BYTE_RATE_SCALE = 4,    /* bytes per jiffy */
    JIFFIES_PER_SEC = 1000, /* CLICK_HZ: one epoch per millisecond */
    EWMA_SETTLED = 100,     /* epochs after which the old average is gone */
};

typedef struct CounterRates {
    bool primed;            /* a first reading was taken */
    uint64_t count, bytes;  /* at the last reading */
    uint64_t epoch;         /* its time, in jiffies */
    int64_t rate, byte_rate;/* scaled averages per jiffy */
} CounterRates;

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

/* Takes a reading and moves the averages over the jiffies since the last
 * one, spreading what was counted evenly across them. */
static int counter_sample(HandlerCtx *c)
{
    CounterRates *st = hctx_state(c);
    uint64_t count, bytes;
    if (hctx_reg_read_named(c, "count", &count) < 0 ||
        hctx_reg_read_named(c, "byte_count", &bytes) < 0)
        return -1;
    uint64_t now = hctx_now_ms(c);
    if (!st->primed) {
        *st = (CounterRates){true, count, bytes, now, 0, 0};
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
    const CounterRates *st = hctx_state(c);
    hctx_print_real2(c, st->rate * JIFFIES_PER_SEC, RATE_SCALE);
    return 0;
}

static int counter_byte_rate(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    if (counter_sample(c) < 0)
        return -1;
    const CounterRates *st = hctx_state(c);
    hctx_print_real2(c, st->byte_rate * JIFFIES_PER_SEC, BYTE_RATE_SCALE);
    return 0;
}

static int counter_bit_rate(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    if (counter_sample(c) < 0)
        return -1;
    const CounterRates *st = hctx_state(c);
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
    CounterRates *st = hctx_state(c);
    *st = (CounterRates){true, 0, 0, hctx_now_ms(c), 0, 0};
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

/* Click's Counter LLRPCs: GET_RATE (in 0, out packets per second) and
 * GET_COUNT (in 0 or 1, out count or byte_count, 32 bits). */
static int counter_llrpc(HandlerCtx *c, uint32_t command, void *data)
{
    uint32_t v;
    memcpy(&v, data, sizeof v);
    if (command == LLRPC_GET_RATE && v == 0) {
        if (counter_sample(c) < 0)
            return -1;
        const CounterRates *st = hctx_state(c);
        v = (uint32_t)((st->rate * JIFFIES_PER_SEC) >> RATE_SCALE);
    } else if (command == LLRPC_GET_COUNT && v <= 1) {
        uint64_t n;
        if (hctx_reg_read_named(c, v ? "byte_count" : "count", &n) < 0)
            return -1;
        v = (uint32_t)n;
    } else
        return -EINVAL;
    memcpy(data, &v, sizeof v);
    return 0;
}

static const HandlerClass runtime = {counter_routines, sizeof(CounterRates), counter_init,
                                     counter_llrpc};

/* No COUNT_CALL can be configured (configure refuses it): read as Click
 * reads an unset one. */
static const char *handler_text(Arena *a, const void *conf, const char *handler)
{
    (void)a, (void)conf;
    return strcmp(handler, "count_call") == 0 ? "" : NULL;
}

typedef struct CounterConf {
    const char *count_call, *byte_count_call;
} CounterConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"COUNT_CALL", ARG_STRING, ARGF_K, offsetof(CounterConf, count_call), 0, 0, 0},
        {"BYTE_COUNT_CALL", ARG_STRING, ARGF_K, offsetof(CounterConf, byte_count_call), 0, 0, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    CounterConf *cf = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    /* The calls write handlers, which live in the runtime: not yet. */
    for (int i = 0; i < c->nargs; i++)
        if (c->args[i].keyword)
            conf_error(c, &c->args[i], "%s is not supported in hardware yet",
                       c->args[i].keyword);
    return !cf->count_call && !cf->byte_count_call;
}

static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    int W = x->width;
    vl_element_header(x, "Counter: counts packets and bytes");
    sb_printf(v, "    // A register stage carries the stream; the counters watch its input.\n"
                 "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
                 "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
                 "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
                 "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
                 "    );\n\n",
              W, x->user_width);
    int nb = vl_keep_count(x, "beat_bytes", "s_axis_tkeep");
    int head = x->head_in[0];
    sb_printf(v, "    wire beat = s_axis_tvalid && s_axis_tready;\n"
                 "%s"
                 "    reg [63:0] count_reg;\n"
                 "    reg [63:0] bytes_reg;\n\n",
              head ? "    reg first_reg;      // the next beat starts a packet\n" : "");
    vl_csr_block(x, regs, (const char *const[]){"count_reg", "bytes_reg", NULL});
    /* Click counts the packet's length: bytes before the head offset
     * are not part of it. */
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (beat) begin\n"
                 "%s"
                 "            count_reg <= count_reg + {63'd0, s_axis_tlast};\n",
              head ? "            first_reg <= s_axis_tlast;\n" : "");
    if (head)
        sb_printf(v, "            bytes_reg <= bytes_reg + {%d'd0, beat_bytes} - (first_reg ? 64'd%d : 64'd0);\n",
                  64 - nb, head);
    else
        sb_printf(v, "            bytes_reg <= bytes_reg + {%d'd0, beat_bytes};\n", 64 - nb);
    sb_puts(v, "        end\n"
               "        if (csr_wr_reset) begin\n"
               "            count_reg <= 64'd0;\n"
               "            bytes_reg <= 64'd0;\n"
               "        end\n"
               "        if (rst) begin\n");
    if (head)
        sb_puts(v, "            first_reg <= 1'b1;\n");
    sb_puts(v, "            count_reg <= 64'd0;\n"
               "            bytes_reg <= 64'd0;\n"
               "        end\n"
               "    end\n\n");
    vl_footer(v);
}

typedef struct CounterState {
    uint64_t count, bytes;
} CounterState;

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    CounterState *s = state;
    s->count++;
    s->bytes += p->len;
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(CounterConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .state_size = sizeof(CounterState),
    .model_push = model_push,
    .runtime = &runtime,
    .handler_text = handler_text,
};

const ElementClass fg_class_counter = {
    .name = "Counter",
    .group = "standard",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 64,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
