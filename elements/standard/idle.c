/*
 * idle.c -- the Idle element class: a port that never carries a packet.
 */
#include "datapath.h"

static const char doc[] =
    "=c\n"
    "\n"
    "Idle\n"
    "\n"
    "=s basicsources\n"
    "\n"
    "a port that never carries a packet\n"
    "\n"
    "=d\n"
    "\n"
    "Idle has any number of inputs and outputs. It never emits a packet on\n"
    "an output, and never pulls one from an input; a packet pushed into it\n"
    "is destroyed. It is used to fill ports that a configuration does not\n"
    "need, so that Click's checks do not complain that they are\n"
    "unconnected.\n"
    "\n"
    "Idle tells pullers downstream that it will never have a packet, so\n"
    "that, for example, in `Idle -> Queue -> Discard' the Discard does not\n"
    "keep trying.\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware Idle is a few gates. Its outputs never offer a beat. A\n"
    "push input is always ready and destroys what it takes, one beat per\n"
    "cycle at every width; a pull input is never ready, so the Queue before\n"
    "it keeps its packets, as Click's Idle never pulls. Packets destroyed\n"
    "are counted in drops, a 64-bit read-only register that fpgagen adds\n"
    "(Click's Idle has no handlers): every drop in the datapath is counted\n"
    "somewhere. Resources: the counter (about 64 flip-flops and a carry\n"
    "chain, removed by synthesis when no input is push) and the register\n"
    "block; nothing in the runtime.\n"
    "\n"
    "=e\n"
    "\n"
    "  c :: Classifier(12/0800, -);\n"
    "  c[1] -> Idle;\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets pushed into Idle and destroyed (fpgagen's addition).\n"
    "\n"
    "=a\n"
    "\n"
    "Discard, Null\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "packets pushed in and destroyed"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"drops", 0x00, 64, REG_R, "packets pushed in and destroyed"},
    {NULL, 0, 0, 0, NULL},
};

static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    const Element *e = x->e;
    int W = x->width, K = W / 8, U = x->user_width;
    vl_element_header(x, "Idle: never emits; destroys what is pushed in");
    for (int j = 0; j < x->noutputs; j++)
        sb_printf(v, "    assign m_axis_tdata[%d +: %d] = %d'd0;\n"
                     "    assign m_axis_tkeep[%d +: %d] = %d'd0;\n"
                     "    assign m_axis_tlast[%d] = 1'b0;\n"
                     "    assign m_axis_tuser[%d +: %d] = %d'd0;\n"
                     "    assign m_axis_tvalid[%d] = 1'b0;\n",
                  j * W, W, W, j * K, K, K, j, j * U, U, U, j);
    /* A push input takes every beat; a pull input is never pulled. */
    int eb = vl_clog2((uint64_t)x->ninputs + 1);
    if (eb < 1)
        eb = 1;
    StrBuf ends = {0};
    for (int i = 0; i < x->ninputs; i++) {
        bool pull = e->in_proc && e->in_proc[i] == PROC_PULL;
        sb_printf(v, "    assign s_axis_tready[%d] = 1'b%d;\n", i, pull ? 0 : 1);
        if (!pull && eb > 1)
            sb_printf(&ends, " + {%d'd0, s_axis_tvalid[%d] && s_axis_tlast[%d]}", eb - 1, i, i);
        else if (!pull)
            sb_printf(&ends, " + (s_axis_tvalid[%d] && s_axis_tlast[%d])", i, i);
    }
    sb_printf(v, "    reg [63:0] drops_reg;\n"
                 "    // Packets ending in this cycle (at most one per input).\n"
                 "    wire [%d:0] ends = %d'd0%s;\n",
              eb - 1, eb, sb_str(&ends));
    sb_free(&ends);
    sb_puts(v, "    wire unused_in = &{1'b0");
    if (x->ninputs)
        sb_puts(v, ", s_axis_tdata, s_axis_tkeep, s_axis_tlast, s_axis_tuser, s_axis_tvalid");
    if (x->noutputs)
        sb_puts(v, ", m_axis_tready");
    sb_puts(v, "};\n\n");
    vl_csr_block(x, regs, (const char *const[]){"drops_reg", NULL});
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        drops_reg <= drops_reg + {%d'd0, ends};\n"
                 "        if (rst) drops_reg <= 64'd0;\n"
                 "    end\n\n",
              64 - eb);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    model_drop(m, p);
}

static const ElementImpl impl = {
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_idle = {
    .name = "Idle",
    .group = "standard",
    .port_count = "-/-",
    .processing = "a/a",
    .flow_code = "x/y",
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 8,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
