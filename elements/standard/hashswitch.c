/*
 * hashswitch.c -- the HashSwitch element class: sends packets to outputs by
 * a hash of their bytes.
 */
#include "datapath.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char doc[] =
    "=c\n"
    "\n"
    "HashSwitch(OFFSET, LENGTH)\n"
    "\n"
    "=s classification\n"
    "\n"
    "sends packets to outputs by a hash of their bytes\n"
    "\n"
    "=d\n"
    "\n"
    "Chooses each packet's output from the LENGTH bytes that start at byte\n"
    "OFFSET, so that packets with equal bytes there always take the same\n"
    "output. The bytes are summed; with 2, 4 or 8 outputs the sum is folded\n"
    "(the sum exclusive-or the sum shifted right by 4) and its low bits\n"
    "pick the output, and otherwise the output is the sum modulo the number\n"
    "of outputs. A packet too short to hold those bytes goes to output 0.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item OFFSET\n"
    "\n"
    "Unsigned integer. Where the hashed bytes start. Required.\n"
    "\n"
    "=item LENGTH\n"
    "\n"
    "Unsigned integer, at least 1. How many bytes to hash. Required.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "Click documents only that the output comes from a hash of those bytes;\n"
    "which hash is left to the implementation. fpgagen fixes it as the one\n"
    "described above (the one Click's own code computes), and its reference\n"
    "model and its Verilog compute exactly that function.\n"
    "\n"
    "In hardware a packet's output must be known when its first beat leaves,\n"
    "so HashSwitch holds beats back until the beat with the last hashed byte\n"
    "has arrived. With E = the input's head offset + OFFSET + LENGTH - 1, the\n"
    "stream byte where the hashed bytes end, that is beat B = E / (W/8), and\n"
    "the latency is B + 1 cycles (1 when B is 0): 5 cycles for\n"
    "HashSwitch(30, 4) at W = 64, 2 at W = 256, 34 at W = 8. A packet that\n"
    "ends before byte E is decided at its last beat. While beats arrive every\n"
    "cycle, every beat is held the same B + 1 cycles, so the outputs carry a\n"
    "beat in every cycle the input did; when the input pauses, held beats\n"
    "whose output is known leave at once. The sum is accumulated beat by\n"
    "beat, and the fold or the modulo (by a constant) is applied at beat B.\n"
    "Throughput: one beat per cycle at every width, back-to-back packets with\n"
    "no idle cycle. A blocked output holds the input; nothing is lost.\n"
    "Resources: a buffer of B + 1 beats rounded up to a power of two, each\n"
    "W + W/8 + U + N + 1 bits (Yosys may map it to block RAM, since its read\n"
    "feeds the output register), the output register, W + W/8 + U + N + 1\n"
    "flip-flops (twice that, with a skid entry, when B is 0), an adder over\n"
    "the hashed lanes of one beat, and the modulo unless there are 2, 4 or 8\n"
    "outputs. At W = 64 on the sim board (U = 32), HashSwitch(30, 4) with 4\n"
    "outputs is 334 LUT4, 280 flip-flops and 7 RAM blocks on iCE40;\n"
    "HashSwitch(26, 8) with 3 outputs, 614 LUT4 and 113 carry cells. OFFSET +\n"
    "LENGTH may be at most 2048 (fpgagen's limit on the bytes held back). No\n"
    "registers, no handlers.\n"
    "\n"
    "=e\n"
    "\n"
    "Spread IP packets (after the Ethernet header) by destination address:\n"
    "\n"
    "  HashSwitch(30, 4)\n"
    "\n"
    "=a\n"
    "\n"
    "RoundRobinSwitch, Switch\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

/* ---- Hardware ---------------------------------------------------------- */

/* The most bytes OFFSET + LENGTH may span: the beats held back until the
 * last hashed byte has arrived need a buffer about that large. */
#define HASH_MAX_END 2048

typedef struct HashSwitchConf {
    uint64_t offset, length;
    int noutputs;
} HashSwitchConf;

/* The argument that gave keyword kw (by keyword, or as the pos-th
 * positional argument). */
static const ConfArg *find_arg(const ConfCtx *c, const char *kw, int pos)
{
    int k = 0;
    for (int i = 0; i < c->nargs; i++) {
        if (c->args[i].keyword ? strcmp(c->args[i].keyword, kw) == 0 : k++ == pos)
            return &c->args[i];
    }
    return NULL;
}

static bool configure(ConfCtx *c, void *conf)
{
    static const ArgSpec spec[] = {
        {"OFFSET", ARG_UINT, ARGF_MP, offsetof(HashSwitchConf, offset), 0, HASH_MAX_END, 0},
        {"LENGTH", ARG_UINT, ARGF_MP, offsetof(HashSwitchConf, length), 0, HASH_MAX_END, 0},
        {NULL, 0, 0, 0, 0, 0, 0},
    };
    HashSwitchConf *h = conf;
    if (!conf_parse(c, spec, conf))
        return false;
    h->noutputs = c->e->noutputs;
    if (h->length == 0) {
        conf_error(c, find_arg(c, "LENGTH", 1), "LENGTH: length must be > 0");
        return false;
    }
    if (h->offset + h->length > HASH_MAX_END) {
        conf_error(c, find_arg(c, "LENGTH", 1),
                   "LENGTH: OFFSET + LENGTH is %llu, more than the %d bytes fpgagen can hold back",
                   (unsigned long long)(h->offset + h->length), HASH_MAX_END);
        return false;
    }
    return true;
}

/* The hash of a byte sum (the same function in the model and in the
 * Verilog): with 2, 4 or 8 outputs the sum folded, (d ^ d >> 4) & (n-1),
 * otherwise d mod n. */
static int hash_output(uint64_t d, int n)
{
    if (n == 2 || n == 4 || n == 8)
        return (int)((d ^ (d >> 4)) & (uint64_t)(n - 1));
    return (int)(d % (uint64_t)n);
}

/* A balanced adder tree over terms[0..n) as one Verilog expression. */
static void sum_tree(StrBuf *v, char **terms, int n)
{
    if (n == 1) {
        sb_puts(v, terms[0]);
        return;
    }
    sb_putc(v, '(');
    sum_tree(v, terms, n / 2);
    sb_puts(v, " + ");
    sum_tree(v, terms + n / 2, n - n / 2);
    sb_putc(v, ')');
}

/* hash_port, the one-hot output of the sum hash_sum (dw bits). */
static void emit_hash(ElabCtx *x, int dw)
{
    StrBuf *v = x->v;
    int N = x->noutputs;
    int S = vl_clog2((uint64_t)N);
    if (N == 2 || N == 4 || N == 8) {
        /* dw >= 8: the sum of at least one byte. */
        sb_printf(v, "    // With %d outputs the sum is folded: (sum ^ sum >> 4) & %d.\n"
                     "    wire [%d:0] hash_idx = hash_sum[%d:0] ^ hash_sum[%d:4];\n"
                     "    wire unused_hash = &{1'b0, hash_sum[3:%d], hash_sum[%d:%d]};\n",
                  N, N - 1, S - 1, S - 1, S + 3, S, dw - 1, S + 4);
    } else {
        /* Wide enough for the sum and for N itself. */
        int M = dw > S + 1 ? dw : S + 1;
        sb_printf(v, "    // With %d outputs the output is the sum modulo %d.\n", N, N);
        if (M > dw)
            sb_printf(v, "    wire [%d:0] hash_mod = {%d'd0, hash_sum} %% %d'd%d;\n", M - 1,
                      M - dw, M, N);
        else
            sb_printf(v, "    wire [%d:0] hash_mod = hash_sum %% %d'd%d;\n", M - 1, M, N);
        sb_printf(v, "    wire [%d:0] hash_idx = hash_mod[%d:0];\n"
                     "    wire unused_hash = &{1'b0, hash_mod[%d:%d]};\n",
                  S - 1, S - 1, M - 1, S);
    }
    sb_printf(v, "    wire [%d:0] hash_port = {", N - 1);
    for (int j = N - 1; j >= 0; j--)
        sb_printf(v, "%shash_idx == %d'd%d", j == N - 1 ? "" : ", ", S, j);
    sb_puts(v, "};\n");
}

static void elaborate(ElabCtx *x)
{
    const HashSwitchConf *h = x->conf;
    StrBuf *v = x->v;
    int N = x->noutputs, W = x->width, K = W / 8, U = x->user_width;
    int first = x->head_in[0] + (int)h->offset;     /* stream bytes hashed */
    int end = first + (int)h->length - 1;
    int bf = first / K, lf = first % K;             /* beat and lane */
    int B = end / K, le = end % K;
    int dw = vl_clog2(255 * h->length + 1);         /* bits of the sum */
    vl_element_header(x, "HashSwitch: sends packets to outputs by a hash of their bytes");
    if (N == 1) {
        sb_puts(v, "    // One output: every packet takes it.\n"
                   "    wire [0:0] d_port = 1'b1;\n"
                   "    wire d_tvalid = s_axis_tvalid;\n");
        sb_printf(v, "    wire [%d:0] d_tdata = s_axis_tdata;\n"
                     "    wire [%d:0] d_tkeep = s_axis_tkeep;\n"
                     "    wire d_tlast = s_axis_tlast;\n"
                     "    wire [%d:0] d_tuser = s_axis_tuser;\n",
                  W - 1, K - 1, U - 1);
        switch_output_stage(x, true);
        sb_puts(v, "    assign s_axis_tready = d_tready;\n\n");
        vl_footer(v);
        return;
    }
    sb_printf(v, "    // Hashed: stream bytes %d..%d, beat %d lane %d to beat %d lane %d.\n",
              first, end, bf, lf, B, le);
    /* Lanes summed, each with the condition (on the beat count) under
     * which it holds a hashed byte. */
    char **terms = xcalloc((size_t)K, sizeof *terms);
    int nterms = 0;
    for (int l = 0; l < K; l++) {
        StrBuf cond = {0};
        if (B == 0) {
            if (l >= lf && l <= le)
                sb_puts(&cond, "1'b1");
        } else if (bf == B) {
            if (l >= lf && l <= le)
                sb_puts(&cond, "at_last");
        } else {
            if (l >= lf)
                sb_puts(&cond, "at_first");
            if (B - bf >= 2)
                sb_printf(&cond, "%sat_mid", cond.len ? " || " : "");
            if (l <= le)
                sb_printf(&cond, "%sat_last", cond.len ? " || " : "");
        }
        if (cond.len) {
            char *byte = dw > 8 ? xasprintf("{%d'd0, s_axis_tdata[%d +: 8]}", dw - 8, 8 * l)
                                : xasprintf("s_axis_tdata[%d +: 8]", 8 * l);
            if (strcmp(sb_str(&cond), "1'b1") == 0)
                terms[nterms++] = byte;
            else {
                terms[nterms++] = xasprintf("(%s ? %s : %d'd0)", sb_str(&cond), byte, dw);
                free(byte);
            }
        }
        sb_free(&cond);
    }
    if (B == 0) {
        /* The hashed bytes are all in the first beat: decide there. */
        sb_printf(v, "    // They are all in the first beat, where each packet's output is chosen.\n"
                     "    wire [%d:0] hash_sum = ", dw - 1);
        sum_tree(v, terms, nterms);
        sb_puts(v, ";\n");
        emit_hash(x, dw);
        sb_printf(v, "    // A packet too short to hold them goes to output 0.\n"
                     "    wire [%d:0] first_port = s_axis_tkeep[%d] ? hash_port : %d'd1;\n"
                     "    reg in_frame_reg;     // a beat of this packet has been taken\n"
                     "    reg [%d:0] port_reg;  // this packet's output, one-hot\n"
                     "    wire [%d:0] d_port = in_frame_reg ? port_reg : first_port;\n"
                     "    wire d_tvalid = s_axis_tvalid;\n"
                     "    wire [%d:0] d_tdata = s_axis_tdata;\n"
                     "    wire [%d:0] d_tkeep = s_axis_tkeep;\n"
                     "    wire d_tlast = s_axis_tlast;\n"
                     "    wire [%d:0] d_tuser = s_axis_tuser;\n",
                  N - 1, le, N, N - 1, N - 1, W - 1, K - 1, U - 1);
        switch_output_stage(x, true);
        sb_puts(v, "    assign s_axis_tready = d_tready;\n\n"
                   "    always @(posedge clk) begin\n"
                   "        if (s_axis_tvalid && s_axis_tready) begin\n"
                   "            in_frame_reg <= !s_axis_tlast;\n"
                   "            if (!in_frame_reg) port_reg <= first_port;\n"
                   "        end\n"
                   "        if (rst) in_frame_reg <= 1'b0;\n"
                   "    end\n\n");
    } else {
        int cw = vl_clog2((uint64_t)B + 2);         /* beat count 0..B+1 */
        int depth = 1 << vl_clog2((uint64_t)B + 1);
        int ab = vl_clog2((uint64_t)depth);
        int ew = W + K + 1 + U;                     /* a buffered beat */
        sb_printf(v, "    // The beats of a packet wait in a buffer until beat %d is in (or the\n"
                     "    // packet ends): %d entries, of which %d are in use at full rate.\n"
                     "    localparam DEPTH = %d;\n"
                     "    reg [%d:0] buf_mem [0:DEPTH-1];   // {tuser, tlast, tkeep, tdata}\n"
                     "    reg [DEPTH-1:0] buf_open;          // its packet's output is not known yet\n"
                     "    reg [%d:0] buf_port;             // entry i's output, one-hot, at [i*%d +: %d]\n"
                     "    reg [%d:0] wr_reg;\n"
                     "    reg [%d:0] rd_reg;\n"
                     "    wire [%d:0] used = wr_reg - rd_reg;\n"
                     "    wire [%d:0] wr_a = wr_reg[%d:0];\n"
                     "    wire [%d:0] rd_a = rd_reg[%d:0];\n"
                     "    assign s_axis_tready = !used[%d];   // not full\n"
                     "    wire in_beat = s_axis_tvalid && s_axis_tready;\n\n",
                  B, depth, B, depth, ew - 1, depth * N - 1, N, N, ab, ab, ab, ab - 1, ab - 1,
                  ab - 1, ab - 1, ab);
        sb_printf(v, "    // Beats of the packet coming in: %d is the one with the last hashed\n"
                     "    // byte, %d means the output is chosen.\n"
                     "    reg [%d:0] cnt_reg;\n"
                     "    wire at_last = cnt_reg == %d'd%d;\n",
                  B, B + 1, cw - 1, cw, B);
        if (bf < B)
            sb_printf(v, "    wire at_first = cnt_reg == %d'd%d;\n", cw, bf);
        if (B - bf >= 2)
            sb_printf(v, "    wire at_mid = cnt_reg > %d'd%d && cnt_reg < %d'd%d;\n", cw, bf, cw, B);
        sb_printf(v, "    wire [%d:0] beat_sum = ", dw - 1);
        sum_tree(v, terms, nterms);
        sb_puts(v, ";\n");
        if (bf < B)
            sb_printf(v, "    reg [%d:0] acc_reg;   // the sum of the hashed bytes of earlier beats\n"
                         "    wire [%d:0] hash_sum = (at_first ? %d'd0 : acc_reg) + beat_sum;\n",
                      dw - 1, dw - 1, dw);
        else
            sb_printf(v, "    wire [%d:0] hash_sum = beat_sum;\n", dw - 1);
        emit_hash(x, dw);
        sb_printf(v, "    // The output is chosen at beat %d, or at a last beat before it (a packet\n"
                     "    // too short to hold the hashed bytes goes to output 0).\n"
                     "    wire decide = in_beat && (at_last || (s_axis_tlast && cnt_reg < %d'd%d));\n"
                     "    wire [%d:0] dec_port = at_last && s_axis_tkeep[%d] ? hash_port : %d'd1;\n"
                     "    wire decided = cnt_reg > %d'd%d;\n"
                     "    reg [%d:0] port_reg;  // the output of the packet coming in, once chosen\n\n",
                  B, cw, B, N - 1, le, N, cw, B, N - 1);
        sb_printf(v, "    // The head of the buffer leaves once its output is known (in the cycle\n"
                     "    // it is chosen at the latest) and it is %d beats behind the input, or\n"
                     "    // the input is idle: the delay is the same for every packet while\n"
                     "    // beats come in every cycle, so the outputs have no gap either.\n"
                     "    wire head_open = buf_open[rd_a];\n"
                     "    wire d_tvalid = used != %d'd0 && (!head_open || decide) && (used >= %d'd%d || !in_beat);\n"
                     "    wire [%d:0] d_port = head_open ? dec_port : buf_port[rd_a * %d +: %d];\n"
                     "    wire [%d:0] d_tdata;\n"
                     "    wire [%d:0] d_tkeep;\n"
                     "    wire d_tlast;\n"
                     "    wire [%d:0] d_tuser;\n"
                     "    assign {d_tuser, d_tlast, d_tkeep, d_tdata} = buf_mem[rd_a];\n",
                  B, ab + 1, ab + 1, B, N - 1, N, N, W - 1, K - 1, U - 1);
        switch_output_stage(x, false);
        sb_printf(v, "    integer i;\n"
                     "    always @(posedge clk) begin\n"
                     "        if (decide)\n"
                     "            for (i = 0; i < DEPTH; i = i + 1)\n"
                     "                if (buf_open[i]) begin\n"
                     "                    buf_open[i] <= 1'b0;\n"
                     "                    buf_port[i * %d +: %d] <= dec_port;\n"
                     "                end\n"
                     "        if (in_beat) begin\n"
                     "            buf_mem[wr_a] <= {s_axis_tuser, s_axis_tlast, s_axis_tkeep, s_axis_tdata};\n"
                     "            buf_open[wr_a] <= !decide && !decided;\n"
                     "            buf_port[wr_a * %d +: %d] <= decide ? dec_port : port_reg;\n"
                     "            wr_reg <= wr_reg + %d'd1;\n"
                     "            cnt_reg <= s_axis_tlast ? %d'd0 : decided ? cnt_reg : cnt_reg + %d'd1;\n"
                     "%s"
                     "        end\n"
                     "        if (decide) port_reg <= dec_port;\n"
                     "        if (d_tvalid && d_tready) rd_reg <= rd_reg + %d'd1;\n"
                     "        if (rst) begin\n"
                     "            buf_open <= {DEPTH{1'b0}};\n"
                     "            wr_reg <= %d'd0;\n"
                     "            rd_reg <= %d'd0;\n"
                     "            cnt_reg <= %d'd0;\n"
                     "        end\n"
                     "    end\n\n",
                  N, N, N, N, ab + 1, cw, cw,
                  bf < B ? (B - bf >= 2 ? "            if (at_first || at_mid) acc_reg <= hash_sum;\n"
                                        : "            if (at_first) acc_reg <= hash_sum;\n")
                         : "",
                  ab + 1, ab + 1, ab + 1, cw);
    }
    for (int i = 0; i < nterms; i++)
        free(terms[i]);
    free(terms);
    vl_footer(v);
}

static void model_push(ModelCtx *m, const void *conf, void *state, int port,
                       Packet *p)
{
    const HashSwitchConf *h = conf;
    if (p->len < h->offset + h->length) {
        model_emit(m, 0, p);
        return;
    }
    uint64_t d = 0;
    for (uint64_t i = h->offset; i < h->offset + h->length; i++)
        d += p->buf[p->head + i];
    model_emit(m, hash_output(d, h->noutputs), p);
}

static const ElementImpl impl = {
    .conf_size = sizeof(HashSwitchConf),
    .configure = configure,
    .elaborate = elaborate,
    .model_push = model_push,
};

const ElementClass fg_class_hashswitch = {
    .name = "HashSwitch",
    .group = "standard",
    .port_count = "1/1-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
    .impl = &impl,
};
