/*
 * switch.c -- the Switch element class: sends all packets to one output,
 * chosen at run time.
 */
#include "datapath.h"

#include <errno.h>
#include <inttypes.h>

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Switch([OUTPUT])\n"
    "\n"
    "=s classification\n"
    "\n"
    "sends all packets to one output, chosen at run time\n"
    "\n"
    "=d\n"
    "\n"
    "Sends every packet out output OUTPUT. A negative OUTPUT drops every\n"
    "packet. The C<switch> handler changes OUTPUT while the router runs;\n"
    "writing a number with no output drops packets, as a negative number\n"
    "does. Switch may have any number of outputs.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item OUTPUT\n"
    "\n"
    "Integer. The output to use, or negative to drop; it must be less than\n"
    "the number of outputs. Default is 0.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware Switch reads its switch register at the first beat of each\n"
    "packet and sends the whole packet to that output: a write takes effect\n"
    "from the next packet that starts, never in the middle of one. Latency 1\n"
    "cycle (the output register); one beat per cycle at every width, with\n"
    "back-to-back packets and no idle cycle between them. A blocked output\n"
    "holds the input (packets for the other outputs wait behind it; nothing\n"
    "is lost); only the packets Click kills are dropped, and they are counted\n"
    "in drops, a handler fpgagen adds (Click's Switch does not count them).\n"
    "The outputs share one data register, since a beat goes to one output\n"
    "only, with a valid flip-flop each, and a skid entry keeps the input's\n"
    "tready a flip-flop: about 2 x (W + W/8 + U + N + 1) flip-flops for the\n"
    "stream, plus 32 for switch and 64 for drops; at W = 64 on the sim board\n"
    "(U = 32) with 3 outputs, 341 LUT4, 383 flip-flops and 91 carry cells on\n"
    "iCE40. switch and drops are registers (switch in two's complement);\n"
    "writing a number with no output stores -1, as in Click.\n"
    "\n"
    "=e\n"
    "\n"
    "  sw :: Switch(0);\n"
    "  sw[0] -> Queue -> ToDevice(eth0);\n"
    "  sw[1] -> Queue -> ToDevice(eth1);\n"
    "\n"
    "C<WRITE sw.switch 1> moves the traffic to eth1.\n"
    "\n"
    "=h switch read/write\n"
    "\n"
    "Returns or changes the output in use (the OUTPUT argument).\n"
    "\n"
    "=h config read-only\n"
    "\n"
    "The output in use, as C<switch> reads.\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets dropped because the output in use was negative (fpgagen's\n"
    "handler; Click does not count them).\n"
    "\n"
    "=a\n"
    "\n"
    "StaticSwitch, PaintSwitch, RoundRobinSwitch, HashSwitch\n";


static const HandlerSpec handlers[] = {
    {"switch", H_RW, "the output in use"},
    {"config", H_READ, "the output in use, as Click's Switch shows its configuration"},
    {"drops", H_READ, "packets dropped because the output was negative"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"switch", 0x00, 32, REG_RW, "the output in use, two's complement; negative drops", RF_INT},
    {"drops", 0x08, 64, REG_R, "packets dropped"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct SwitchConf {
    int64_t output;
    bool output_given;
    int noutputs;
} SwitchConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"OUTPUT", ARG_INT, ARGF_P, offsetof(SwitchConf, output), INT32_MIN, INT32_MAX,
         offsetof(SwitchConf, output_given)},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    SwitchConf *s = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    s->noutputs = c->e->noutputs;
    /* Click refuses an output the element does not have (a write of the
     * handler turns one into -1 instead). */
    if (s->output >= s->noutputs) {
        const ConfArg *a = s->output_given ? &c->args[0] : NULL;
        if (s->noutputs)
            conf_error(c, a, "OUTPUT: output must be < %d", s->noutputs);
        else
            conf_error(c, a, "OUTPUT: output must be negative: '%s' has no outputs", c->e->name);
        return false;
    }
    return true;
}

/* ---- The output stage shared by the switch classes ---------------------
 *
 * A switch sends each beat to one output, so its outputs share one data
 * register; each has its own valid flip-flop.  The element body declares
 * the beat it offers (d_tdata, d_tkeep, d_tlast, d_tuser, d_tvalid) and
 * d_port, the one-hot output it goes to (never zero while d_tvalid); the
 * stage declares d_tready and drives m_axis_*.  With skid, a second entry
 * makes d_tready a flip-flop (no path from m_axis_tready to the input);
 * without, d_tready is "the output register is free this cycle", for a
 * body whose own input ready does not depend on it.  Every m_axis_*
 * signal is a flip-flop either way.  RoundRobinSwitch, StaticSwitch and
 * HashSwitch call it too. */
void switch_output_stage(ElabCtx *x, bool skid)
{
    StrBuf *v = x->v;
    int N = x->noutputs, W = x->width, K = W / 8, U = x->user_width;
    sb_printf(v, "    // Output stage: one data register for every output, a valid flip-flop each.\n"
                 "    reg [%d:0] o_tdata_reg;\n    reg [%d:0] o_tkeep_reg;\n    reg o_tlast_reg;\n"
                 "    reg [%d:0] o_tuser_reg;\n    reg [%d:0] o_tvalid_reg;\n"
                 "    wire o_take = |(m_axis_tready & o_tvalid_reg);   // the beat held leaves\n"
                 "    wire o_free = o_take || o_tvalid_reg == %d'd0;\n",
              W - 1, K - 1, U - 1, N - 1, N);
    if (skid) {
        sb_printf(v, "    // Skid entry: takes the beat offered while the output register is held.\n"
                     "    reg [%d:0] t_tdata_reg;\n    reg [%d:0] t_tkeep_reg;\n    reg t_tlast_reg;\n"
                     "    reg [%d:0] t_tuser_reg;\n    reg [%d:0] t_tvalid_reg;\n"
                     "    reg d_tready_reg;\n"
                     "    wire d_tready = d_tready_reg;\n"
                     "    wire t_empty = t_tvalid_reg == %d'd0;\n"
                     "    wire d_tready_early = o_take || (t_empty && (o_tvalid_reg == %d'd0 || !d_tvalid));\n"
                     "    wire [%d:0] d_valid_port = d_port & {%d{d_tvalid}};\n\n",
                  W - 1, K - 1, U - 1, N - 1, N, N, N - 1, N);
        sb_printf(v, "    always @(posedge clk) begin\n"
                     "        d_tready_reg <= d_tready_early;\n"
                     "        if (d_tready_reg) begin\n"
                     "            if (o_free) begin\n"
                     "                o_tvalid_reg <= d_valid_port;\n"
                     "                o_tdata_reg <= d_tdata;\n"
                     "                o_tkeep_reg <= d_tkeep;\n"
                     "                o_tlast_reg <= d_tlast;\n"
                     "                o_tuser_reg <= d_tuser;\n"
                     "            end else begin\n"
                     "                t_tvalid_reg <= d_valid_port;\n"
                     "                t_tdata_reg <= d_tdata;\n"
                     "                t_tkeep_reg <= d_tkeep;\n"
                     "                t_tlast_reg <= d_tlast;\n"
                     "                t_tuser_reg <= d_tuser;\n"
                     "            end\n"
                     "        end else if (o_take) begin\n"
                     "            o_tvalid_reg <= t_tvalid_reg;\n"
                     "            o_tdata_reg <= t_tdata_reg;\n"
                     "            o_tkeep_reg <= t_tkeep_reg;\n"
                     "            o_tlast_reg <= t_tlast_reg;\n"
                     "            o_tuser_reg <= t_tuser_reg;\n"
                     "            t_tvalid_reg <= %d'd0;\n"
                     "        end\n"
                     "        if (rst) begin\n"
                     "            d_tready_reg <= 1'b0;\n"
                     "            o_tvalid_reg <= %d'd0;\n"
                     "            t_tvalid_reg <= %d'd0;\n"
                     "        end\n"
                     "    end\n\n",
                  N, N, N);
    } else {
        sb_printf(v, "    wire d_tready = o_free;\n\n"
                     "    always @(posedge clk) begin\n"
                     "        if (o_free) begin\n"
                     "            o_tvalid_reg <= d_port & {%d{d_tvalid}};\n"
                     "            o_tdata_reg <= d_tdata;\n"
                     "            o_tkeep_reg <= d_tkeep;\n"
                     "            o_tlast_reg <= d_tlast;\n"
                     "            o_tuser_reg <= d_tuser;\n"
                     "        end\n"
                     "        if (rst) o_tvalid_reg <= %d'd0;\n"
                     "    end\n\n",
                  N, N);
    }
    sb_printf(v, "    assign m_axis_tdata = {%d{o_tdata_reg}};\n"
                 "    assign m_axis_tkeep = {%d{o_tkeep_reg}};\n"
                 "    assign m_axis_tlast = {%d{o_tlast_reg}};\n"
                 "    assign m_axis_tuser = {%d{o_tuser_reg}};\n"
                 "    assign m_axis_tvalid = o_tvalid_reg;\n\n",
              N, N, N, N);
}

/* The one-hot output of a port number held in bits [s-1:0] of sig. */
static void onehot_of(StrBuf *v, const char *name, const char *sig, int s, int n,
                      const char *guard)
{
    sb_printf(v, "    wire [%d:0] %s = {", n - 1, name);
    for (int j = n - 1; j >= 0; j--)
        sb_printf(v, "%s%s%s[%d:0] == %d'd%d", j == n - 1 ? "" : ", ", guard, sig, s - 1, s, j);
    sb_puts(v, "};\n");
}

static void elaborate(ElabCtx *x)
{
    const SwitchConf *s = x->conf;
    StrBuf *v = x->v;
    int N = x->noutputs;
    int S = N > 1 ? vl_clog2((uint64_t)N) : 1;
    vl_element_header(x, "Switch: sends each packet to the output in its switch register");
    if (N)
        sb_printf(v, "    // switch holds a negative number or an output below %d (a write of a\n"
                     "    // larger one stores -1), so its sign and low bits decide; it is read at\n"
                     "    // the first beat of each packet, which fixes the packet's output.\n",
                  N);
    else
        sb_puts(v, "    // No output: switch holds a negative number (a write of any other\n"
                   "    // stores -1).\n");
    sb_puts(v, "    reg [31:0] switch_reg;\n"
               "    reg [63:0] drops_reg;\n"
               "    reg in_frame_reg;     // a beat of this packet has been taken\n"
               "    wire beat = s_axis_tvalid && s_axis_tready;\n");
    if (N == 0) {
        sb_puts(v, "    // No output: every packet is dropped.\n"
                   "    assign s_axis_tready = 1'b1;\n"
                   "    wire drop_now = 1'b1;\n"
                   "    wire unused_beat = &{1'b0, s_axis_tdata, s_axis_tkeep, s_axis_tuser, in_frame_reg};\n\n");
    } else {
        onehot_of(v, "first_port", "switch_reg", S, N, "!switch_reg[31] && ");
        sb_printf(v, "    reg [%d:0] port_reg;  // this packet's output, one-hot; zero: dropped\n"
                     "    wire [%d:0] d_port = in_frame_reg ? port_reg : first_port;\n"
                     "    wire drop_now = d_port == %d'd0;\n"
                     "    wire d_tvalid = s_axis_tvalid && !drop_now;\n"
                     "    wire [%d:0] d_tdata = s_axis_tdata;\n"
                     "    wire [%d:0] d_tkeep = s_axis_tkeep;\n"
                     "    wire d_tlast = s_axis_tlast;\n"
                     "    wire [%d:0] d_tuser = s_axis_tuser;\n",
                  N - 1, N - 1, N, x->width - 1, x->width / 8 - 1, x->user_width - 1);
        if (S < 31)
            sb_printf(v, "    wire unused_switch = &{1'b0, switch_reg[30:%d]};\n", S);
        switch_output_stage(x, true);
        sb_puts(v, "    assign s_axis_tready = drop_now || d_tready;\n\n");
    }
    vl_csr_block(x, regs, (const char *const[]){"switch_reg", "drops_reg", NULL});
    sb_puts(v, "    always @(posedge clk) begin\n"
               "        if (beat) begin\n"
               "            in_frame_reg <= !s_axis_tlast;\n");
    if (N)
        sb_puts(v, "            if (!in_frame_reg) port_reg <= first_port;\n");
    sb_puts(v, "            if (s_axis_tlast && drop_now) drops_reg <= drops_reg + 64'd1;\n"
               "        end\n"
               "        if (csr_wr_switch)\n");
    if (N)
        sb_printf(v, "            switch_reg <= !csr_wdata[31] && csr_wdata >= 32'd%d ? 32'hffffffff : csr_wdata;\n",
                  N);
    else
        sb_puts(v, "            switch_reg <= csr_wdata[31] ? csr_wdata : 32'hffffffff;\n");
    sb_printf(v, "        if (rst) begin\n"
                 "            switch_reg <= 32'h%08x;\n"
                 "            drops_reg <= 64'd0;\n"
                 "            in_frame_reg <= 1'b0;\n"
                 "        end\n"
                 "    end\n\n",
              (unsigned)(uint32_t)(int32_t)s->output);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const SwitchConf *s = conf;
    if (s->output < 0)
        model_drop(m, p);
    else
        model_emit(m, (int)s->output, p);
}

/* ---- Runtime: switch and config as Click's Switch serves them ------------
 *
 * switch reads through its register (format int); config reads the same.
 * A write takes exactly one integer (Click's IntArg on the bytes written,
 * so a WRITEUNTIL's line end is refused) and says so in Click's words;
 * the hardware turns an output the Switch does not have into -1. */

static int read_config(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    uint64_t v;
    if (hctx_reg_read_named(c, "switch", &v) < 0)
        return -1;
    hctx_printf(c, "%" PRId32, (int32_t)(uint32_t)v);
    return 0;
}

static int write_switch(HandlerCtx *c, const char *data, size_t len)
{
    int64_t v;
    uint32_t off;
    if (!hctx_int_arg(data, len, true, INT32_MAX, &v))
        return hctx_error(c, "Switch output must be integer");
    if (!hctx_reg_find(c, "switch", &off, NULL))
        return hctx_error(c, "element '%s' has no 'switch' register", hctx_element(c));
    return hctx_reg_write(c, off, (uint32_t)v);
}

static const HandlerRoutine routines[] = {
    {"switch", NULL, write_switch, 0},
    {"config", read_config, NULL, 0},
    {NULL, NULL, NULL, 0},
};

/* Click's Switch LLRPCs: GET_SWITCH and SET_SWITCH, a 32-bit output; an
 * output the Switch does not have is EINVAL. */
static int switch_llrpc(HandlerCtx *c, uint32_t command, void *data)
{
    int32_t v;
    uint32_t off;
    if (!hctx_reg_find(c, "switch", &off, NULL))
        return hctx_error(c, "element '%s' has no 'switch' register", hctx_element(c));
    if (command == LLRPC_GET_SWITCH) {
        uint32_t r;
        if (hctx_reg_read(c, off, &r) < 0)
            return -1;
        v = (int32_t)r;
        memcpy(data, &v, sizeof v);
        return 0;
    }
    if (command != LLRPC_SET_SWITCH)
        return -EINVAL;
    memcpy(&v, data, sizeof v);
    if (v >= hctx_noutputs(c))
        return -EINVAL;
    return hctx_reg_write(c, off, (uint32_t)v);
}

static const HandlerClass runtime = {routines, 0, NULL, switch_llrpc};

static const ElementImpl impl = {
    .conf_size = sizeof(SwitchConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
    .runtime = &runtime,
};

const ElementClass fg_class_switch = {
    .name = "Switch",
    .group = "standard",
    .port_count = "1/-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
