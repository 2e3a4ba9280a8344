/*
 * tee.c -- the Tee element class: copies each packet to every output.
 */
#include "datapath.h"

#include <stddef.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Tee([N])\n"
    "\n"
    "=s basictransfer\n"
    "\n"
    "copies each packet to every output\n"
    "\n"
    "=d\n"
    "\n"
    "Sends a copy of every packet that arrives on its input to each of its\n"
    "outputs. Tee is how a packet is duplicated: a push output may be\n"
    "connected to only one input.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item N\n"
    "\n"
    "Unsigned integer. The number of outputs; it must equal the number of\n"
    "outputs the configuration uses. Default is that number.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware each output has its own register stage (a skid\n"
    "register), and a beat moves from the input into all of them in the\n"
    "same cycle, when every one has room. Latency 1 cycle; one beat per\n"
    "cycle sustained at every width, back-to-back packets with no idle\n"
    "cycle, whenever all outputs take beats. An output that waits holds\n"
    "the input back after one beat (its skid entry), and so the other\n"
    "outputs too: Tee is lossless, and the copies leave in lock step\n"
    "except for that one beat of slack. A buffer per output would let\n"
    "one output run ahead of a slow one, but only as far as the buffer\n"
    "reaches, at the price of block RAM per output; outputs that must not\n"
    "wait for each other are given a Queue each, as in Click, and a Queue\n"
    "that is full drops rather than waits. The input ready is the AND of\n"
    "the outputs' skid-entry flip-flops, so no ready path runs through\n"
    "Tee. Resources: N x 2 x (W + W/8 + U + 2) flip-flops and N output\n"
    "multiplexers; no registers, nothing in the runtime.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> t :: Tee;\n"
    "  t[0] -> Queue -> ToDevice(eth1);\n"
    "  t[1] -> Counter -> Discard;\n"
    "\n"
    "=a\n"
    "\n"
    "PullTee, PaintSwitch\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

typedef struct TeeConf {
    uint64_t n;
    bool n_given;
    int noutputs;
} TeeConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"N", ARG_UINT, ARGF_P, offsetof(TeeConf, n), 0, 0, offsetof(TeeConf, n_given)},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    TeeConf *t = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    t->noutputs = c->e->noutputs;
    if (t->n_given && t->n != (uint64_t)t->noutputs) {
        conf_error(c, &c->args[0], "N: %llu arms, but %d output%s used", (unsigned long long)t->n,
                   t->noutputs, t->noutputs == 1 ? " is" : "s are");
        return false;
    }
    return true;
}

/* The outputs: a skid register each, loaded together.  need[i] (declared
 * by the caller) says which outputs the beat on the input goes to; a beat
 * no output needs is taken and dropped. */
static void emit_outputs(ElabCtx *x)
{
    StrBuf *v = x->v;
    int N = x->noutputs, W = x->width, K = W / 8, U = x->user_width;
    sb_printf(v, "    wire [%d:0] room;     // output i's skid entry is empty (a flip-flop)\n"
                 "    // A beat moves when every output that needs it has room.\n"
                 "    wire go = &(room | ~need);\n"
                 "    assign s_axis_tready = go;\n\n"
                 "    genvar i;\n"
                 "    generate\n"
                 "        for (i = 0; i < %d; i = i + 1) begin : g_out\n"
                 "            fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "                .clk(clk), .rst(rst),\n"
                 "                .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "                .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "                .s_axis_tvalid(s_axis_tvalid && need[i] && go), .s_axis_tready(room[i]),\n"
                 "                .m_axis_tdata(m_axis_tdata[i*%d +: %d]), .m_axis_tkeep(m_axis_tkeep[i*%d +: %d]),\n"
                 "                .m_axis_tlast(m_axis_tlast[i]), .m_axis_tuser(m_axis_tuser[i*%d +: %d]),\n"
                 "                .m_axis_tvalid(m_axis_tvalid[i]), .m_axis_tready(m_axis_tready[i])\n"
                 "            );\n"
                 "        end\n"
                 "    endgenerate\n\n",
              N - 1, N, W, U, W, W, K, K, U, U);
}

static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    int N = x->noutputs;
    vl_element_header(x, "Tee: copies each packet to every output");
    sb_printf(v, "    wire [%d:0] need = {%d{1'b1}};\n", N - 1, N);
    emit_outputs(x);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    int n = ((const TeeConf *)conf)->noutputs;
    for (int i = 0; i < n - 1; i++)
        model_emit(m, i, packet_clone(m, p));
    model_emit(m, n - 1, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(TeeConf),
    .configure = configure,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_tee = {
    .name = "Tee",
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
