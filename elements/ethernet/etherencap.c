/*
 * etherencap.c -- the EtherEncap element class: puts an Ethernet header in
 * front of packets.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "EtherEncap(ETHERTYPE, SRC, DST)\n"
    "\n"
    "=s ethernet\n"
    "\n"
    "puts an Ethernet header in front of packets\n"
    "\n"
    "=d\n"
    "\n"
    "Puts a 14-byte Ethernet header in front of every packet: destination\n"
    "DST, source SRC, type ETHERTYPE. The packet's link-level header\n"
    "annotation then points at the new header.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item ETHERTYPE\n"
    "\n"
    "Integer from 0 to 0xFFFF, in host byte order (0x0800 for IPv4).\n"
    "Required.\n"
    "\n"
    "=item SRC\n"
    "\n"
    "Ethernet address. The source address. Required.\n"
    "\n"
    "=item DST\n"
    "\n"
    "Ethernet address. The destination address. Required.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware EtherEncap writes the header where the packet's head\n"
    "offset says the stripped bytes in front of the packet are. When at\n"
    "least 14 precede the head, as after a Strip(14) of an old Ethernet\n"
    "header, the header is written over the last 14 of them and no byte\n"
    "moves: the output's head offset is the input's less 14. EtherEncap is\n"
    "then a lane multiplexer (the lanes and beats of the header bytes are\n"
    "computed when the design is generated) in front of one register stage\n"
    "(fg_axis_skid): latency 1 cycle, one beat per cycle at every width\n"
    "with back-to-back packets, nothing lost under back-pressure.\n"
    "\n"
    "When fewer than 14 bytes precede the head (none, straight after\n"
    "FromDevice), the stripped bytes there take the end of the header and\n"
    "the rest of it is inserted in front of every packet by an\n"
    "fg_axis_prepend: latency 1 cycle; the output carries one beat per\n"
    "cycle with back-to-back packets, and the input pauses only for the\n"
    "beats by which a packet grows (at W = 512 a 60-byte frame becomes 74\n"
    "bytes, two beats, so such frames leave at one every two cycles).\n"
    "\n"
    "SRC, DST and ETHERTYPE are registers behind the handlers and can be\n"
    "changed at run time. A change applies from the first packet that\n"
    "starts after it, never inside a packet. An address is two registers:\n"
    "`src' holds its bytes 2-5 (byte 2 in bits 31-24) and `src_hi' its\n"
    "bytes 0-1 (bits 15-0). A write to `src' is held until `src_hi' is\n"
    "written, which changes the whole address at once (and what both read\n"
    "back); likewise `dst' and `dst_hi'. `ethertype' holds the type in bits\n"
    "15-0.\n"
    "\n"
    "Resources at W = 64 with 32 annotation bits (the sim board), Yosys\n"
    "synth_ice40: over stripped bytes 343 LUT4 and 537 flip-flops, inserting\n"
    "the header 390 LUT4 and 625 flip-flops. About 325 of the flip-flops\n"
    "hold the header (as written and as applied) and serve the register bus.\n"
    "\n"
    "Differences from Click: Click also points the link-level header\n"
    "annotation at the new header; fpgagen carries no such annotation. The\n"
    "deprecated `etht' handler is not provided. A packet shorter than the\n"
    "bytes stripped before it (see Strip) keeps them in the stream, so the\n"
    "header is written over the stream's own bytes and not in front of\n"
    "them.\n"
    "\n"
    "For IP packets whose next hop must be found by ARP, use ARPQuerier.\n"
    "\n"
    "=e\n"
    "\n"
    "  EtherEncap(0x0800, 00:0a:95:9d:68:16, 00:0a:95:9d:68:17)\n"
    "\n"
    "=h src read/write\n"
    "\n"
    "Returns or changes the source address (SRC).\n"
    "\n"
    "=h dst read/write\n"
    "\n"
    "Returns or changes the destination address (DST).\n"
    "\n"
    "=h ethertype read/write\n"
    "\n"
    "Returns or changes the Ethernet type (ETHERTYPE).\n"
    "\n"
    "=a\n"
    "\n"
    "EtherRewrite, EtherMirror, ARPQuerier, Strip\n";

static const HandlerSpec handlers[] = {
    {"src", H_RW, "the SRC argument"},
    {"dst", H_RW, "the DST argument"},
    {"ethertype", H_RW, "the ETHERTYPE argument"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"src", 0x00, 32, REG_RW, "SRC bytes 2-5, applied when src_hi is written", RF_ETHER},
    {"src_hi", 0x04, 32, REG_RW, "SRC bytes 0-1 in bits 15-0; a write applies SRC"},
    {"dst", 0x08, 32, REG_RW, "DST bytes 2-5, applied when dst_hi is written", RF_ETHER},
    {"dst_hi", 0x0c, 32, REG_RW, "DST bytes 0-1 in bits 15-0; a write applies DST"},
    {"ethertype", 0x10, 32, REG_RW, "ETHERTYPE in bits 15-0", RF_UINT, 0xffff},
    {NULL, 0, 0, 0, NULL},
};

typedef struct EtherEncapConf {
    uint64_t ethertype;
    uint8_t src[6], dst[6];
} EtherEncapConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"ETHERTYPE", ARG_UINT, ARGF_MP, offsetof(EtherEncapConf, ethertype), 0, 0xffff, 0},
        {"SRC", ARG_ETHER, ARGF_MP, offsetof(EtherEncapConf, src), 0, 0, 0},
        {"DST", ARG_ETHER, ARGF_MP, offsetof(EtherEncapConf, dst), 0, 0, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    return conf_parse(c, spec, conf);
}

/* The header takes the place of 14 bytes in front of the head; what is
 * not in the stream is inserted. */
static void heads(const void *conf, const int *head_in, int nin, int *head_out,
                  int nout)
{
    head_out[0] = head_in[0] > 14 ? head_in[0] - 14 : 0;
}

/* The 14 header bytes in wire order. */
static void header_bytes(const EtherEncapConf *e, uint8_t h[14])
{
    memcpy(h, e->dst, 6);
    memcpy(h + 6, e->src, 6);
    h[12] = (uint8_t)(e->ethertype >> 8);
    h[13] = (uint8_t)e->ethertype;
}

static void elaborate(ElabCtx *x)
{
    const EtherEncapConf *e = x->conf;
    StrBuf *v = x->v;
    int W = x->width, K = W / 8, U = x->user_width;
    int h = x->head_in[0];
    /* Stream bytes [p0, h) are overwritten with header bytes p - h + 14;
     * header bytes 0 .. insert-1 are inserted in front. */
    int p0 = h > 14 ? h - 14 : 0;
    int insert = 14 - (h - p0);
    int last = h > p0 ? (h - 1) / K : 0;  /* last beat overwritten */
    int top = last + 1;                    /* beat index saturates here */
    int cw = vl_clog2((uint64_t)top + 1);
    if (cw < 1)
        cw = 1;
    vl_element_header(x, "EtherEncap: puts an Ethernet header in front of packets");

    sb_puts(v, "    // SRC, DST and ETHERTYPE as written through the registers, and as\n"
               "    // applied to packets: a change applies at a packet boundary.  The\n"
               "    // low word of an address waits until its high word is written.\n"
               "    reg [31:0] src_lo_reg;\n    reg [31:0] dst_lo_reg;\n"
               "    reg [47:0] src_wr_reg;\n    reg [47:0] dst_wr_reg;\n    reg [15:0] type_wr_reg;\n"
               "    reg [47:0] src_cur_reg;\n    reg [47:0] dst_cur_reg;\n    reg [15:0] type_cur_reg;\n"
               "    reg apply_reg;        // a written value waits to apply\n\n"
               "    // The header, byte k in bits [8k +: 8] (wire order).\n"
               "    wire [111:0] hdr = {type_cur_reg[7:0], type_cur_reg[15:8]");
    for (int k = 11; k >= 0; k--)
        sb_printf(v, ",%s%s_cur_reg[%d:%d]", k % 6 == 5 ? "\n        " : " ",
                  k >= 6 ? "src" : "dst", 47 - 8 * (k % 6), 40 - 8 * (k % 6));
    sb_puts(v, "};\n\n");

    sb_printf(v, "    // Index of the input beat within its packet, saturating at %d.\n"
                 "    reg [%d:0] beat_reg;\n"
                 "    wire accept = s_axis_tvalid[0] && s_axis_tready[0];\n"
                 "    // No beat of a packet has gone in or is offered: written values may apply.\n"
                 "    wire boundary = (beat_reg == %d'd0 && !s_axis_tvalid[0]) ||\n"
                 "                    (accept && s_axis_tlast[0]);\n\n",
              top, cw - 1, cw);

    if (h > p0)
        sb_printf(v, "    // Stream bytes %d to %d (before the head at %d) take header bytes %d to 13.\n",
                  p0, h - 1, h, insert);
    vl_overwrite_lanes(x, "p_tdata", p0, h, h - 14, cw);

    if (insert > 0)
        sb_printf(v, "    // Header bytes 0 to %d are inserted in front of the packet.\n"
                     "    fg_axis_prepend #(.DATA_WIDTH(%d), .USER_WIDTH(%d), .BYTES(%d)) stage (\n"
                     "        .prefix(hdr[%d:0]),\n",
                  insert - 1, W, U, insert, 8 * insert - 1);
    else
        sb_printf(v, "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n", W, U);
    sb_puts(v, "        .clk(clk), .rst(rst),\n"
               "        .s_axis_tdata(p_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
               "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
               "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
               "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
               "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
               "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
               "    );\n\n");

    vl_csr_block(x, regs, (const char *const[]){"src_wr_reg[31:0]", "{16'd0, src_wr_reg[47:32]}",
                                                "dst_wr_reg[31:0]", "{16'd0, dst_wr_reg[47:32]}",
                                                "{16'd0, type_wr_reg}", NULL});
    unsigned long long src = vl_mac48(e->src), dst = vl_mac48(e->dst);
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (accept) begin\n"
                 "            if (s_axis_tlast[0]) beat_reg <= %d'd0;\n"
                 "            else if (beat_reg != %d'd%d) beat_reg <= beat_reg + %d'd1;\n"
                 "        end\n"
                 "        if (apply_reg && boundary) begin\n"
                 "            src_cur_reg <= src_wr_reg;\n"
                 "            dst_cur_reg <= dst_wr_reg;\n"
                 "            type_cur_reg <= type_wr_reg;\n"
                 "            apply_reg <= 1'b0;\n"
                 "        end\n"
                 "        if (csr_wr_src) src_lo_reg <= csr_wdata;\n"
                 "        if (csr_wr_dst) dst_lo_reg <= csr_wdata;\n"
                 "        if (csr_wr_src_hi || csr_wr_dst_hi || csr_wr_ethertype) apply_reg <= 1'b1;\n"
                 "        if (csr_wr_src_hi) src_wr_reg <= {csr_wdata[15:0], src_lo_reg};\n"
                 "        if (csr_wr_dst_hi) dst_wr_reg <= {csr_wdata[15:0], dst_lo_reg};\n"
                 "        if (csr_wr_ethertype) type_wr_reg <= csr_wdata[15:0];\n"
                 "        if (rst) begin\n"
                 "            beat_reg <= %d'd0;\n"
                 "            src_lo_reg <= 32'h%08llx;\n"
                 "            src_wr_reg <= 48'h%012llx;\n"
                 "            src_cur_reg <= 48'h%012llx;\n"
                 "            dst_lo_reg <= 32'h%08llx;\n"
                 "            dst_wr_reg <= 48'h%012llx;\n"
                 "            dst_cur_reg <= 48'h%012llx;\n"
                 "            type_wr_reg <= 16'h%04x;\n"
                 "            type_cur_reg <= 16'h%04x;\n"
                 "            apply_reg <= 1'b0;\n"
                 "        end\n"
                 "    end\n\n",
              cw, cw, top, cw, cw, src & 0xffffffffull, src, src, dst & 0xffffffffull, dst,
              dst, (unsigned)e->ethertype, (unsigned)e->ethertype);
    vl_footer(v);
}

/* Click's push_mac_header(14) and the header copied in. */
static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    uint8_t hdr[14];
    header_bytes(conf, hdr);
    packet_push_front(p, 14);
    memcpy(p->buf + p->head, hdr, 14);
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(EtherEncapConf),
    .configure = configure,
    .heads = heads,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_etherencap = {
    .name = "EtherEncap",
    .group = "ethernet",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 32,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
