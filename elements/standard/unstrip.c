/*
 * unstrip.c -- the Unstrip element class: puts bytes back in front of
 * packets.
 */
#include "datapath.h"

#include <stddef.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Unstrip(LENGTH)\n"
    "\n"
    "=s basicmod\n"
    "\n"
    "puts bytes back in front of packets\n"
    "\n"
    "=d\n"
    "\n"
    "Extends every packet by LENGTH bytes at the front and emits it. The\n"
    "bytes that appear are the ones that were in front of the packet data;\n"
    "after a Strip of the same length they are the bytes Strip removed, so\n"
    "Strip and Unstrip together take a header off and put it back.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item LENGTH\n"
    "\n"
    "Unsigned integer. How many bytes to put back. Required.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware a Strip moves no byte: the stripped bytes stay in the\n"
    "stream in front of the packet's head offset (see Strip). When at least\n"
    "LENGTH such bytes precede the head, as after a Strip of LENGTH or more,\n"
    "Unstrip moves no byte either: the head offset of its output is LENGTH\n"
    "less than its input's and the bytes put back are exactly the ones that\n"
    "were there. Unstrip is then one register stage (fg_axis_skid): latency\n"
    "1 cycle, one beat per cycle at every width with back-to-back packets,\n"
    "nothing lost under back-pressure; at W = 64 with the sim board's 32\n"
    "annotation bits, 112 LUT4 and 212 flip-flops (Yosys synth_ice40).\n"
    "\n"
    "When fewer bytes precede the head (none, straight after FromDevice),\n"
    "the missing ones are inserted in front of every packet by an\n"
    "fg_axis_prepend, and they are zero; Click leaves the contents of such\n"
    "bytes unspecified. Latency 1 cycle; the output carries one beat per\n"
    "cycle with back-to-back packets, the input pausing only for the beats\n"
    "by which a packet grows. Inserting 6 bytes at W = 64 takes 208 LUT4\n"
    "and 300 flip-flops.\n"
    "\n"
    "LENGTH is at most 65535. Unstrip has no registers.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> Strip(14) -> CheckIPHeader -> Unstrip(14) -> ...\n"
    "\n"
    "=a\n"
    "\n"
    "Strip, EtherEncap\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

typedef struct UnstripConf {
    uint64_t length;
} UnstripConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"LENGTH", ARG_UINT, ARGF_MP, offsetof(UnstripConf, length), 0, 65535, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    return conf_parse(c, spec, conf);
}

/* The bytes in front of the head come back; what is not in the stream
 * is inserted, so the head offset never goes below zero. */
static void heads(const void *conf, const int *head_in, int nin, int *head_out,
                  int nout)
{
    const UnstripConf *u = conf;
    int h = head_in[0] - (int)u->length;
    head_out[0] = h > 0 ? h : 0;
}

static void elaborate(ElabCtx *x)
{
    const UnstripConf *u = x->conf;
    StrBuf *v = x->v;
    int W = x->width, U = x->user_width;
    int insert = (int)u->length - x->head_in[0];
    vl_element_header(x, "Unstrip: puts bytes back in front of packets");
    if (insert <= 0) {
        sb_printf(v, "    // The %llu bytes put back are still in the stream (head offset\n"
                     "    // %d -> %d): no byte moves.  A register stage carries the stream.\n"
                     "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n",
                  (unsigned long long)u->length, x->head_in[0], x->head_out[0], W, U);
    } else {
        sb_printf(v, "    // Only %d of the %llu bytes put back are in the stream: the other %d\n"
                     "    // are inserted in front of every packet, zero (Click leaves them\n"
                     "    // unspecified).\n"
                     "    fg_axis_prepend #(.DATA_WIDTH(%d), .USER_WIDTH(%d), .BYTES(%d)) stage (\n"
                     "        .prefix(%d'd0),\n",
                  x->head_in[0], (unsigned long long)u->length, insert, W, U, insert,
                  8 * insert);
    }
    sb_puts(v, "        .clk(clk), .rst(rst),\n"
               "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
               "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
               "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
               "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
               "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
               "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
               "    );\n\n");
    vl_footer(v);
}

/* Click's push: the head moves back; bytes that were never there are
 * zero in the model, as the hardware inserts them. */
static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const UnstripConf *u = conf;
    packet_push_front(p, (size_t)u->length);
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(UnstripConf),
    .configure = configure,
    .heads = heads,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_unstrip = {
    .name = "Unstrip",
    .group = "standard",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
