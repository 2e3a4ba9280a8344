/*
 * staticswitch.c -- the StaticSwitch element class: sends all packets to one
 * fixed output.
 */
#include "datapath.h"

#include <stddef.h>

static const char doc[] =
    "=c\n"
    "\n"
    "StaticSwitch(OUTPUT)\n"
    "\n"
    "=s classification\n"
    "\n"
    "sends all packets to one fixed output\n"
    "\n"
    "=d\n"
    "\n"
    "Sends every packet out output OUTPUT, or drops every packet when\n"
    "OUTPUT is negative. Unlike Switch, it has no handler to change OUTPUT\n"
    "at run time. StaticSwitch may have any number of outputs.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item OUTPUT\n"
    "\n"
    "Integer. The output to use, or negative to drop. Required.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware StaticSwitch is wiring fixed at elaboration. With an\n"
    "output, it is one register stage on the way to it: latency 1 cycle, one\n"
    "beat per cycle at every width, back-to-back packets with no idle cycle;\n"
    "a blocked output holds the input, and nothing is lost. The outputs\n"
    "share the stage's data register (the others never raise tvalid): about\n"
    "2 x (W + W/8 + U + 2) flip-flops; 114 LUT4 and 215 flip-flops on iCE40\n"
    "at W = 64 on the sim board (U = 32). With a negative OUTPUT, or one the\n"
    "element does not have (Click's rule), every packet is taken at one beat\n"
    "per cycle and dropped, and counted in drops, a handler fpgagen adds\n"
    "(Click's StaticSwitch does not count them); it reads 0 otherwise.\n"
    "\n"
    "=e\n"
    "\n"
    "  StaticSwitch(1)\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets dropped because OUTPUT is negative or names no output\n"
    "(fpgagen's handler; Click does not count them).\n"
    "\n"
    "=a\n"
    "\n"
    "Switch\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "packets dropped because OUTPUT names no output"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"drops", 0x00, 64, REG_R, "packets dropped"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct StaticSwitchConf {
    int64_t output;     /* -1 when the element has no such output */
    int noutputs;
} StaticSwitchConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"OUTPUT", ARG_INT, ARGF_MP, offsetof(StaticSwitchConf, output), INT32_MIN, INT32_MAX, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    StaticSwitchConf *s = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    s->noutputs = c->e->noutputs;
    if (s->output >= s->noutputs)   /* Click: an output it lacks drops */
        s->output = -1;
    return true;
}

static void elaborate(ElabCtx *x)
{
    const StaticSwitchConf *s = x->conf;
    StrBuf *v = x->v;
    int N = x->noutputs, W = x->width, K = W / 8, U = x->user_width;
    vl_element_header(x, "StaticSwitch: sends every packet to one fixed output");
    if (s->output < 0) {
        sb_puts(v, "    // No output: every packet is taken and dropped.\n"
                   "    assign s_axis_tready = 1'b1;\n"
                   "    reg [63:0] drops_reg;\n"
                   "    wire unused_beat = &{1'b0, s_axis_tdata, s_axis_tkeep, s_axis_tuser};\n");
        if (N)
            sb_printf(v, "    assign m_axis_tdata = %d'd0;\n"
                         "    assign m_axis_tkeep = %d'd0;\n"
                         "    assign m_axis_tlast = %d'd0;\n"
                         "    assign m_axis_tuser = %d'd0;\n"
                         "    assign m_axis_tvalid = %d'd0;\n"
                         "    wire unused_ready = &{1'b0, m_axis_tready};\n",
                      N * W, N * K, N, N * U, N);
        sb_puts(v, "\n");
        vl_csr_block(x, regs, (const char *const[]){"drops_reg", NULL});
        sb_puts(v, "    always @(posedge clk) begin\n"
                   "        if (s_axis_tvalid && s_axis_tlast) drops_reg <= drops_reg + 64'd1;\n"
                   "        if (rst) drops_reg <= 64'd0;\n"
                   "    end\n\n");
    } else {
        sb_printf(v, "    // Every packet goes to output %d.\n"
                     "    wire [%d:0] d_port = %d'd1 << %d;\n"
                     "    wire d_tvalid = s_axis_tvalid;\n"
                     "    wire [%d:0] d_tdata = s_axis_tdata;\n"
                     "    wire [%d:0] d_tkeep = s_axis_tkeep;\n"
                     "    wire d_tlast = s_axis_tlast;\n"
                     "    wire [%d:0] d_tuser = s_axis_tuser;\n",
                  (int)s->output, N - 1, N, (int)s->output, W - 1, K - 1, U - 1);
        switch_output_stage(x, true);
        sb_puts(v, "    assign s_axis_tready = d_tready;\n"
                   "    wire [63:0] drops = 64'd0;\n\n");
        vl_csr_block(x, regs, (const char *const[]){"drops", NULL});
    }
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const StaticSwitchConf *s = conf;
    if (s->output < 0)
        model_drop(m, p);
    else
        model_emit(m, (int)s->output, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(StaticSwitchConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_staticswitch = {
    .name = "StaticSwitch",
    .group = "standard",
    .port_count = "1/-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 8,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
