/*
 * fromdevice.c -- the FromDevice element class: emits the frames received on
 * a board device.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "FromDevice(DEVNAME [, I<keywords> PROMISC, BURST, TIMESTAMP, ACTIVE])\n"
    "\n"
    "=s netdevices\n"
    "\n"
    "emits the frames received on a board device\n"
    "\n"
    "=d\n"
    "\n"
    "Pushes out of its single output every frame received on the network\n"
    "device DEVNAME, link-level header included. DEVNAME names a device of\n"
    "the board the configuration is compiled for (eth0, nf0, ...); the\n"
    "board description says which MAC or adapter it is and which pins it\n"
    "uses.\n"
    "\n"
    "Frames that arrive while FromDevice cannot take them wait in its\n"
    "receive queue; when that is full, whole frames are dropped and\n"
    "counted. In Click, the device also gives each frame its packet type\n"
    "annotation (addressed to this station, broadcast, multicast, ...),\n"
    "which DropBroadcasts and ICMPError rely on, and device and timestamp\n"
    "annotations.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item DEVNAME\n"
    "\n"
    "Device name. The board device to receive from. Required.\n"
    "\n"
    "=item PROMISC\n"
    "\n"
    "Boolean. Whether to accept frames addressed to other stations. Default\n"
    "is false.\n"
    "\n"
    "=item BURST\n"
    "\n"
    "Unsigned integer. The most frames to emit each time FromDevice runs.\n"
    "Default is 8.\n"
    "\n"
    "=item TIMESTAMP\n"
    "\n"
    "Boolean. Whether to set the timestamp annotation of received frames.\n"
    "Default is true.\n"
    "\n"
    "=item ACTIVE\n"
    "\n"
    "Boolean. If false, FromDevice takes no frames from the device. Default\n"
    "is true.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware FromDevice is a register stage between the board's receive\n"
    "port and its output: latency 1 cycle, one beat per cycle at every width.\n"
    "Where the device can pause (the sim board), back-pressure reaches it and\n"
    "no frame is lost. A MAC cannot pause: there FromDevice holds a receive\n"
    "queue of BUFFER bytes (a keyword fpgagen adds; default 16384, at least\n"
    "2048) that drops whole frames when full and counts them in drops.\n"
    "ACTIVE is a register: while it is false, whole frames are dropped and\n"
    "counted. PROMISC, BURST and TIMESTAMP are accepted for compatibility and\n"
    "change nothing: the board's MAC passes every frame, a stream has no\n"
    "bursts, and packets carry no timestamp annotation. count, drops,\n"
    "length, highwater_length, active and reset_counts are registers; calls\n"
    "is composed by the runtime.\n"
    "\n"
    "fpgagen follows the Linux kernel module version of FromDevice, whose\n"
    "device delivers frames on its own. The keywords of that version that\n"
    "concern the host's devices (QUIET, ALLOW_NONEXISTENT, UP_CALL,\n"
    "DOWN_CALL, ALIGNMENT) have no meaning on a board. Which annotations\n"
    "the hardware sets will be stated with its implementation.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> c :: Counter -> Queue -> ToDevice(eth1);\n"
    "\n"
    "=h active read/write\n"
    "\n"
    "Returns or changes the ACTIVE argument; reads false while the device\n"
    "is down.\n"
    "\n"
    "=h count read-only\n"
    "\n"
    "Frames emitted so far.\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Frames dropped because the receive queue was full.\n"
    "\n"
    "=h length read-only\n"
    "\n"
    "Frames waiting in the receive queue now.\n"
    "\n"
    "=h highwater_length read-only\n"
    "\n"
    "The largest number of frames the receive queue has held at once.\n"
    "\n"
    "=h calls read-only\n"
    "\n"
    "A summary of FromDevice's statistics, one per line.\n"
    "\n"
    "=h reset_counts write-only\n"
    "\n"
    "Writing anything sets C<count> and C<drops> to zero and\n"
    "C<highwater_length> to the current length.\n"
    "\n"
    "=a\n"
    "\n"
    "ToDevice, Queue, DropBroadcasts\n";

static const HandlerSpec handlers[] = {
    {"active", H_RW, "the ACTIVE argument"},
    {"count", H_READ, "frames emitted so far"},
    {"drops", H_READ, "frames dropped because the receive queue was full"},
    {"length", H_READ, "frames waiting in the receive queue now"},
    {"highwater_length", H_READ, "most frames the receive queue has held"},
    {"calls", H_READ, "a summary of the statistics"},
    {"reset_counts", H_WRITE, "sets the counters to zero"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"count", 0x00, 64, REG_R, "frames emitted"},
    {"drops", 0x08, 64, REG_R, "frames dropped"},
    {"active", 0x10, 32, REG_RW, "1 while frames are taken", RF_BOOL},
    {"length", 0x14, 32, REG_R, "frames waiting in the receive queue"},
    {"highwater_length", 0x18, 32, REG_R, "most frames waiting at once"},
    {"reset_counts", 0x1c, 32, REG_W, "clears count and drops"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct FromDeviceConf {
    const char *devname;
    bool promisc, timestamp, active;
    uint64_t burst, buffer;
} FromDeviceConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"DEVNAME", ARG_WORD, ARGF_MP, offsetof(FromDeviceConf, devname)},
        {"PROMISC", ARG_BOOL, ARGF_K, offsetof(FromDeviceConf, promisc)},
        {"BURST", ARG_UINT, ARGF_K, offsetof(FromDeviceConf, burst), 1, 1 << 20},
        {"TIMESTAMP", ARG_BOOL, ARGF_K, offsetof(FromDeviceConf, timestamp)},
        {"ACTIVE", ARG_BOOL, ARGF_K, offsetof(FromDeviceConf, active)},
        {"BUFFER", ARG_UINT, ARGF_K, offsetof(FromDeviceConf, buffer), 2048, 1 << 24},
        {NULL},
    };
    FromDeviceConf *f = conf;
    f->active = true;
    f->timestamp = true;
    f->burst = 8;
    f->buffer = 16384;
    return conf_parse(c, spec, conf);
}

static const char *device_name(const void *conf)
{
    return ((const FromDeviceConf *)conf)->devname;
}

static void elaborate(ElabCtx *x)
{
    const FromDeviceConf *f = x->conf;
    StrBuf *v = x->v;
    int W = x->width, U = x->user_width;
    /* A receive side that can pause (the sim board's) passes back-pressure
     * to the device; a MAC cannot pause, so its frames wait in a frame
     * FIFO that drops whole frames when full. */
    bool fifo = !x->dev || strcmp(x->dev->kind, "sim") != 0;
    vl_element_header(x, "FromDevice: frames received on a board device");
    sb_printf(v, "    reg active_reg;\n"
                 "    reg in_frame_reg;     // a beat of this frame has been taken\n"
                 "    reg dropping_reg;     // this frame is being dropped\n"
                 "    reg [63:0] count_reg;\n"
                 "    reg [63:0] drops_reg;\n"
                 "    reg [31:0] highwater_reg;  // stays 0 without a receive queue\n"
                 "    wire [31:0] length;\n\n"
                 "    // Whole frames are dropped while inactive: decided at the first beat.\n"
                 "    wire drop_now = in_frame_reg ? dropping_reg : !active_reg;\n"
                 "    wire q_tready;\n"
                 "    wire beat = rx_tvalid && rx_tready;\n"
                 "    assign rx_tready = drop_now || q_tready;\n\n");
    const char *skid_in = "rx";
    if (fifo) {
        uint64_t depth = 1;
        while (depth < f->buffer / (uint64_t)(W / 8))
            depth <<= 1;
        sb_printf(v, "    // Receive queue: %llu beats; whole frames dropped when full.\n"
                     "    wire [%d:0] q_beats;\n    wire [%d:0] q_packets;\n    wire q_drop;\n"
                     "    wire [%d:0] f_tdata;\n    wire [%d:0] f_tkeep;\n    wire f_tlast;\n"
                     "    wire [%d:0] f_tuser;\n    wire f_tvalid;\n    wire f_tready;\n"
                     "    fg_axis_fifo #(.DEPTH(%llu), .DATA_WIDTH(%d), .USER_WIDTH(%d), .FRAME_FIFO(1)) rxq (\n"
                     "        .clk(clk), .rst(rst),\n"
                     "        .s_axis_tdata(rx_tdata), .s_axis_tkeep(rx_tkeep), .s_axis_tlast(rx_tlast),\n"
                     "        .s_axis_tuser(rx_tuser), .s_axis_tvalid(rx_tvalid && !drop_now),\n"
                     "        .s_axis_tready(q_tready),\n"
                     "        .m_axis_tdata(f_tdata), .m_axis_tkeep(f_tkeep), .m_axis_tlast(f_tlast),\n"
                     "        .m_axis_tuser(f_tuser), .m_axis_tvalid(f_tvalid), .m_axis_tready(f_tready),\n"
                     "        .status_beats(q_beats), .status_packets(q_packets), .status_drop(q_drop)\n"
                     "    );\n"
                     "    wire unused_q = &{1'b0, q_beats};\n"
                     "    assign length = {%d'd0, q_packets};\n\n",
                  (unsigned long long)depth, vl_clog2(depth), vl_clog2(depth), W - 1, W / 8 - 1,
                  U - 1, (unsigned long long)depth, W, U, 31 - vl_clog2(depth));
        skid_in = "f";
    } else {
        sb_puts(v, "    wire q_drop = 1'b0;\n"
                   "    assign length = 32'd0;\n"
                   "    wire f_tready;\n"
                   "    assign q_tready = f_tready;\n\n");
    }
    sb_printf(v, "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(%s_tdata), .s_axis_tkeep(%s_tkeep), .s_axis_tlast(%s_tlast),\n"
                 "        .s_axis_tuser(%s_tuser), .s_axis_tvalid(%s_tvalid%s),\n"
                 "        .s_axis_tready(f_tready),\n"
                 "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
                 "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
                 "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
                 "    );\n\n",
              W, U, skid_in, skid_in, skid_in, skid_in, skid_in,
              fifo ? "" : " && !drop_now");
    vl_csr_block(x, regs, (const char *const[]){"count_reg", "drops_reg",
                                                "{31'd0, active_reg}", "length",
                                                "highwater_reg", NULL});
    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (beat) begin\n"
                 "            in_frame_reg <= !rx_tlast;\n"
                 "            if (!in_frame_reg) dropping_reg <= !active_reg;\n"
                 "            if (rx_tlast && drop_now) drops_reg <= drops_reg + 64'd1;\n"
                 "        end\n"
                 "        if (q_drop) drops_reg <= drops_reg + 64'd1;\n"
                 "        if (m_axis_tvalid && m_axis_tready && m_axis_tlast)\n"
                 "            count_reg <= count_reg + 64'd1;\n"
                 "%s"
                 "        if (csr_wr_active) active_reg <= csr_wdata != 32'd0;\n"
                 "        if (csr_wr_reset_counts) begin\n"
                 "            count_reg <= 64'd0;\n"
                 "            drops_reg <= 64'd0;\n"
                 "%s"
                 "        end\n"
                 "        if (rst) begin\n"
                 "            active_reg <= 1'b%d;\n"
                 "            in_frame_reg <= 1'b0;\n"
                 "            dropping_reg <= 1'b0;\n"
                 "            count_reg <= 64'd0;\n"
                 "            drops_reg <= 64'd0;\n"
                 "            highwater_reg <= 32'd0;\n"
                 "        end\n"
                 "    end\n\n",
              fifo ? "        if (length > highwater_reg) highwater_reg <= length;\n" : "",
              fifo ? "            highwater_reg <= length;\n" : "", f->active ? 1 : 0);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const FromDeviceConf *f = conf;
    if (!f->active)
        model_drop(m, p);
    else
        model_emit(m, 0, p);
}

/* ---- Runtime: calls, the counters in one reading ------------------------ */

static int read_calls(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    static const char *const summary[][2] = {
        {"count", "frames emitted"},
        {"drops", "frames dropped (receive queue full or inactive)"},
        {"length", "frames waiting"},
        {"highwater_length", "frames waiting at most"},
        {NULL, NULL},
    };
    return hctx_print_summary(c, summary);
}

static const HandlerRoutine routines[] = {
    {"calls", read_calls, NULL, 0},
    {NULL, NULL, NULL, 0},
};

static const HandlerClass runtime = {routines, 0, NULL};

static const ElementImpl impl = {
    .device = DEV_RX,
    .device_name = device_name,
    .conf_size = sizeof(FromDeviceConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
    .runtime = &runtime,
};

const ElementClass fg_class_fromdevice = {
    .name = "FromDevice",
    .group = "devices",
    .port_count = "0/1",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 32,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
