/*
 * ethermirror.c -- the EtherMirror element class: swaps Ethernet source and
 * destination addresses.
 */
#include "datapath.h"

static const char doc[] =
    "=c\n"
    "\n"
    "EtherMirror\n"
    "\n"
    "=s ethernet\n"
    "\n"
    "swaps Ethernet source and destination addresses\n"
    "\n"
    "=d\n"
    "\n"
    "Expects Ethernet frames. Exchanges each frame's source and destination\n"
    "addresses (bytes 6-11 and 0-5) and emits it, so that it can be sent\n"
    "back where it came from.\n"
    "\n"
    "=n\n"
    "\n"
    "In hardware the 12 address bytes are at fixed lanes of fixed beats of\n"
    "the packet, computed from the width and the head offset when the\n"
    "design is generated. When they all arrive in one beat (W >= 128 and\n"
    "the head not too close to a beat's end) EtherMirror is a lane\n"
    "crossbar in front of one register stage (fg_axis_skid): latency 1\n"
    "cycle. Otherwise a byte of the destination address must wait for the\n"
    "source address byte that replaces it, up to D beats later (W = 8: D =\n"
    "6; W = 16: 3; W = 32: 2; W = 64: 1 with the head at 0). EtherMirror\n"
    "then holds the last D beats in a small buffer of registers, writes the\n"
    "late bytes into the beats they belong to as they arrive, and lets a\n"
    "beat leave once the D beats after it, or its packet's end, have\n"
    "arrived: latency D + 2 cycles. At every width one beat per cycle with\n"
    "back-to-back packets, nothing lost under back-pressure; the output is\n"
    "registered (fg_axis_skid).\n"
    "\n"
    "Resources at W = 64 (D = 1) with the sim board's 32 annotation bits,\n"
    "Yosys synth_ice40: 381 LUT4 and 462 flip-flops, of which two buffered\n"
    "beats take 2 x (W + W/8 + U + 1) flip-flops and the register stage\n"
    "212. EtherMirror has no registers.\n"
    "\n"
    "Differences from Click: of a frame shorter than 12 bytes, Click\n"
    "exchanges bytes past its end as well; fpgagen exchanges byte i and\n"
    "byte i + 6 only when both are in the frame.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> EtherMirror -> Queue -> ToDevice(eth0);\n"
    "\n"
    "=a\n"
    "\n"
    "EtherEncap, EtherRewrite\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

typedef struct EtherMirrorConf {
    char unused;
} EtherMirrorConf;

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    return conf_parse(c, spec, conf);
}

static void emit_stage(StrBuf *v, int W, int U, const char *in, const char *valid,
                       const char *ready)
{
    sb_printf(v, "    fg_axis_skid #(.DATA_WIDTH(%d), .USER_WIDTH(%d)) stage (\n"
                 "        .clk(clk), .rst(rst),\n"
                 "        .s_axis_tdata(%s_tdata), .s_axis_tkeep(%s_tkeep),\n"
                 "        .s_axis_tlast(%s_tlast), .s_axis_tuser(%s_tuser),\n"
                 "        .s_axis_tvalid(%s), .s_axis_tready(%s),\n"
                 "        .m_axis_tdata(m_axis_tdata), .m_axis_tkeep(m_axis_tkeep),\n"
                 "        .m_axis_tlast(m_axis_tlast), .m_axis_tuser(m_axis_tuser),\n"
                 "        .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready)\n"
                 "    );\n\n",
              W, U, in, in, in, in, valid, ready);
}

/*
 * Address byte j (0-11) of the packet is stream byte h + j, in beat
 * (h + j) / K, lane (h + j) % K.  Byte i < 6 takes byte i + 6, which
 * may arrive up to D beats later; byte i + 6 takes byte i, which has
 * always arrived (it is captured when it passes, or taken from the same
 * beat).  Bytes whose source is in the same beat are exchanged as the
 * beat goes in (p_tdata); the late ones are written into the buffered
 * beat they belong to when their source arrives.
 */
static void elaborate(ElabCtx *x)
{
    StrBuf *v = x->v;
    int W = x->width, K = W / 8, U = x->user_width;
    int h = x->head_in[0];
    int top = (h + 11) / K + 1;     /* beat index saturates here */
    int cw = vl_clog2((uint64_t)top + 1);
    if (cw < 1)
        cw = 1;
    int D = 0;
    for (int i = 0; i < 6; i++) {
        int d = (h + i + 6) / K - (h + i) / K;
        if (d > D)
            D = d;
    }
    vl_element_header(x, "EtherMirror: swaps Ethernet source and destination addresses");
    sb_printf(v, "    // Address bytes are stream bytes %d to %d; a destination byte waits at\n"
                 "    // most %d beat(s) for the source byte that replaces it.\n"
                 "    reg [%d:0] beat_reg;     // input beat within its packet, saturating at %d\n"
                 "    wire push;\n",
              h, h + 11, D, cw - 1, top);
    for (int i = 0; i < 6; i++)
        if ((h + i) / K != (h + i + 6) / K)
            sb_printf(v, "    reg [7:0] cap%d_reg;      // address byte %d, for byte %d\n", i, i,
                      i + 6);

    /* The beat going in, with the exchanges that stay inside it. */
    sb_printf(v, "\n    wire [%d:0] p_tdata;\n", W - 1);
    for (int l = 0; l < K; l++) {
        StrBuf rules = {0};
        for (int j = 0; j < 12; j++) {
            int p = h + j;
            if (p % K != l)
                continue;
            int q = j < 6 ? p + 6 : p - 6;      /* the source byte */
            if (q / K != p / K) {
                if (j >= 6)
                    sb_printf(&rules, "\n        beat_reg == %d'd%d ? cap%d_reg :", cw, p / K,
                              j - 6);
                continue;
            }
            if (j < 6)
                sb_printf(&rules, "\n        beat_reg == %d'd%d && s_axis_tkeep[%d] ? "
                                  "s_axis_tdata[%d:%d] :",
                          cw, p / K, q % K, 8 * (q % K) + 7, 8 * (q % K));
            else
                sb_printf(&rules, "\n        beat_reg == %d'd%d ? s_axis_tdata[%d:%d] :", cw,
                          p / K, 8 * (q % K) + 7, 8 * (q % K));
        }
        sb_printf(v, "    assign p_tdata[%d:%d] =%s%ss_axis_tdata[%d:%d];\n", 8 * l + 7, 8 * l,
                  sb_str(&rules), rules.len ? "\n        " : " ", 8 * l + 7, 8 * l);
        sb_free(&rules);
    }
    sb_puts(v, "\n");

    if (D == 0) {
        sb_puts(v, "    assign push = s_axis_tvalid[0] && s_axis_tready[0];\n"
                   "    wire [0:0] p_tlast = s_axis_tlast;\n");
        sb_printf(v, "    wire [%d:0] p_tkeep = s_axis_tkeep;\n    wire [%d:0] p_tuser = s_axis_tuser;\n\n",
                  K - 1, U - 1);
        emit_stage(v, W, U, "p", "s_axis_tvalid", "s_axis_tready");
    } else {
        int C = 1 << vl_clog2((uint64_t)D + 1), aw = vl_clog2((uint64_t)C);
        sb_printf(v, "    // The last beats, %d slots: a beat leaves once the %d beat(s) after it\n"
                     "    // or its packet's end are in, so its late bytes have been written.\n",
                  C, D);
        for (int k = 0; k < C; k++)
            sb_printf(v, "    reg [%d:0] slot%d_data_reg;\n    reg [%d:0] slot%d_keep_reg;\n"
                         "    reg slot%d_last_reg;\n    reg [%d:0] slot%d_user_reg;\n",
                      W - 1, k, K - 1, k, k, U - 1, k);
        sb_printf(v, "    reg [%d:0] wr_reg;\n    reg [%d:0] rd_reg;\n"
                     "    reg [%d:0] count_reg;    // beats held\n"
                     "    reg [%d:0] lasts_reg;    // of them, packet ends\n"
                     "    wire o_tready;\n"
                     "    wire o_tvalid = count_reg > %d'd%d || lasts_reg != %d'd0;\n"
                     "    wire pop = o_tvalid && o_tready;\n"
                     "    assign s_axis_tready = count_reg != %d'd%d || pop;\n"
                     "    assign push = s_axis_tvalid[0] && s_axis_tready[0];\n",
                  aw - 1, aw - 1, aw, aw, aw + 1, D, aw + 1, aw + 1, C);
        for (int d = 1; d <= D; d++) {
            bool used = false;
            for (int i = 0; i < 6; i++)
                used |= (h + i + 6) / K - (h + i) / K == d;
            if (used)
                sb_printf(v, "    wire [%d:0] back%d = wr_reg - %d'd%d;   // the slot %d beat(s) back\n",
                          aw - 1, d, aw, d, d);
        }
        sb_printf(v, "\n    reg [%d:0] o_tdata;\n    reg [%d:0] o_tkeep;\n    reg o_tlast;\n"
                     "    reg [%d:0] o_tuser;\n"
                     "    always @* begin\n"
                     "        case (rd_reg)\n",
                  W - 1, K - 1, U - 1);
        for (int k = 0; k < C; k++) {
            if (k < C - 1)
                sb_printf(v, "        %d'd%d: begin\n", aw, k);
            else
                sb_puts(v, "        default: begin\n");
            sb_printf(v, "            o_tdata = slot%d_data_reg;\n            o_tkeep = slot%d_keep_reg;\n"
                         "            o_tlast = slot%d_last_reg;\n            o_tuser = slot%d_user_reg;\n"
                         "        end\n",
                      k, k, k, k);
        }
        sb_puts(v, "        endcase\n    end\n\n");

        for (int k = 0; k < C; k++) {
            sb_printf(v, "    always @(posedge clk) begin\n"
                         "        if (push && wr_reg == %d'd%d) begin\n"
                         "            slot%d_data_reg <= p_tdata;\n"
                         "            slot%d_keep_reg <= s_axis_tkeep;\n"
                         "            slot%d_last_reg <= s_axis_tlast[0];\n"
                         "            slot%d_user_reg <= s_axis_tuser;\n"
                         "        end\n",
                      aw, k, k, k, k, k);
            for (int i = 0; i < 6; i++) {
                int a = h + i, b = h + i + 6, d = b / K - a / K;
                if (d == 0)
                    continue;
                sb_printf(v, "        if (push && beat_reg == %d'd%d && s_axis_tkeep[%d] && back%d == %d'd%d)\n"
                             "            slot%d_data_reg[%d:%d] <= s_axis_tdata[%d:%d];\n",
                          cw, b / K, b % K, d, aw, k, k, 8 * (a % K) + 7, 8 * (a % K),
                          8 * (b % K) + 7, 8 * (b % K));
            }
            sb_puts(v, "    end\n\n");
        }
        sb_printf(v, "    always @(posedge clk) begin\n"
                     "        if (push) wr_reg <= wr_reg + %d'd1;\n"
                     "        if (pop) rd_reg <= rd_reg + %d'd1;\n"
                     "        count_reg <= count_reg + {%d'd0, push} - {%d'd0, pop};\n"
                     "        lasts_reg <= lasts_reg + {%d'd0, push && s_axis_tlast[0]} - {%d'd0, pop && o_tlast};\n"
                     "        if (rst) begin\n"
                     "            wr_reg <= %d'd0;\n            rd_reg <= %d'd0;\n"
                     "            count_reg <= %d'd0;\n            lasts_reg <= %d'd0;\n"
                     "        end\n"
                     "    end\n\n",
                  aw, aw, aw, aw, aw, aw, aw, aw, aw + 1, aw + 1);
        emit_stage(v, W, U, "o", "o_tvalid", "o_tready");
    }

    sb_printf(v, "    always @(posedge clk) begin\n"
                 "        if (push) begin\n"
                 "            if (s_axis_tlast[0]) beat_reg <= %d'd0;\n"
                 "            else if (beat_reg != %d'd%d) beat_reg <= beat_reg + %d'd1;\n",
              cw, cw, top, cw);
    for (int i = 0; i < 6; i++)
        if ((h + i) / K != (h + i + 6) / K)
            sb_printf(v, "            if (beat_reg == %d'd%d) cap%d_reg <= s_axis_tdata[%d:%d];\n",
                      cw, (h + i) / K, i, 8 * ((h + i) % K) + 7, 8 * ((h + i) % K));
    sb_printf(v, "        end\n"
                 "        if (rst) beat_reg <= %d'd0;\n"
                 "    end\n\n",
              cw);
    vl_footer(v);
}

/* Byte i and byte i + 6 change places when both are in the packet. */
static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    uint8_t *d = p->buf + p->head;
    for (size_t i = 0; i < 6 && i + 6 < p->len; i++) {
        uint8_t t = d[i];
        d[i] = d[i + 6];
        d[i + 6] = t;
    }
    model_emit(m, 0, p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(EtherMirrorConf),
    .configure = configure,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_ethermirror = {
    .name = "EtherMirror",
    .group = "ethernet",
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
