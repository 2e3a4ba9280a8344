/*
 * checkpaint.c -- the CheckPaint element class: separates packets by paint
 * value.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "CheckPaint(COLOR [, ANNO])\n"
    "\n"
    "=s paint\n"
    "\n"
    "separates packets by paint value\n"
    "\n"
    "=d\n"
    "\n"
    "Emits on output 0 the packets whose paint annotation equals COLOR. The\n"
    "others go out output 1 if it is connected, and are dropped otherwise.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item COLOR\n"
    "\n"
    "Integer from 0 to 255. The paint value to accept. Required.\n"
    "\n"
    "=item ANNO\n"
    "\n"
    "Annotation. The one-byte annotation to compare. Default is PAINT, the\n"
    "only value fpgagen accepts (see the notes).\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware each output has its own register stage (a skid\n"
    "register); the paint bits of tuser are compared with the color\n"
    "register at a packet's first beat, and the whole packet follows that\n"
    "decision. Latency 1 cycle; one beat per cycle sustained at every\n"
    "width, back-to-back packets with no idle cycle, nothing lost under\n"
    "back-pressure. It works in push and in pull context (a pull is the\n"
    "downstream ready). color is an 8-bit register the runtime reads and\n"
    "writes (a write keeps the low 8 bits; Click refuses values above\n"
    "255). Without output 1, packets of another color are dropped and\n"
    "counted in drops, a 64-bit read-only register that fpgagen adds\n"
    "(Click's CheckPaint has no such handler). Resources: per output\n"
    "2 x (W + W/8 + U + 2) flip-flops and a multiplexer, the comparator,\n"
    "the color register and the drop counter.\n"
    "\n"
    "Annotations travel in tuser only when some element of the design\n"
    "names them, and elements name them by class, so ANNO can only be\n"
    "PAINT (Click also accepts other one-byte annotations and offsets).\n"
    "\n"
    "=e\n"
    "\n"
    "  cp :: CheckPaint(1);\n"
    "  cp[1] -> Discard;\n"
    "\n"
    "=h color read/write\n"
    "\n"
    "Returns or changes the paint value accepted (the COLOR argument).\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets of another color dropped because output 1 is not connected\n"
    "(fpgagen's addition).\n"
    "\n"
    "=a\n"
    "\n"
    "Paint, PaintSwitch\n";

static const HandlerSpec handlers[] = {
    {"color", H_RW, "the COLOR argument"},
    {"drops", H_READ, "packets of another color dropped"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"color", 0x00, 32, REG_RW, "the paint value accepted (low 8 bits)", RF_UINT, 255},
    {"drops", 0x08, 64, REG_R, "packets of another color dropped"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct CheckPaintConf {
    uint64_t color;
    const char *anno;
    int noutputs;
} CheckPaintConf;

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
        {"COLOR", ARG_UINT, ARGF_MP, offsetof(CheckPaintConf, color), 0, 255, 0},
        {"ANNO", ARG_WORD, ARGF_P, offsetof(CheckPaintConf, anno), 0, 0, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    CheckPaintConf *cp = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    cp->noutputs = c->e->noutputs;
    return check_anno(c, cp->anno);
}

static void elaborate(ElabCtx *x)
{
    const CheckPaintConf *cp = x->conf;
    StrBuf *v = x->v;
    int N = x->noutputs, W = x->width, K = W / 8, U = x->user_width;
    int lsb = x->annos->lsb[ANNO_PAINT];
    vl_element_header(x, "CheckPaint: separates packets by paint value");
    /* The decision of a packet's first beat holds for the whole packet,
     * whatever happens to the color register meanwhile. */
    sb_printf(v, "    reg [7:0] color_reg;\n"
                 "    reg in_frame_reg;     // a beat of this packet has gone in\n"
                 "    reg match_reg;        // and its paint matched\n"
                 "    reg [63:0] drops_reg;\n"
                 "    wire match = in_frame_reg ? match_reg : s_axis_tuser[%d +: 8] == color_reg;\n",
              lsb);
    if (N == 2)
        sb_puts(v, "    wire [1:0] need = {!match, match};\n"
                   "    wire none = 1'b0;\n");
    else
        sb_puts(v, "    wire [0:0] need = match;\n"
                   "    wire none = !match;   // no output 1: dropped\n");
    sb_printf(v, "    wire [%d:0] room;     // output i's skid entry is empty (a flip-flop)\n"
                 "    // A beat moves when the output that needs it has room.\n"
                 "    wire go = &(room | ~need);\n"
                 "    assign s_axis_tready = go;\n"
                 "    wire beat = s_axis_tvalid && go;\n\n",
              N - 1);
    for (int i = 0; i < N; i++)
        sb_printf(v, "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage%d (\n"
                     "        .clk(clk), .rst(rst),\n"
                     "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                     "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                     "        .s_axis_tvalid(s_axis_tvalid && need[%d] && go), .s_axis_tready(room[%d]),\n"
                     "        .m_axis_tdata(m_axis_tdata[%d +: %d]), .m_axis_tkeep(m_axis_tkeep[%d +: %d]),\n"
                     "        .m_axis_tlast(m_axis_tlast[%d]), .m_axis_tuser(m_axis_tuser[%d +: %d]),\n"
                     "        .m_axis_tvalid(m_axis_tvalid[%d]), .m_axis_tready(m_axis_tready[%d])\n"
                     "    );\n\n",
                  W, U, i, i, i, i * W, W, i * K, K, i, i * U, U, i, i);
    vl_csr_block(x, regs, (const char *const[]){"{24'd0, color_reg}", "drops_reg", NULL});
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (beat) begin\n"
                 "            in_frame_reg <= !s_axis_tlast;\n"
                 "            match_reg <= match;\n"
                 "            if (s_axis_tlast && none) drops_reg <= drops_reg + 64'd1;\n"
                 "        end\n"
                 "        if (csr_wr_color) color_reg <= csr_wdata[7:0];\n"
                 "        if (rst) begin\n"
                 "            color_reg <= 8'd%u;\n"
                 "            in_frame_reg <= 1'b0;\n"
                 "            drops_reg <= 64'd0;\n"
                 "        end\n"
                 "    end\n\n",
              (unsigned)cp->color);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const CheckPaintConf *cp = conf;
    if ((p->anno[ANNO_PAINT] & 0xff) == cp->color)
        model_emit(m, 0, p);
    else if (cp->noutputs > 1)
        model_emit(m, 1, p);
    else
        model_drop(m, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(CheckPaintConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_checkpaint = {
    .name = "CheckPaint",
    .group = "standard",
    .port_count = "1/1-2",
    .processing = "a/ah",
    .flow_code = NULL,
    .annos_read = "PAINT",
    .annos_written = "",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
