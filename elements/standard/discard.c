/*
 * discard.c -- the Discard element class: drops all packets.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Discard([I<keywords> ACTIVE, BURST])\n"
    "\n"
    "=s basicsources\n"
    "\n"
    "drops all packets\n"
    "\n"
    "=d\n"
    "\n"
    "Destroys every packet that reaches its input, counting them. Pushed\n"
    "packets are destroyed as they arrive. When its input is pull, Discard\n"
    "pulls packets itself whenever the element upstream (a Queue, say) has\n"
    "some.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item ACTIVE\n"
    "\n"
    "Boolean. Whether Discard pulls packets. Only meaningful when the input\n"
    "is pull; giving it false in a push context is an error. Default is\n"
    "true.\n"
    "\n"
    "=item BURST\n"
    "\n"
    "Unsigned integer. The most packets to pull each time Discard runs.\n"
    "Only meaningful when the input is pull. Default is 1.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware Discard takes one beat per cycle at every width and\n"
    "counts a packet when its last beat goes in; count is a 64-bit\n"
    "register (read low word first) and reset_counts clears it. In push\n"
    "context its input is always ready. In pull context (after a Queue,\n"
    "say) it pulls whenever the active register is 1, which is every\n"
    "cycle: BURST is accepted for compatibility and has no effect, since\n"
    "hardware has no scheduler to share. Writing active to 0 stops pulling\n"
    "after the beat in flight; a packet may then wait half taken until it\n"
    "is set to 1 again. In push context active reads 1 and a write to it\n"
    "fails, as the handler does not exist in Click there. Resources: the\n"
    "64-bit counter (about 64 flip-flops and a carry chain) and the\n"
    "register block; nothing in the runtime beyond reading the registers.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> Discard;\n"
    "\n"
    "=h count read-only\n"
    "\n"
    "Packets discarded.\n"
    "\n"
    "=h reset_counts write-only\n"
    "\n"
    "Writing anything sets C<count> to zero.\n"
    "\n"
    "=h active read/write\n"
    "\n"
    "Returns or changes the ACTIVE argument. Discard has this handler only\n"
    "when its input is pull.\n"
    "\n"
    "=a\n"
    "\n"
    "Idle, Queue\n";

static const HandlerSpec handlers[] = {
    {"count", H_READ, "packets discarded"},
    {"reset_counts", H_WRITE, "sets count to zero"},
    {"active", H_RW, "the ACTIVE argument (pull input only)"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"count", 0x00, 64, REG_R, "packets discarded"},
    {"reset_counts", 0x08, 32, REG_W, "any write clears count"},
    {"active", 0x0c, 32, REG_RW, "1 while Discard pulls (pull input only)", RF_BOOL},
    {NULL, 0, 0, 0, NULL},
};

/* The same block for a push input: active reads 1 and cannot be written. */
static const RegSpec regs_push[] = {
    {"count", 0x00, 64, REG_R, "packets discarded"},
    {"reset_counts", 0x08, 32, REG_W, "any write clears count"},
    {"active", 0x0c, 32, REG_R, "always 1 with a push input", RF_BOOL},
    {NULL, 0, 0, 0, NULL},
};

typedef struct DiscardConf {
    bool active;
    uint64_t burst;
    bool pull;              /* the input is pull */
} DiscardConf;

static bool input_is_pull(const Element *e)
{
    return e->in_proc && e->ninputs > 0 && e->in_proc[0] == PROC_PULL;
}

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"ACTIVE", ARG_BOOL, ARGF_K, offsetof(DiscardConf, active), 0, 0, 0},
        {"BURST", ARG_UINT, ARGF_K, offsetof(DiscardConf, burst), 0, 0xffffffff, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    DiscardConf *d = conf;
    d->active = true;
    d->burst = 1;
    if (!conf_parse(c, spec, conf))
        return false;
    d->pull = input_is_pull(c->e);
    if (!d->active && !d->pull) {
        const ConfArg *a = NULL;
        for (int i = 0; i < c->nargs; i++)
            if (c->args[i].keyword && strcmp(c->args[i].keyword, "ACTIVE") == 0)
                a = &c->args[i];
        conf_error(c, a, "ACTIVE: meaningless in push context");
        return false;
    }
    return true;
}

static void elaborate(ElabCtx *x)
{
    const DiscardConf *d = x->conf;
    StrBuf *v = x->v;
    vl_element_header(x, "Discard: drops all packets, counting them");
    sb_printf(v, "    reg [63:0] count_reg;\n"
                 "    reg active_reg;       // pulls while set (pull input); always set (push)\n"
                 "    assign s_axis_tready = %s;\n"
                 "    wire beat = s_axis_tvalid && s_axis_tready;\n"
                 "    wire unused_beat = &{1'b0, s_axis_tdata, s_axis_tkeep, s_axis_tuser};\n\n",
              d->pull ? "active_reg" : "1'b1");
    vl_csr_block(x, d->pull ? regs : regs_push,
                 (const char *const[]){"count_reg", NULL, "{31'd0, active_reg}", NULL});
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (beat && s_axis_tlast) count_reg <= count_reg + 64'd1;\n"
                 "        if (csr_wr_reset_counts) count_reg <= 64'd0;\n"
                 "%s"
                 "        if (rst) begin\n"
                 "            count_reg <= 64'd0;\n"
                 "            active_reg <= 1'b%d;\n"
                 "        end\n"
                 "    end\n\n",
              d->pull ? "        if (csr_wr_active) active_reg <= csr_wdata != 32'd0;\n" : "",
              d->active ? 1 : 0);
    vl_footer(v);
}

typedef struct DiscardState {
    uint64_t count;
} DiscardState;

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const DiscardConf *d = conf;
    DiscardState *s = state;
    /* An inactive pulling Discard leaves packets in the Queue before it,
     * which the model does not keep; either way none goes on. */
    if (d->active)
        s->count++;
    model_drop(m, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(DiscardConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .state_size = sizeof(DiscardState),
    .model_push = model_push,
};

const ElementClass fg_class_discard = {
    .name = "Discard",
    .group = "standard",
    .port_count = "1/0",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
