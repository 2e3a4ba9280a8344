/*
 * paint.c -- the Paint element class: sets the paint annotation.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Paint(COLOR [, ANNO])\n"
    "\n"
    "=s paint\n"
    "\n"
    "sets the paint annotation\n"
    "\n"
    "=d\n"
    "\n"
    "Sets the paint annotation of every packet to COLOR and emits it\n"
    "unchanged otherwise. Paint is commonly used to remember which\n"
    "interface a packet came from.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item COLOR\n"
    "\n"
    "Integer from 0 to 255. The paint value to set. Required.\n"
    "\n"
    "=item ANNO\n"
    "\n"
    "Annotation. The one-byte annotation to set. Default is PAINT, the\n"
    "only value fpgagen accepts (see the notes).\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware Paint is one register stage (a skid register) that\n"
    "replaces the PAINT bits of tuser as the beats go through: latency 1\n"
    "cycle, one beat per cycle sustained at every width, no idle cycle\n"
    "between packets, nothing lost under back-pressure. color is an 8-bit\n"
    "register that the runtime reads and writes (a write keeps the low 8\n"
    "bits of the value; Click refuses values above 255); a packet takes\n"
    "the color current at its first beat, so a change never splits a\n"
    "packet. Resources: the skid register, 2 x (W + W/8 + U + 2)\n"
    "flip-flops, and the 8-bit color register.\n"
    "\n"
    "Annotations travel in tuser only when some element of the design\n"
    "names them, and elements name them by class, so ANNO can only be\n"
    "PAINT (Click also accepts other one-byte annotations and offsets).\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> Paint(1) -> ...\n"
    "\n"
    "=h color read/write\n"
    "\n"
    "Returns or changes the paint value (the COLOR argument).\n"
    "\n"
    "=a\n"
    "\n"
    "CheckPaint, PaintSwitch\n";

static const HandlerSpec handlers[] = {
    {"color", H_RW, "the COLOR argument"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"color", 0x00, 32, REG_RW, "the paint value (low 8 bits)", RF_UINT, 255},
    {NULL, 0, 0, 0, NULL},
};

typedef struct PaintConf {
    uint64_t color;
    const char *anno;
} PaintConf;

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
        {"COLOR", ARG_UINT, ARGF_MP, offsetof(PaintConf, color), 0, 255, 0},
        {"ANNO", ARG_WORD, ARGF_P, offsetof(PaintConf, anno), 0, 0, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    PaintConf *pc = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    return check_anno(c, pc->anno);
}

static void elaborate(ElabCtx *x)
{
    const PaintConf *pc = x->conf;
    StrBuf *v = x->v;
    int U = x->user_width, lsb = x->annos->lsb[ANNO_PAINT];
    vl_element_header(x, "Paint: sets the paint annotation");
    sb_puts(v, "    reg [7:0] color_reg;\n"
               "    reg in_frame_reg;     // a beat of this packet has gone in\n"
               "    reg [7:0] frame_color_reg;\n"
               "    wire [7:0] color = in_frame_reg ? frame_color_reg : color_reg;\n");
    /* tuser with the PAINT field replaced. */
    sb_printf(v, "    wire [%d:0] painted = {", U - 1);
    if (lsb + 8 < U)
        sb_printf(v, "s_axis_tuser[%d:%d], ", U - 1, lsb + 8);
    sb_puts(v, "color");
    if (lsb > 0)
        sb_printf(v, ", s_axis_tuser[%d:0]", lsb - 1);
    sb_puts(v, "};\n");
    sb_printf(v, "    wire [7:0] unused_old_paint = s_axis_tuser[%d:%d];\n\n", lsb + 7, lsb);
    sb_printf(v, "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(painted),\n"
                 "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
                 "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
                 "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
                 "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
                 "    );\n\n",
              x->width, U);
    vl_csr_block(x, regs, (const char *const[]){"{24'd0, color_reg}", NULL});
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (s_axis_tvalid && s_axis_tready) begin\n"
                 "            in_frame_reg <= !s_axis_tlast;\n"
                 "            frame_color_reg <= color;\n"
                 "        end\n"
                 "        if (csr_wr_color) color_reg <= csr_wdata[7:0];\n"
                 "        if (rst) begin\n"
                 "            color_reg <= 8'd%u;\n"
                 "            in_frame_reg <= 1'b0;\n"
                 "        end\n"
                 "    end\n\n",
              (unsigned)pc->color);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    p->anno[ANNO_PAINT] = ((const PaintConf *)conf)->color;
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(PaintConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_paint = {
    .name = "Paint",
    .group = "standard",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "PAINT",
    .csr_bytes = 4,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
