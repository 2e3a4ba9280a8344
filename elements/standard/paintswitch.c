/*
 * paintswitch.c -- the PaintSwitch element class: sends each packet to the
 * output named by its paint.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "PaintSwitch([ANNO])\n"
    "\n"
    "=s paint\n"
    "\n"
    "sends each packet to the output named by its paint\n"
    "\n"
    "=d\n"
    "\n"
    "Sends every packet to output K, where K is the value of its paint\n"
    "annotation. A packet painted 255 is copied to every output instead. A\n"
    "packet painted with a number that has no output is dropped. Since 255\n"
    "is reserved, PaintSwitch has at most 255 outputs.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item ANNO\n"
    "\n"
    "Annotation. The one-byte annotation that selects the output. Default\n"
    "is PAINT, the only value fpgagen accepts (see the notes).\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware each output has its own register stage (a skid\n"
    "register). The paint bits of tuser choose the outputs a beat goes to\n"
    "(one, or all for 255), and the beat moves when those outputs have\n"
    "room; a beat that goes nowhere is taken at once and forgotten.\n"
    "Latency 1 cycle; one beat per cycle sustained at every width,\n"
    "back-to-back packets with no idle cycle, nothing lost under\n"
    "back-pressure. A packet waits only for the outputs it goes to, but\n"
    "the packets behind it wait with it (they keep their order). Packets\n"
    "dropped for want of an output are counted in drops, a 64-bit\n"
    "read-only register that fpgagen adds (Click's PaintSwitch has no\n"
    "handlers). Resources: N x 2 x (W + W/8 + U + 2) flip-flops, N output\n"
    "multiplexers, an 8-bit comparator per output and the drop counter.\n"
    "\n"
    "Annotations travel in tuser only when some element of the design\n"
    "names them, and elements name them by class, so ANNO can only be\n"
    "PAINT (Click also accepts other one-byte annotations and offsets).\n"
    "\n"
    "=e\n"
    "\n"
    "  ps :: PaintSwitch;\n"
    "  ps[0] -> Queue -> ToDevice(eth0);\n"
    "  ps[1] -> Queue -> ToDevice(eth1);\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets whose paint names no output (fpgagen's addition).\n"
    "\n"
    "=a\n"
    "\n"
    "Paint, CheckPaint, Switch\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "packets whose paint names no output"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"drops", 0x00, 64, REG_R, "packets whose paint names no output"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct PaintSwitchConf {
    const char *anno;
    int noutputs;
} PaintSwitchConf;

/* ANNO names a one-byte annotation, and only PAINT travels in hardware
 * (elements declare their annotations by class, not by configuration). */
static bool check_anno(ConfCtx *c, const char *anno)
{
    AnnoId id;
    const ConfArg *a = NULL;
    if (!anno || strcmp(anno, "PAINT") == 0)
        return true;
    for (int i = 0; i < c->nargs; i++)
        if (c->args[i].value == anno)
            a = &c->args[i];
    if (!anno_lookup(anno, &id))
        conf_error(c, a, "ANNO: expected annotation name");
    else if (anno_width(id) != 8)
        conf_error(c, a, "ANNO: %s is not a one-byte annotation", anno);
    else
        conf_error(c, a, "ANNO: only PAINT is supported in hardware");
    return false;
}

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"ANNO", ARG_WORD, ARGF_P, offsetof(PaintSwitchConf, anno), 0, 0, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    PaintSwitchConf *ps = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    ps->noutputs = c->e->noutputs;
    return check_anno(c, ps->anno);
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

static void emit_switch(ElabCtx *x, int lsb)
{
    StrBuf *v = x->v;
    int N = x->noutputs;
    /* tuser is constant within a packet, so every beat of a packet goes
     * where its first beat went. */
    sb_printf(v, "    wire [7:0] paint = s_axis_tuser[%d +: 8];\n"
                 "    wire all = paint == 8'd255;   // a copy to every output\n"
                 "    wire [%d:0] need;\n",
              lsb, N - 1);
    for (int i = 0; i < N; i++) {
        if (i < 255)
            sb_printf(v, "    assign need[%d] = all || paint == 8'd%d;\n", i, i);
        else
            sb_printf(v, "    assign need[%d] = all;\n", i);
    }
    sb_puts(v, "    wire none = ~|need;   // a paint with no output: dropped\n"
               "    reg [63:0] drops_reg;\n\n");
    emit_outputs(x);
}

static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    int N = x->noutputs, lsb = x->annos->lsb[ANNO_PAINT];
    vl_element_header(x, "PaintSwitch: sends each packet to the output named by its paint");
    if (N == 0) {
        /* No outputs: every packet is dropped. */
        sb_puts(v, "    assign s_axis_tready = 1'b1;\n"
                   "    wire go = 1'b1;\n"
                   "    wire none = 1'b1;\n"
                   "    wire unused_in = &{1'b0, s_axis_tdata, s_axis_tkeep, s_axis_tuser};\n"
                   "    reg [63:0] drops_reg;\n\n");
    } else {
        emit_switch(x, lsb);
    }
    vl_csr_block(x, regs, (const char *const[]){"drops_reg", NULL});
    sb_puts(v, "    always @(posedge clk) begin\n"
               "        if (s_axis_tvalid && go && s_axis_tlast && none)\n"
               "            drops_reg <= drops_reg + 64'd1;\n"
               "        if (rst) drops_reg <= 64'd0;\n"
               "    end\n\n");
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    int n = ((const PaintSwitchConf *)conf)->noutputs;
    int k = (int)(p->anno[ANNO_PAINT] & 0xff);
    if (k == 255 && n > 0) {
        for (int i = 0; i < n - 1; i++)
            model_emit(m, i, packet_clone(m, p));
        model_emit(m, n - 1, p);
    } else if (k < n) {
        model_emit(m, k, p);
    } else {
        model_drop(m, p);
    }
}

static const ElementImpl impl = {
    .conf_size = sizeof(PaintSwitchConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_paintswitch = {
    .name = "PaintSwitch",
    .group = "standard",
    .port_count = "1/-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "PAINT",
    .annos_written = "",
    .csr_bytes = 8,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
