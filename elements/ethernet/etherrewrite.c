/*
 * etherrewrite.c -- the EtherRewrite element class: rewrites Ethernet source
 * and destination addresses.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "EtherRewrite(SRC, DST)\n"
    "\n"
    "=s ethernet\n"
    "\n"
    "rewrites Ethernet source and destination addresses\n"
    "\n"
    "=d\n"
    "\n"
    "Expects Ethernet frames. Overwrites each frame's source address with\n"
    "SRC and its destination address with DST, leaving the type field\n"
    "alone. It suits links with a single possible next hop, such as a\n"
    "transparent firewall.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item SRC\n"
    "\n"
    "Ethernet address. The new source address. Required.\n"
    "\n"
    "=item DST\n"
    "\n"
    "Ethernet address. The new destination address. Required.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware EtherRewrite is a lane multiplexer in front of one register\n"
    "stage (fg_axis_skid): the 12 address bytes are at lanes and beats of\n"
    "the packet computed from the width and the head offset when the design\n"
    "is generated, and a beat counter selects the new bytes there. Latency\n"
    "1 cycle, one beat per cycle at every width with back-to-back packets,\n"
    "nothing lost under back-pressure.\n"
    "\n"
    "SRC and DST are registers behind the handlers and can be changed at\n"
    "run time. A change applies from the first packet that starts after it,\n"
    "never inside a packet. An address is two registers: `src' holds its\n"
    "bytes 2-5 (byte 2 in bits 31-24) and `src_hi' its bytes 0-1 (bits\n"
    "15-0). A write to `src' is held until `src_hi' is written, which\n"
    "changes the whole address at once (and what both read back); likewise\n"
    "`dst' and `dst_hi'.\n"
    "\n"
    "Resources at W = 64 with 32 annotation bits (the sim board), Yosys\n"
    "synth_ice40: 336 LUT4 and 504 flip-flops, of which the register stage\n"
    "takes 112 LUT4 and 212 flip-flops and the addresses (as written and as\n"
    "applied) with the register bus most of the rest.\n"
    "\n"
    "Differences from Click: Click writes at the packet's link-level header\n"
    "annotation; fpgagen carries no such annotation and writes at the\n"
    "packet's head, the same place unless a Strip came between them. Of a\n"
    "frame shorter than 12 bytes only the bytes it has are written, as in\n"
    "Click.\n"
    "\n"
    "=e\n"
    "\n"
    "  EtherRewrite(00:0a:95:9d:68:16, 00:0a:95:9d:68:17)\n"
    "\n"
    "=h src read/write\n"
    "\n"
    "Returns or changes the source address (SRC).\n"
    "\n"
    "=h dst read/write\n"
    "\n"
    "Returns or changes the destination address (DST).\n"
    "\n"
    "=a\n"
    "\n"
    "EtherEncap, EtherMirror\n";

static const HandlerSpec handlers[] = {
    {"src", H_RW, "the SRC argument"},
    {"dst", H_RW, "the DST argument"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"src", 0x00, 32, REG_RW, "SRC bytes 2-5, applied when src_hi is written", RF_ETHER},
    {"src_hi", 0x04, 32, REG_RW, "SRC bytes 0-1 in bits 15-0; a write applies SRC"},
    {"dst", 0x08, 32, REG_RW, "DST bytes 2-5, applied when dst_hi is written", RF_ETHER},
    {"dst_hi", 0x0c, 32, REG_RW, "DST bytes 0-1 in bits 15-0; a write applies DST"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct EtherRewriteConf {
    uint8_t src[6], dst[6];
} EtherRewriteConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"SRC", ARG_ETHER, ARGF_MP, offsetof(EtherRewriteConf, src), 0, 0, 0},
        {"DST", ARG_ETHER, ARGF_MP, offsetof(EtherRewriteConf, dst), 0, 0, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    return conf_parse(c, spec, conf);
}

static void elaborate(ElabCtx *x)
{
    const EtherRewriteConf *e = x->conf;
    StrBuf *v = x->v;
    int W = x->width, K = W / 8, U = x->user_width;
    int h = x->head_in[0];
    int top = (h + 11) / K + 1;     /* beat index saturates here */
    int cw = vl_clog2((uint64_t)top + 1);
    if (cw < 1)
        cw = 1;
    vl_element_header(x, "EtherRewrite: rewrites Ethernet source and destination addresses");

    sb_puts(v, "    // SRC and DST as written through the registers, and as applied to\n"
               "    // packets: a change applies at a packet boundary.  The low word of\n"
               "    // an address waits until its high word is written.\n"
               "    reg [31:0] src_lo_reg;\n    reg [31:0] dst_lo_reg;\n"
               "    reg [47:0] src_wr_reg;\n    reg [47:0] dst_wr_reg;\n"
               "    reg [47:0] src_cur_reg;\n    reg [47:0] dst_cur_reg;\n"
               "    reg apply_reg;        // a written value waits to apply\n\n"
               "    // The address bytes, byte k in bits [8k +: 8] (wire order).\n"
               "    wire [95:0] hdr = {");
    for (int k = 11; k >= 0; k--)
        sb_printf(v, "%s%s_cur_reg[%d:%d]", k == 11 ? "" : k == 5 ? ",\n        " : ", ",
                  k >= 6 ? "src" : "dst", 47 - 8 * (k % 6), 40 - 8 * (k % 6));
    sb_puts(v, "};\n\n");

    sb_printf(v, "    // Index of the input beat within its packet, saturating at %d.\n"
                 "    reg [%d:0] beat_reg;\n"
                 "    wire accept = s_axis_tvalid[0] && s_axis_tready[0];\n"
                 "    // No beat of a packet has gone in or is offered: written values may apply.\n"
                 "    wire boundary = (beat_reg == %d'd0 && !s_axis_tvalid[0]) ||\n"
                 "                    (accept && s_axis_tlast[0]);\n\n"
                 "    // Stream bytes %d to %d (the head is at %d) take the addresses.\n",
              top, cw - 1, cw, h, h + 11, h);
    vl_overwrite_lanes(x, "p_tdata", h, h + 12, h, cw);
    sb_printf(v, "\n    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(p_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
                 "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
                 "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
                 "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
                 "    );\n\n",
              W, U);

    vl_csr_block(x, regs, (const char *const[]){"src_wr_reg[31:0]", "{16'd0, src_wr_reg[47:32]}",
                                                "dst_wr_reg[31:0]", "{16'd0, dst_wr_reg[47:32]}",
                                                NULL});
    unsigned long long src = vl_mac48(e->src), dst = vl_mac48(e->dst);
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (accept) begin\n"
                 "            if (s_axis_tlast[0]) beat_reg <= %d'd0;\n"
                 "            else if (beat_reg != %d'd%d) beat_reg <= beat_reg + %d'd1;\n"
                 "        end\n"
                 "        if (apply_reg && boundary) begin\n"
                 "            src_cur_reg <= src_wr_reg;\n"
                 "            dst_cur_reg <= dst_wr_reg;\n"
                 "            apply_reg <= 1'b0;\n"
                 "        end\n"
                 "        if (csr_wr_src) src_lo_reg <= csr_wdata;\n"
                 "        if (csr_wr_dst) dst_lo_reg <= csr_wdata;\n"
                 "        if (csr_wr_src_hi || csr_wr_dst_hi) apply_reg <= 1'b1;\n"
                 "        if (csr_wr_src_hi) src_wr_reg <= {csr_wdata[15:0], src_lo_reg};\n"
                 "        if (csr_wr_dst_hi) dst_wr_reg <= {csr_wdata[15:0], dst_lo_reg};\n"
                 "        if (rst) begin\n"
                 "            beat_reg <= %d'd0;\n"
                 "            src_lo_reg <= 32'h%08llx;\n"
                 "            src_wr_reg <= 48'h%012llx;\n"
                 "            src_cur_reg <= 48'h%012llx;\n"
                 "            dst_lo_reg <= 32'h%08llx;\n"
                 "            dst_wr_reg <= 48'h%012llx;\n"
                 "            dst_cur_reg <= 48'h%012llx;\n"
                 "            apply_reg <= 1'b0;\n"
                 "        end\n"
                 "    end\n\n",
              cw, cw, top, cw, cw, src & 0xffffffffull, src, src, dst & 0xffffffffull, dst, dst);
    vl_footer(v);
}

/* The addresses written at the packet's head, as far as it reaches. */
static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const EtherRewriteConf *e = conf;
    uint8_t hdr[12];
    memcpy(hdr, e->dst, 6);
    memcpy(hdr + 6, e->src, 6);
    memcpy(p->buf + p->head, hdr, p->len < 12 ? p->len : 12);
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(EtherRewriteConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_etherrewrite = {
    .name = "EtherRewrite",
    .group = "ethernet",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
