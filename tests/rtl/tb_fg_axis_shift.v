`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_axis_shift: random traffic through fg_axis_shift.
//
// The reference list holds the NPKTS input packets and, after them, the
// expected output of every packet longer than SHIFT_BYTES (its bytes from
// SHIFT_BYTES on); the sink checks every output byte, tkeep, tlast and
// tuser against it, in order.  Packet lengths (1 .. 1600) cluster around
// SHIFT_BYTES and around input and output beat boundaries.
//   1. random tvalid gaps and random back-pressure
//   2. tvalid and tready always high: every input beat in its own cycle,
//      input beats == cycles (no bubble on the input side)
//   3. tvalid always high, tready 50%: lossless
//   4. tvalid 50%, tready always high
// At the end: every packet seen, `drop` pulsed once per vanished packet.
module tb_fg_axis_shift;

// stream width in bits
parameter DATA_WIDTH = 64;
// tuser width in bits
parameter USER_WIDTH = 3;
// bytes removed by the design under test
parameter SHIFT_BYTES = 14;
// input packets
parameter NPKTS = 200;
// random seed
parameter SEED = 1;
// cycle limit
parameter TIMEOUT = 2000000;

localparam KW = DATA_WIDTH / 8;

`include "tb_common.vh"

wire [DATA_WIDTH-1:0] s_tdata, m_tdata;
wire [KW-1:0]         s_tkeep, m_tkeep;
wire                  s_tlast, m_tlast;
wire [USER_WIDTH-1:0] s_tuser, m_tuser;
wire                  s_tvalid, m_tvalid;
wire                  s_tready, m_tready;
wire                  drop;

reg         start = 1'b0;
reg  [31:0] first = 0, last = 0;
reg  [7:0]  vpct = 100, rpct = 100;
reg         tput_clear = 1'b1;
wire        src_idle;
wire [31:0] src_pkt, src_beats;
wire [31:0] snk_pkts, snk_beats, snk_bytes, snk_errors;
wire [31:0] tb_errors = snk_errors;
wire [31:0] in_count, in_first, in_last, out_count, out_first, out_last;

// exp_map[j]: reference index of the j-th packet the output must carry;
// kept[i]: how many of input packets 0 .. i-1 leave something
integer exp_map [0:NPKTS];
integer kept [0:NPKTS];
integer in_beats [0:NPKTS];
wire [31:0] exp_pkt = exp_map[snk_pkts];
reg  [31:0] drops = 0;

always @(posedge clk) begin
    if (rst) drops <= 0;
    else if (drop) drops <= drops + 1;
end

tb_axis_ref #(.SEED(SEED), .MAX_PKTS(2 * NPKTS + 2)) u_ref ();

tb_axis_source #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 11)) u_src (
    .clk(clk), .rst(rst),
    .m_axis_tdata(s_tdata), .m_axis_tkeep(s_tkeep), .m_axis_tlast(s_tlast),
    .m_axis_tuser(s_tuser), .m_axis_tvalid(s_tvalid), .m_axis_tready(s_tready),
    .start(start), .first(first), .step(32'd1), .last(last), .valid_pct(vpct),
    .idle(src_idle), .m_pkt(src_pkt), .beats(src_beats)
);

fg_axis_shift #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SHIFT_BYTES(SHIFT_BYTES)) dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready),
    .drop(drop)
);

tb_axis_sink #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 22)) u_snk (
    .clk(clk), .rst(rst),
    .s_axis_tdata(m_tdata), .s_axis_tkeep(m_tkeep), .s_axis_tlast(m_tlast),
    .s_axis_tuser(m_tuser), .s_axis_tvalid(m_tvalid), .s_axis_tready(m_tready),
    .ready_pct(rpct), .exp_pkt(exp_pkt),
    .pkts(snk_pkts), .beats(snk_beats), .bytes(snk_bytes), .errors(snk_errors)
);

tb_axis_tput u_tput_in (.clk(clk), .clear(tput_clear), .valid(s_tvalid), .ready(s_tready),
    .count(in_count), .first(in_first), .last(in_last));
tb_axis_tput u_tput_out (.clk(clk), .clear(tput_clear), .valid(m_tvalid), .ready(m_tready),
    .count(out_count), .first(out_first), .last(out_last));

integer seed;
integer want;

// appends one packet of n bytes to the reference list: random bytes, or
// (src >= 0) bytes skip .. of reference packet src with its tuser
task add_packet;
    input integer n;
    input integer src;
    input integer skip;
    integer j;
    begin
        if (u_ref.npkts >= 2 * NPKTS + 2 || u_ref.nbytes + n > (1 << 20)) begin
            fail("reference list full");
            finish;
        end
        u_ref.off[u_ref.npkts] = u_ref.nbytes;
        u_ref.len[u_ref.npkts] = n;
        if (src < 0) begin
            u_ref.user[u_ref.npkts] = {$random(seed), $random(seed)};
            for (j = 0; j < n; j = j + 1) u_ref.data[u_ref.nbytes + j] = $random(seed);
        end else begin
            u_ref.user[u_ref.npkts] = u_ref.user[src];
            for (j = 0; j < n; j = j + 1) u_ref.data[u_ref.nbytes + j] = u_ref.data[u_ref.off[src] + skip + j];
        end
        u_ref.nbytes = u_ref.nbytes + n;
        u_ref.npkts = u_ref.npkts + 1;
    end
endtask

// a random packet length: near SHIFT_BYTES plus whole output beats, near
// whole input beats, short, or anything up to 1600
function integer pick_len;
    input integer dummy;
    integer r, n;
    begin
        r = $unsigned($random(seed)) % 10;
        if (r < 3) begin
            n = SHIFT_BYTES + KW * ($unsigned($random(seed)) % 4 - 1) + $unsigned($random(seed)) % 5 - 2;
        end else if (r < 5) begin
            n = KW * (1 + $unsigned($random(seed)) % 4) + $unsigned($random(seed)) % 3 - 1;
        end else if (r < 7) begin
            n = 1 + $unsigned($random(seed)) % (SHIFT_BYTES + 4 * KW);
        end else begin
            n = 1 + $unsigned($random(seed)) % 1600;
        end
        pick_len = n < 1 ? 1 : (n > 1600 ? 1600 : n);
    end
endfunction

task run;
    input integer f, l, vp, rp;
    begin
        @(negedge clk);
        first = f; last = l; vpct = vp; rpct = rp;
        tput_clear = 1'b0;
        start = 1'b1;
        @(negedge clk);
        start = 1'b0;
        want = kept[l];
        wait (src_idle && snk_pkts == want);
        wait_cycles(4);
    end
endtask

function integer sum_beats;
    input integer f, l;
    integer i;
    begin
        sum_beats = 0;
        for (i = f; i < l; i = i + 1) sum_beats = sum_beats + in_beats[i];
    end
endfunction

reg [8*160-1:0] msg;
integer i, nexp, q1, q2, q3, full_in, full_cycles, full_out;

initial begin
    seed = SEED;
    for (i = 0; i < NPKTS; i = i + 1) begin
        add_packet(pick_len(0), -1, 0);
        in_beats[i] = (u_ref.len[i] + KW - 1) / KW;
    end
    nexp = 0;
    for (i = 0; i < NPKTS; i = i + 1) begin
        kept[i] = nexp;
        if (u_ref.len[i] > SHIFT_BYTES) begin
            exp_map[nexp] = u_ref.npkts;
            add_packet(u_ref.len[i] - SHIFT_BYTES, i, SHIFT_BYTES);
            nexp = nexp + 1;
        end
    end
    kept[NPKTS] = nexp;
    exp_map[nexp] = 0;
    q1 = NPKTS / 4;
    q2 = NPKTS / 2;
    q3 = 3 * NPKTS / 4;

    reset;
    run(0, q1, 60, 50);

    @(negedge clk) tput_clear = 1'b1;
    run(q1, q2, 100, 100);
    full_in = in_count;
    full_cycles = in_last - in_first + 1;
    full_out = out_count;
    if (full_in != sum_beats(q1, q2) || full_cycles != full_in) begin
        $sformat(msg, "full rate: %0d input beats (of %0d) took %0d cycles",
                 full_in, sum_beats(q1, q2), full_cycles);
        fail(msg);
    end

    run(q2, q3, 100, 50);
    run(q3, NPKTS, 50, 100);

    if (snk_errors != 0) fail("data errors (see above)");
    if (snk_pkts != nexp || src_beats != sum_beats(0, NPKTS)) begin
        $sformat(msg, "packets out %0d/%0d, beats in %0d/%0d",
                 snk_pkts, nexp, src_beats, sum_beats(0, NPKTS));
        fail(msg);
    end
    if (drops != NPKTS - nexp) begin
        $sformat(msg, "drop pulsed %0d times, %0d packets vanished", drops, NPKTS - nexp);
        fail(msg);
    end
    $display("tb_fg_axis_shift W=%0d SHIFT=%0d: %0d packets in, %0d out, %0d dropped; full rate: %0d input beats in %0d cycles, %0d output beats",
             DATA_WIDTH, SHIFT_BYTES, NPKTS, snk_pkts, drops, full_in, full_cycles, full_out);
    finish;
end

endmodule

`resetall
