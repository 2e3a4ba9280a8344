/*
 * queue.c -- the Queue element class: stores packets in a FIFO queue.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Queue\n"
    "Queue(CAPACITY)\n"
    "\n"
    "=s storage\n"
    "\n"
    "stores packets in a FIFO queue\n"
    "\n"
    "=d\n"
    "\n"
    "Queue is where push turns into pull. Packets pushed into its input\n"
    "wait, first in first out, until the element downstream of output 0\n"
    "pulls them. The queue holds at most CAPACITY packets. A packet that\n"
    "arrives when it is full is dropped and counted; if output 1 is\n"
    "connected, the dropped packet is pushed out there instead of being\n"
    "destroyed.\n"
    "\n"
    "Queue tells its neighbours when its state changes: the puller learns\n"
    "when the queue becomes non-empty, and pushers can learn when it has\n"
    "room again. Apart from these notifications it behaves exactly like\n"
    "SimpleQueue.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item CAPACITY\n"
    "\n"
    "Unsigned integer. The most packets the queue holds at once. Default is\n"
    "1000.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware Queue is a FIFO in block RAM of BYTES bytes (a keyword\n"
    "fpgagen adds; default 16384, at least two frames of MTU bytes, MTU\n"
    "default 1536). A frame is admitted at its first beat when the queue\n"
    "holds fewer than CAPACITY packets and has room for an MTU-sized frame;\n"
    "otherwise the whole frame is dropped and counted, or emitted on output\n"
    "1 when that output is connected, as in Click. The stream is cut\n"
    "through: latency 2 cycles, one beat per cycle in and out at every\n"
    "width. Its pull output is the downstream tready. length,\n"
    "highwater_length, capacity (read/write at run time), drops,\n"
    "reset_counts and reset are registers; reset discards the packets queued\n"
    "at that moment without touching one that is already leaving.\n"
    "\n"
    "Every path from a push output to a pull input needs a Queue (or\n"
    "another push-to-pull element), exactly as in Click; ToDevice pulls, so\n"
    "a configuration normally ends in `... -> Queue -> ToDevice(eth0)'.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> q :: Queue(200) -> ToDevice(eth1);\n"
    "\n"
    "Reading C<q.drops> tells how many frames did not fit.\n"
    "\n"
    "=h length read-only\n"
    "\n"
    "Packets in the queue now.\n"
    "\n"
    "=h highwater_length read-only\n"
    "\n"
    "The largest number of packets the queue has held at one time since it\n"
    "was created or its counts were last reset.\n"
    "\n"
    "=h capacity read/write\n"
    "\n"
    "Returns or changes the queue's capacity (the CAPACITY argument).\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets refused because the queue was full. A refused packet leaves on\n"
    "output 1 when that output is connected, and is destroyed otherwise.\n"
    "\n"
    "=h reset_counts write-only\n"
    "\n"
    "Writing anything sets C<drops> to zero and C<highwater_length> to the\n"
    "current length.\n"
    "\n"
    "=h reset write-only\n"
    "\n"
    "Writing anything removes every packet from the queue; they leave on\n"
    "output 1 when it is connected and are destroyed otherwise.\n"
    "\n"
    "=a\n"
    "\n"
    "SimpleQueue, Unqueue, ToDevice, Discard\n";

static const HandlerSpec handlers[] = {
    {"length", H_READ, "packets in the queue now"},
    {"highwater_length", H_READ, "most packets the queue has held at once"},
    {"capacity", H_RW, "the CAPACITY argument"},
    {"drops", H_READ, "packets dropped because the queue was full"},
    {"reset_counts", H_WRITE, "clears drops and highwater_length"},
    {"reset", H_WRITE, "empties the queue"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"length", 0x00, 32, REG_R, "packets in the queue"},
    {"highwater_length", 0x04, 32, REG_R, "most packets held at once"},
    {"capacity", 0x08, 32, REG_RW, "packet limit", RF_UINT, 0x7fffffff},
    {"drops", 0x10, 64, REG_R, "packets dropped"},
    {"reset_counts", 0x18, 32, REG_W, "clears drops and highwater_length"},
    {"reset", 0x1c, 32, REG_W, "drops the packets in the queue"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct QueueConf {
    uint64_t capacity, bytes, mtu;
} QueueConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"CAPACITY", ARG_UINT, ARGF_P, offsetof(QueueConf, capacity), 1, 0x7fffffff},
        {"BYTES", ARG_UINT, ARGF_K, offsetof(QueueConf, bytes), 64, 1 << 24},
        {"MTU", ARG_UINT, ARGF_K, offsetof(QueueConf, mtu), 60, 9216},
        {NULL},
    };
    QueueConf *q = conf;
    q->capacity = 1000;
    q->bytes = 16384;
    q->mtu = 1536;
    if (!conf_parse(c, spec, conf))
        return false;
    if (q->bytes < 2 * q->mtu) {
        conf_error(c, NULL, "BYTES %llu is less than two frames of MTU %llu",
                   (unsigned long long)q->bytes, (unsigned long long)q->mtu);
        return false;
    }
    return true;
}

static void elaborate(ElabCtx *x)
{
    const QueueConf *q = x->conf;
    StrBuf *v = x->v;
    int W = x->width, K = W / 8, U = x->user_width;
    uint64_t depth = 1;
    while (depth * (uint64_t)K < q->bytes)
        depth <<= 1;
    int dbits = vl_clog2(depth);
    uint64_t need = (q->mtu + (uint64_t)K - 1) / (uint64_t)K;  /* beats */
    bool out1 = x->noutputs > 1;
    vl_element_header(x, "Queue: a packet FIFO that drops when full");
    sb_printf(v, "    // %llu beats of storage; a frame is admitted at its first beat when the\n"
                 "    // queue holds fewer than capacity packets and room for an MTU frame, so\n"
                 "    // it never runs out of room halfway.  Refused frames are %s.\n"
                 "    localparam DEPTH = %llu;\n"
                 "    localparam [%d:0] NEED = %d'd%llu;\n\n",
              (unsigned long long)depth, out1 ? "emitted on output 1" : "dropped and counted",
              (unsigned long long)depth, dbits, dbits + 1, (unsigned long long)need);
    sb_printf(v, "    wire [%d:0] q_beats;\n    wire [%d:0] q_packets;\n    wire unused_q_drop;\n"
                 "    reg [31:0] capacity_reg;\n    reg [31:0] highwater_reg;\n"
                 "    reg [63:0] drops_reg;\n    reg [31:0] flush_reg;   // packets still to discard\n"
                 "    reg in_frame_reg;\n    reg refuse_reg;\n"
                 "    reg out_frame_reg;   // an output packet is under way\n"
                 "    reg discard_reg;     // and it is being discarded\n\n",
              dbits, dbits);
    sb_printf(v, "    wire [31:0] length = {%d'd0, q_packets};\n"
                 "    wire room = length < capacity_reg && (%d'd%llu - q_beats) >= NEED;\n"
                 "    wire refuse = in_frame_reg ? refuse_reg : !room;\n"
                 "    wire f_tready;\n"
                 "    wire in_beat = s_axis_tvalid && s_axis_tready[0];\n",
              31 - dbits, dbits + 1, (unsigned long long)depth);
    if (out1) {
        sb_printf(v, "    wire d_tready;\n"
                     "    assign s_axis_tready = refuse ? d_tready : f_tready;\n\n"
                     "    // Refused frames leave on output 1.\n"
                     "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) refused (\n"
                     "        .clk(clk), .rst(rst),\n"
                     "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                     "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                     "        .s_axis_tvalid(s_axis_tvalid && refuse), .s_axis_tready(d_tready),\n"
                     "        .m_axis_tdata(m_axis_tdata[%d +: %d]), .m_axis_tkeep(m_axis_tkeep[%d +: %d]),\n"
                     "        .m_axis_tlast(m_axis_tlast[1]), .m_axis_tuser(m_axis_tuser[%d +: %d]),\n"
                     "        .m_axis_tvalid(m_axis_tvalid[1]), .m_axis_tready(m_axis_tready[1])\n"
                     "    );\n\n",
                  W, U, W, W, K, K, U, U);
    } else {
        sb_puts(v, "    assign s_axis_tready = refuse || f_tready;\n\n");
    }
    sb_printf(v, "    wire [%d:0] o_tdata;\n    wire [%d:0] o_tkeep;\n    wire o_tlast;\n"
                 "    wire [%d:0] o_tuser;\n    wire o_tvalid;\n"
                 "    wire o_tready = discard_ok ? 1'b1 : m_axis_tready[0];\n"
                 "    wire discard_now = out_frame_reg ? discard_reg : flush_reg != 32'd0;\n"
                 "    wire discard_ok = discard_now;\n"
                 "    fg_axis_fifo #(.DEPTH(DEPTH), .DATA_WIDTH(%d), .USER_WIDTH(%d), .FRAME_FIFO(0)) fifo (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "        .s_axis_tvalid(s_axis_tvalid && !refuse), .s_axis_tready(f_tready),\n"
                 "        .m_axis_tdata(o_tdata), .m_axis_tkeep(o_tkeep), .m_axis_tlast(o_tlast),\n"
                 "        .m_axis_tuser(o_tuser), .m_axis_tvalid(o_tvalid), .m_axis_tready(o_tready),\n"
                 "        .status_beats(q_beats), .status_packets(q_packets), .status_drop(unused_q_drop)\n"
                 "    );\n"
                 "    assign m_axis_tdata[%d:0] = o_tdata;\n"
                 "    assign m_axis_tkeep[%d:0] = o_tkeep;\n"
                 "    assign m_axis_tlast[0] = o_tlast;\n"
                 "    assign m_axis_tuser[%d:0] = o_tuser;\n"
                 "    assign m_axis_tvalid[0] = o_tvalid && !discard_now;\n"
                 "    wire out_beat = o_tvalid && o_tready;\n\n",
              W - 1, K - 1, U - 1, W, U, W - 1, K - 1, U - 1);
    vl_csr_block(x, regs, (const char *const[]){"length", "highwater_reg", "capacity_reg",
                                                "drops_reg", NULL, NULL});
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (in_beat) begin\n"
                 "            in_frame_reg <= !s_axis_tlast;\n"
                 "            if (!in_frame_reg) refuse_reg <= !room;\n"
                 "            if (s_axis_tlast && refuse) drops_reg <= drops_reg + 64'd1;\n"
                 "        end\n"
                 "        if (out_beat) begin\n"
                 "            out_frame_reg <= !o_tlast;\n"
                 "            if (!out_frame_reg) discard_reg <= discard_now;\n"
                 "            if (!out_frame_reg && discard_now && !csr_wr_reset)\n"
                 "                flush_reg <= flush_reg - 32'd1;\n"
                 "        end\n"
                 "        if (length > highwater_reg) highwater_reg <= length;\n"
                 "        if (csr_wr_capacity) capacity_reg <= csr_wdata;\n"
                 "        if (csr_wr_reset_counts) begin\n"
                 "            drops_reg <= 64'd0;\n"
                 "            highwater_reg <= length;\n"
                 "        end\n"
                 "        // Discard the packets queued now; a packet already leaving finishes.\n"
                 "        if (csr_wr_reset)\n"
                 "            flush_reg <= length - {31'd0, out_frame_reg && !discard_reg};\n"
                 "        if (rst) begin\n"
                 "            capacity_reg <= 32'd%llu;\n"
                 "            highwater_reg <= 32'd0;\n"
                 "            drops_reg <= 64'd0;\n"
                 "            flush_reg <= 32'd0;\n"
                 "            in_frame_reg <= 1'b0;\n"
                 "            refuse_reg <= 1'b0;\n"
                 "            out_frame_reg <= 1'b0;\n"
                 "            discard_reg <= 1'b0;\n"
                 "        end\n"
                 "    end\n\n",
              (unsigned long long)q->capacity);
    if (!out1)
        sb_puts(v, "");
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    /* Without time, a queue drains as fast as it fills: it never drops. */
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(QueueConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_queue = {
    .name = "Queue",
    .group = "standard",
    .port_count = "1/1-2",
    .processing = "h/lh",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 32,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
