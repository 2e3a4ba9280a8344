/*
 * roundrobinswitch.c -- the RoundRobinSwitch element class: sends packets to
 * its outputs in turn.
 */
#include "datapath.h"

static const char doc[] =
    "=c\n"
    "\n"
    "RoundRobinSwitch\n"
    "\n"
    "=s classification\n"
    "\n"
    "sends packets to its outputs in turn\n"
    "\n"
    "=d\n"
    "\n"
    "Sends each packet to the output after the one used for the previous\n"
    "packet, wrapping around after the last, so that traffic is spread\n"
    "evenly over the outputs.\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware the k-th packet (from 0, since reset) leaves on output k\n"
    "modulo the number of outputs, as in Click: a one-hot turn register\n"
    "moves on at the last beat of each packet. Latency 1 cycle (the output\n"
    "register); one beat per cycle at every width, back-to-back packets with\n"
    "no idle cycle. A blocked output holds the input until it takes its\n"
    "packet (the turn is never skipped, so packets for the other outputs\n"
    "wait; nothing is lost). The outputs share one data register with a\n"
    "valid flip-flop each, and a skid entry keeps the input's tready a\n"
    "flip-flop: about 2 x (W + W/8 + U + N + 1) + N flip-flops; with 3\n"
    "outputs at W = 64 on the sim board (U = 32), 121 LUT4 and 220\n"
    "flip-flops on iCE40. No registers, no handlers.\n"
    "\n"
    "=e\n"
    "\n"
    "  rr :: RoundRobinSwitch;\n"
    "  rr[0] -> Queue -> ToDevice(eth1);\n"
    "  rr[1] -> Queue -> ToDevice(eth2);\n"
    "\n"
    "=a\n"
    "\n"
    "Switch, HashSwitch\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

typedef struct RoundRobinSwitchConf {
    int noutputs;
} RoundRobinSwitchConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    if (!conf_parse(c, spec, conf))
        return false;
    ((RoundRobinSwitchConf *)conf)->noutputs = c->e->noutputs;
    return true;
}

static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    int N = x->noutputs, W = x->width, K = W / 8, U = x->user_width;
    vl_element_header(x, "RoundRobinSwitch: sends packets to its outputs in turn");
    if (N == 1) {
        sb_puts(v, "    // One output: every packet takes it.\n"
                   "    wire [0:0] d_port = 1'b1;\n");
    } else {
        sb_printf(v, "    // Whose turn it is, one-hot; it moves on after each packet's last beat.\n"
                     "    reg [%d:0] turn_reg;\n"
                     "    wire [%d:0] d_port = turn_reg;\n",
                  N - 1, N - 1);
    }
    sb_printf(v, "    wire d_tvalid = s_axis_tvalid;\n"
                 "    wire [%d:0] d_tdata = s_axis_tdata;\n"
                 "    wire [%d:0] d_tkeep = s_axis_tkeep;\n"
                 "    wire d_tlast = s_axis_tlast;\n"
                 "    wire [%d:0] d_tuser = s_axis_tuser;\n",
              W - 1, K - 1, U - 1);
    switch_output_stage(x, true);
    sb_puts(v, "    assign s_axis_tready = d_tready;\n\n");
    if (N > 1)
        sb_printf(v, "    always @(posedge clk) begin\n"
                     "        if (s_axis_tvalid && d_tready && s_axis_tlast)\n"
                     "            turn_reg <= {turn_reg[%d:0], turn_reg[%d]};\n"
                     "        if (rst) turn_reg <= %d'd1;\n"
                     "    end\n\n",
                  N - 2, N - 1, N);
    vl_footer(v);
}

typedef struct RoundRobinSwitchState {
    int next;           /* the output of the next packet */
} RoundRobinSwitchState;

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const RoundRobinSwitchConf *r = conf;
    RoundRobinSwitchState *s = state;
    int out = s->next;
    s->next = out + 1 < r->noutputs ? out + 1 : 0;
    model_emit(m, out, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(RoundRobinSwitchConf),
    .configure = configure,
    .elaborate = elaborate,
    .state_size = sizeof(RoundRobinSwitchState),
    .model_push = model_push,
};

const ElementClass fg_class_roundrobinswitch = {
    .name = "RoundRobinSwitch",
    .group = "standard",
    .port_count = "1/1-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
