/*
 * todevice.c -- the ToDevice element class: sends packets out a board
 * device.
 */
#include "datapath.h"

#include <stddef.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "ToDevice(DEVNAME [, BURST, I<keywords> NO_PAD])\n"
    "\n"
    "=s netdevices\n"
    "\n"
    "sends packets out a board device\n"
    "\n"
    "=d\n"
    "\n"
    "Pulls packets from its single input and transmits them on the network\n"
    "device DEVNAME of the board. Its input is pull, so a Queue (or another\n"
    "element that turns push into pull) must come before it. Packets must\n"
    "already carry their link-level header. Ethernet frames shorter than 60\n"
    "bytes are padded to 60 bytes unless NO_PAD is true.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item DEVNAME\n"
    "\n"
    "Device name. The board device to send on. Required.\n"
    "\n"
    "=item BURST\n"
    "\n"
    "Unsigned integer. The most packets to pull each time ToDevice runs.\n"
    "Default is 16.\n"
    "\n"
    "=item NO_PAD\n"
    "\n"
    "Boolean. If true, short Ethernet frames are sent as they are. Default\n"
    "is false.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware ToDevice is a register stage between its input and the\n"
    "board's transmit port: latency 1 cycle, one beat per cycle at every\n"
    "width. The device sends a frame from its head: where an upstream Strip\n"
    "left bytes at the front of the stream, ToDevice removes them here (the\n"
    "one place bytes must move), still at one beat per cycle. A frame with\n"
    "no bytes left is dropped and counted in drops. holds counts frames whose\n"
    "first beat had to wait for the device. BURST and QUIET are accepted for\n"
    "compatibility and change nothing. count, drops, holds and reset_counts\n"
    "are registers; calls is composed by the runtime.\n"
    "\n"
    "fpgagen follows the Linux kernel module version of ToDevice. The\n"
    "keywords of that version that concern the host's devices (QUIET,\n"
    "QUEUE, ALLOW_NONEXISTENT, UP_CALL, DOWN_CALL) have no meaning on a\n"
    "board.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> Queue(64) -> ToDevice(eth0);\n"
    "\n"
    "=h count read-only\n"
    "\n"
    "Packets sent so far.\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets dropped because they were too short for the device or the\n"
    "device refused them.\n"
    "\n"
    "=h holds read-only\n"
    "\n"
    "How many times a pulled packet had to be held back because the device\n"
    "was busy.\n"
    "\n"
    "=h calls read-only\n"
    "\n"
    "A summary of ToDevice's statistics, one per line.\n"
    "\n"
    "=h reset_counts write-only\n"
    "\n"
    "Writing anything sets the counters to zero.\n"
    "\n"
    "=a\n"
    "\n"
    "FromDevice, Queue\n";

static const HandlerSpec handlers[] = {
    {"count", H_READ, "packets sent so far"},
    {"drops", H_READ, "packets dropped"},
    {"holds", H_READ, "times a packet waited for a busy device"},
    {"calls", H_READ, "a summary of the statistics"},
    {"reset_counts", H_WRITE, "sets the counters to zero"},
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static const RegSpec regs[] = {
    {"count", 0x00, 64, REG_R, "frames sent"},
    {"drops", 0x08, 64, REG_R, "frames with no bytes left to send"},
    {"holds", 0x10, 64, REG_R, "frames that waited for the device"},
    {"reset_counts", 0x18, 32, REG_W, "clears the counts"},
    {NULL, 0, 0, 0, NULL},
};

typedef struct ToDeviceConf {
    const char *devname;
    uint64_t burst;
    bool quiet;
} ToDeviceConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"DEVNAME", ARG_WORD, ARGF_MP, offsetof(ToDeviceConf, devname)},
        {"BURST", ARG_UINT, ARGF_K, offsetof(ToDeviceConf, burst), 1, 1 << 20},
        {"QUIET", ARG_BOOL, ARGF_K, offsetof(ToDeviceConf, quiet)},
        {NULL},
    };
    ((ToDeviceConf *)conf)->burst = 16;
    return conf_parse(c, spec, conf);
}

static const char *device_name(const void *conf)
{
    return ((const ToDeviceConf *)conf)->devname;
}

static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    int W = x->width, U = x->user_width;
    vl_element_header(x, "ToDevice: frames sent on a board device");
    /* The device sends from the packet's head: stripped bytes that are
     * still in the stream leave here. */
    sb_printf(v, "    wire vanished;\n"
                 "    fg_axis_shift #(.DATA_WIDTH(%d), .USER_WIDTH(%d), .SHIFT_BYTES(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
                 "        .m_axis_tdata(tx_tdata), .m_axis_tkeep(tx_tkeep), .m_axis_tlast(tx_tlast),\n"
                 "        .m_axis_tuser(tx_tuser), .m_axis_tvalid(tx_tvalid), .m_axis_tready(tx_tready),\n"
                 "        .drop(vanished)\n"
                 "    );\n\n"
                 "    reg first_reg;        // the next tx beat starts a frame\n"
                 "    reg waited_reg;       // this frame's first beat has waited\n"
                 "    reg [63:0] count_reg;\n"
                 "    reg [63:0] drops_reg;\n"
                 "    reg [63:0] holds_reg;\n\n",
              W, U, x->head_in[0]);
    vl_csr_block(x, regs, (const char *const[]){"count_reg", "drops_reg", "holds_reg", NULL});
    sb_puts(v, "    always @(posedge clk) begin\n"
               "        if (tx_tvalid && tx_tready) begin\n"
               "            first_reg <= tx_tlast;\n"
               "            waited_reg <= 1'b0;\n"
               "            if (tx_tlast) count_reg <= count_reg + 64'd1;\n"
               "        end else if (tx_tvalid && first_reg && !waited_reg) begin\n"
               "            waited_reg <= 1'b1;\n"
               "            holds_reg <= holds_reg + 64'd1;\n"
               "        end\n"
               "        if (vanished) drops_reg <= drops_reg + 64'd1;\n"
               "        if (csr_wr_reset_counts) begin\n"
               "            count_reg <= 64'd0;\n"
               "            drops_reg <= 64'd0;\n"
               "            holds_reg <= 64'd0;\n"
               "        end\n"
               "        if (rst) begin\n"
               "            first_reg <= 1'b1;\n"
               "            waited_reg <= 1'b0;\n"
               "            count_reg <= 64'd0;\n"
               "            drops_reg <= 64'd0;\n"
               "            holds_reg <= 64'd0;\n"
               "        end\n"
               "    end\n\n");
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    if (p->len == 0)
        model_drop(m, p);   /* nothing left to send */
    else
        model_transmit(m, p);
}

/* ---- Runtime: calls, the counters in one reading ------------------------ */

static int read_calls(HandlerCtx *c, const char *param, size_t len)
{
    (void)param, (void)len;
    static const char *const summary[][2] = {
        {"count", "frames sent"},
        {"drops", "frames dropped (no bytes left)"},
        {"holds", "frames that waited for the device"},
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
    .device = DEV_TX,
    .device_name = device_name,
    .conf_size = sizeof(ToDeviceConf),
    .configure = configure,
    .regs = regs,
    .elaborate = elaborate,
    .model_push = model_push,
    .runtime = &runtime,
};

const ElementClass fg_class_todevice = {
    .name = "ToDevice",
    .group = "devices",
    .port_count = "1/0",
    .processing = "l/l",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 32,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
