/*
 * checklength.c -- the CheckLength element class: separates packets longer
 * than a limit.
 */
#include "datapath.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "CheckLength(LENGTH [, I<keywords> MAX_LENGTH])\n"
    "\n"
    "=s classification\n"
    "\n"
    "separates packets longer than a limit\n"
    "\n"
    "=d\n"
    "\n"
    "Emits on output 0 every packet of at most LENGTH bytes. Longer packets\n"
    "go out output 1 if it is connected, and are dropped otherwise.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item LENGTH\n"
    "\n"
    "Unsigned integer. The longest packet, in bytes, accepted on output 0.\n"
    "Required.\n"
    "\n"
    "=item MAX_LENGTH\n"
    "\n"
    "Unsigned integer, at most 16384. The largest value the C<length>\n"
    "handler may take at run time; it sizes the hardware's buffer (see the\n"
    "notes). A keyword fpgagen adds. Default is LENGTH.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "A packet's length is known only at its last beat, and no byte of it\n"
    "may leave before the output is chosen. So in hardware CheckLength\n"
    "counts the bytes as they arrive and decides as soon as it can: at the\n"
    "beat where the count passes the length limit (too long: output 1, or\n"
    "dropped), or else at the last beat (short enough: output 0). The\n"
    "beats of a packet wait in a FIFO of block RAM until its decision;\n"
    "after it, they cut through. The FIFO holds (MAX_LENGTH + 1) / (W/8)\n"
    "beats plus a little slack, rounded up to a power of two: this is the\n"
    "most that can arrive before a decision, not a whole-packet buffer, so\n"
    "long packets never fill it.\n"
    "\n"
    "Latency: the first beat of a packet of at most LENGTH bytes leaves 1\n"
    "cycle after its last beat went in (2 cycles, for a packet of one\n"
    "beat); that of a longer packet 1 cycle after the beat that passed the\n"
    "limit, and at least 2 cycles after it went in itself. Throughput: one\n"
    "beat per cycle sustained in and out at every width, back-to-back\n"
    "packets with no idle cycle, while the outputs take beats; as many\n"
    "packets may be inside at once as 60-byte frames fill the FIFO, so\n"
    "small frames queued behind a long one never stall the input.\n"
    "Lossless under back-pressure; packets dropped for want of output 1\n"
    "are counted in drops, a 64-bit read-only register that fpgagen adds.\n"
    "length is a register: the runtime reads it and writes it, and a\n"
    "write above MAX_LENGTH sets MAX_LENGTH (read it back to see). A\n"
    "packet is judged against the length in force while it arrives.\n"
    "Bytes that an upstream Strip left in the stream are not counted.\n"
    "Resources (W = 64, MAX_LENGTH = 1514, 32 bits of annotations, one\n"
    "output, iCE40): a FIFO of 256 beats in 7 block RAMs, about 350 LUTs\n"
    "and 200 flip-flops (the 64-bit drop counter is a third of them).\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> CheckLength(1514) -> ...\n"
    "\n"
    "=h length read/write\n"
    "\n"
    "Returns or changes the length limit (the LENGTH argument).\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets longer than the limit dropped because output 1 is not\n"
    "connected (fpgagen's addition).\n"
    "\n"
    "=a\n"
    "\n"
    "Classifier\n";

static const HandlerSpec handlers[] = {
    {"length", H_RW, "the LENGTH argument"},
    {"drops", H_READ, "long packets dropped"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"length", 0x00, 32, REG_RW, "the length limit in bytes"},
    {"drops", 0x08, 64, REG_R, "long packets dropped (no output 1)"},
    {NULL, 0, 0, 0, NULL},
};

enum {
    HW_MAX_LENGTH = 16384,  /* the largest limit the buffer is built for */
};

typedef struct CheckLengthConf {
    uint64_t length, max_length;
    bool max_given;
    int noutputs;
} CheckLengthConf;

static const ConfArg *find_arg(ConfCtx *c, const char *keyword)
{
    for (int i = 0; i < c->nargs; i++)
        if (c->args[i].keyword && strcmp(c->args[i].keyword, keyword) == 0)
            return &c->args[i];
    return c->nargs ? &c->args[0] : NULL;
}

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"LENGTH", ARG_UINT, ARGF_MP, offsetof(CheckLengthConf, length), 0, 0xffffffff, 0},
        {"MAX_LENGTH", ARG_UINT, ARGF_K, offsetof(CheckLengthConf, max_length), 0,
         HW_MAX_LENGTH, offsetof(CheckLengthConf, max_given)},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    CheckLengthConf *cl = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    cl->noutputs = c->e->noutputs;
    if (!cl->max_given) {
        cl->max_length = cl->length;
        if (cl->length > HW_MAX_LENGTH) {
            conf_error(c, find_arg(c, "LENGTH"),
                       "LENGTH: %llu is more than the %d bytes the hardware can hold",
                       (unsigned long long)cl->length, HW_MAX_LENGTH);
            return false;
        }
    } else if (cl->max_length < cl->length) {
        conf_error(c, find_arg(c, "MAX_LENGTH"), "MAX_LENGTH: %llu is less than LENGTH %llu",
                   (unsigned long long)cl->max_length, (unsigned long long)cl->length);
        return false;
    }
    return true;
}

static void elaborate(ElabCtx *x)
{
    const CheckLengthConf *cl = x->conf;
    StrBuf *v = x->v;
    int W = x->width, K = W / 8, U = x->user_width;
    int head = x->head_in[0];
    bool out1 = x->noutputs > 1;
    uint64_t max = cl->max_length;
    /* The most beats of a packet that can arrive before its decision. */
    uint64_t hold = ((uint64_t)head + max + 1 + (uint64_t)K - 1) / (uint64_t)K;
    uint64_t depth = 4;
    while (depth < hold + 4)
        depth <<= 1;
    int db = vl_clog2(depth);
    int lb = vl_clog2(max + 1) ? vl_clog2(max + 1) : 1;        /* length_reg */
    int cb = vl_clog2((uint64_t)head + max + (uint64_t)K + 1);  /* byte count */
    /* Packets inside at once: as many 60-byte frames as the FIFO holds,
     * so a queue of small frames behind a long one never stalls the
     * input. */
    int decisions = 16;
    uint64_t min_beats = (60 + (uint64_t)K - 1) / (uint64_t)K;
    while ((uint64_t)decisions < depth / min_beats + 2)
        decisions <<= 1;
    int qb = vl_clog2((uint64_t)decisions);
    vl_element_header(x, "CheckLength: separates packets longer than a limit");
    sb_printf(v, "    // A packet's beats wait in the FIFO until its output is known: at the\n"
                 "    // beat where its length passes the limit, or at its last beat.  At most\n"
                 "    // %llu beats arrive before that; the FIFO holds %llu.  Up to %d packets\n"
                 "    // are inside at once (one decision each, in order).\n",
              (unsigned long long)hold, (unsigned long long)depth, decisions);
    sb_printf(v, "    reg [%d:0] length_reg;\n"
                 "    reg [63:0] drops_reg;\n"
                 "    reg [%d:0] bytes_reg;       // stream bytes of this packet before this beat\n"
                 "    reg in_frame_reg;           // a beat of this packet has gone in\n"
                 "    reg decided_reg;            // and its decision is made\n"
                 "    reg [%d:0] dec_reg;         // decisions, 1 = too long, by packet number\n"
                 "    reg [%d:0] start_ptr_reg;   // packets started at the input\n"
                 "    reg [%d:0] dec_ptr_reg;     // decisions made\n"
                 "    reg [%d:0] out_ptr_reg;     // packets gone at the output\n\n",
              lb - 1, cb - 1, decisions - 1, qb, qb, qb);
    int nb = 1;
    if (K == 1)
        sb_puts(v, "    wire [0:0] beat_bytes = s_axis_tkeep;  // one lane\n");
    else
        nb = vl_keep_count(x, "beat_bytes", "s_axis_tkeep");
    sb_printf(v, "    wire [%d:0] total = bytes_reg + ", cb - 1);
    if (cb > nb)
        sb_printf(v, "{%d'd0, beat_bytes};\n", cb - nb);
    else
        sb_puts(v, "beat_bytes;\n");
    if (head)
        sb_printf(v, "    wire over = total > %d'd%d + {%d'd0, length_reg};  // %d head bytes\n",
                  cb, head, cb - lb, head);
    else if (cb > lb)
        sb_printf(v, "    wire over = total > {%d'd0, length_reg};\n", cb - lb);
    else
        sb_puts(v, "    wire over = total > length_reg;\n");
    sb_printf(v, "    wire [%d:0] in_flight = start_ptr_reg - out_ptr_reg;\n"
                 "    wire admit = in_frame_reg || in_flight < %d'd%d;\n"
                 "    wire f_s_tready;\n"
                 "    assign s_axis_tready = f_s_tready && admit;\n"
                 "    wire in_beat = s_axis_tvalid && s_axis_tready;\n"
                 "    wire decide = in_beat && !decided_reg && (over || s_axis_tlast);\n\n",
              qb, qb + 1, decisions);
    sb_printf(v, "    wire [%d:0] f_tdata;\n    wire [%d:0] f_tkeep;\n    wire f_tlast;\n"
                 "    wire [%d:0] f_tuser;\n    wire f_tvalid;\n    wire f_tready;\n"
                 "    wire [%d:0] unused_beats;\n    wire [%d:0] unused_packets;\n"
                 "    wire unused_drop;\n"
                 "    fg_axis_fifo #(.DEPTH(%llu), .DATA_WIDTH(%d), .USER_WIDTH(%d), .FRAME_FIFO(0)) fifo (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "        .s_axis_tvalid(s_axis_tvalid && admit), .s_axis_tready(f_s_tready),\n"
                 "        .m_axis_tdata(f_tdata), .m_axis_tkeep(f_tkeep), .m_axis_tlast(f_tlast),\n"
                 "        .m_axis_tuser(f_tuser), .m_axis_tvalid(f_tvalid), .m_axis_tready(f_tready),\n"
                 "        .status_beats(unused_beats), .status_packets(unused_packets),\n"
                 "        .status_drop(unused_drop)\n"
                 "    );\n\n",
              W - 1, K - 1, U - 1, db, db, (unsigned long long)depth, W, U);
    sb_printf(v, "    // The packet at the FIFO's output goes where its decision says.\n"
                 "    wire known = dec_ptr_reg != out_ptr_reg;\n"
                 "    wire too_long = dec_reg[out_ptr_reg[%d:0]];\n",
              qb - 1);
    for (int j = 0; j < x->noutputs; j++)
        sb_printf(v, "    assign m_axis_tdata[%d +: %d] = f_tdata;\n"
                     "    assign m_axis_tkeep[%d +: %d] = f_tkeep;\n"
                     "    assign m_axis_tlast[%d] = f_tlast;\n"
                     "    assign m_axis_tuser[%d +: %d] = f_tuser;\n",
                  j * W, W, j * K, K, j, j * U, U);
    sb_puts(v, "    assign m_axis_tvalid[0] = f_tvalid && known && !too_long;\n");
    if (out1)
        sb_puts(v, "    assign m_axis_tvalid[1] = f_tvalid && known && too_long;\n"
                   "    assign f_tready = known && (too_long ? m_axis_tready[1] : m_axis_tready[0]);\n");
    else
        sb_puts(v, "    // No output 1: a packet that is too long is taken and dropped.\n"
                   "    assign f_tready = known && (too_long || m_axis_tready[0]);\n");
    sb_puts(v, "    wire out_end = f_tvalid && f_tready && f_tlast;\n\n");
    char rd[64];
    snprintf(rd, sizeof rd, "{%d'd0, length_reg}", 32 - lb);
    vl_csr_block(x, regs, (const char *const[]){rd, "drops_reg", NULL});
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (in_beat) begin\n"
                 "            in_frame_reg <= !s_axis_tlast;\n"
                 "            if (!in_frame_reg) start_ptr_reg <= start_ptr_reg + %d'd1;\n"
                 "            decided_reg <= !s_axis_tlast && (decided_reg || over);\n"
                 "            if (s_axis_tlast) bytes_reg <= %d'd0;\n"
                 "            else if (!decided_reg) bytes_reg <= total;\n"
                 "        end\n"
                 "        if (decide) begin\n"
                 "            dec_reg[dec_ptr_reg[%d:0]] <= over;\n"
                 "            dec_ptr_reg <= dec_ptr_reg + %d'd1;\n"
                 "        end\n"
                 "        if (out_end) begin\n"
                 "            out_ptr_reg <= out_ptr_reg + %d'd1;\n"
                 "%s"
                 "        end\n"
                 "        if (csr_wr_length)\n"
                 "            length_reg <= csr_wdata > 32'd%llu ? %d'd%llu : csr_wdata[%d:0];\n"
                 "        if (rst) begin\n"
                 "            length_reg <= %d'd%llu;\n"
                 "            drops_reg <= 64'd0;\n"
                 "            bytes_reg <= %d'd0;\n"
                 "            in_frame_reg <= 1'b0;\n"
                 "            decided_reg <= 1'b0;\n"
                 "            start_ptr_reg <= %d'd0;\n"
                 "            dec_ptr_reg <= %d'd0;\n"
                 "            out_ptr_reg <= %d'd0;\n"
                 "        end\n"
                 "    end\n\n",
              qb + 1, cb, qb - 1, qb + 1, qb + 1,
              out1 ? "" : "            if (too_long) drops_reg <= drops_reg + 64'd1;\n",
              (unsigned long long)max, lb, (unsigned long long)max, lb - 1,
              lb, (unsigned long long)cl->length, cb, qb + 1, qb + 1, qb + 1);
    if (out1)
        sb_puts(v, "    wire unused_drops = &{1'b0, drops_reg};\n\n");
    sb_puts(v, "    wire unused_status = &{1'b0, unused_beats, unused_packets, unused_drop};\n\n");
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const CheckLengthConf *cl = conf;
    if (p->len <= cl->length)
        model_emit(m, 0, p);
    else if (cl->noutputs > 1)
        model_emit(m, 1, p);
    else
        model_drop(m, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(CheckLengthConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_checklength = {
    .name = "CheckLength",
    .group = "standard",
    .port_count = "1/1-2",
    .processing = "a/ah",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
