/*
 * counter.c -- the Counter element class: counts packets and bytes and
 * measures their rates.
 */
#include "datapath.h"

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
