/*
 * null.c -- the Null element class: passes packets unchanged.
 */
#include "datapath.h"

static const char doc[] =
    "=c\n"
    "\n"
    "Null\n"
    "\n"
    "=s basictransfer\n"
    "\n"
    "passes packets unchanged\n"
    "\n"
    "=d\n"
    "\n"
    "Emits each input packet unchanged on its output. Null is mostly used\n"
    "as a named junction point in a configuration (an empty compound\n"
    "element `{->}' does the same job and disappears when the configuration\n"
    "is flattened).\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware Null is one register stage (a skid register): latency 1\n"
    "cycle, one beat per cycle sustained at every width, back-to-back\n"
    "packets with no idle cycle, nothing lost when the output waits. Its\n"
    "input ready is a flip-flop, so Null also cuts a long ready path.\n"
    "Resources: 2 x (W + W/8 + U + 2) flip-flops and about W + W/8 + U\n"
    "LUTs for the output multiplexer; no registers, nothing in the\n"
    "runtime. It works in push and in pull context alike (a pull is the\n"
    "downstream ready).\n"
    "\n"
    "=e\n"
    "\n"
    "  join :: Null;\n"
    "  FromDevice(eth0) -> join;\n"
    "  FromDevice(eth1) -> join;\n"
    "  join -> Queue -> ToDevice(eth2);\n"
    "\n"
    "=a\n"
    "\n"
    "Idle, Tee\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    vl_element_header(x, "Null: passes packets unchanged");
    sb_printf(v, "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(s_axis_tdata), .s_axis_tkeep(s_axis_tkeep),\n"
                 "        .s_axis_tlast(s_axis_tlast), .s_axis_tuser(s_axis_tuser),\n"
                 "        .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready),\n"
                 "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
                 "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
                 "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
                 "    );\n\n",
              x->width, x->user_width);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_null = {
    .name = "Null",
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
