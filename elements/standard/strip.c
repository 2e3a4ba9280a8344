/*
 * strip.c -- the Strip element class: removes bytes from the front of
 * packets.
 */
#include "datapath.h"

#include <stddef.h>

static const char doc[] =
    "=c\n"
    "\n"
    "Strip(LENGTH)\n"
    "\n"
    "=s basicmod\n"
    "\n"
    "removes bytes from the front of packets\n"
    "\n"
    "=d\n"
    "\n"
    "Removes the first LENGTH bytes of every packet (all of it, if the\n"
    "packet is shorter) and emits the rest. Annotations are not touched:\n"
    "header annotations such as the IP header annotation keep pointing at\n"
    "the same bytes.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item LENGTH\n"
    "\n"
    "Unsigned integer. How many bytes to remove. Required.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware Strip moves no byte. The generator records that the\n"
    "packet now begins LENGTH bytes further into the stream (the head\n"
    "offset of Strip's output, in design.json), and the elements after it\n"
    "read their header bytes there. The stripped bytes travel on, so an\n"
    "Unstrip or an EtherEncap further on finds them again without moving\n"
    "anything. They leave the stream only where they must: at a ToDevice\n"
    "(the device sends from the head) and where paths with different head\n"
    "offsets merge, each time through an fg_axis_shift at one beat per\n"
    "cycle.\n"
    "\n"
    "Strip itself is one register stage (fg_axis_skid): latency 1 cycle,\n"
    "one beat per cycle at every width with back-to-back packets, nothing\n"
    "lost under back-pressure; 2 x (W + W/8 + U + 2) flip-flops (W the\n"
    "datapath width, U the annotation width): at W = 64 with the sim\n"
    "board's 32 annotation bits, 112 LUT4 and 212 flip-flops (Yosys\n"
    "synth_ice40). It has no registers.\n"
    "\n"
    "Differences from Click: LENGTH is at most 65535. A packet shorter\n"
    "than LENGTH keeps its bytes in the stream: a ToDevice drops it (and\n"
    "counts it) as Click's would drop the empty packet, but an Unstrip of\n"
    "the same length gives back the original packet, where Click gives\n"
    "LENGTH bytes whose first ones are unspecified.\n"
    "\n"
    "=e\n"
    "\n"
    "Remove the Ethernet header before the IP elements:\n"
    "\n"
    "  FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> ...\n"
    "\n"
    "=a\n"
    "\n"
    "Unstrip, EtherEncap, MarkIPHeader\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

typedef struct StripConf {
    uint64_t length;
} StripConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"LENGTH", ARG_UINT, ARGF_MP, offsetof(StripConf, length), 0, 65535, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    return conf_parse(c, spec, conf);
}

/* The packet begins LENGTH bytes later; the bytes stay in the stream. */
static void heads(const void *conf, const int *head_in, int nin, int *head_out,
                  int nout)
{
    const StripConf *s = conf;
    head_out[0] = head_in[0] + (int)s->length;
}

static void elaborate(ElabCtx *x)
{
    const StripConf *s = x->conf;
    StrBuf *v = x->v;
    vl_element_header(x, "Strip: removes bytes from the front of packets");
    sb_printf(v, "    // The packet now begins %llu bytes later in the stream (head offset\n"
                 "    // %d -> %d): no byte moves.  A register stage carries the stream.\n"
                 "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
                 "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
                 "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
                 "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
                 "    );\n\n",
              (unsigned long long)s->length, x->head_in[0], x->head_out[0], x->width,
              x->user_width);
    vl_footer(v);
}

/* Click's pull: the head moves forward, at most to the packet's end. */
static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const StripConf *s = conf;
    size_t n = s->length < p->len ? (size_t)s->length : p->len;
    p->head += n;
    p->len -= n;
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(StripConf),
    .configure = configure,
    .heads = heads,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_strip = {
    .name = "Strip",
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
