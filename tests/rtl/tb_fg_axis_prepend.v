`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_axis_prepend: random traffic through fg_axis_prepend.
//
// The reference list holds the NPKTS input packets and, after them, the
// expected output of each: BYTES random prefix bytes, then the packet.
// `prefix` carries a packet's bytes only while its first beat is offered
// on s_axis and junk at all other times, so a prefix sampled at the wrong
// moment shows.  The sink checks every output byte, tkeep, tlast and tuser
// against the list, in order.  Packet lengths (1 .. 1600) cluster around
// input and output beat boundaries.
//   1. random tvalid gaps and random back-pressure
//   2. tvalid and tready always high: output beats == cycles (no bubble
//      on the output side) and every input and output beat accounted for
//   3. tvalid always high, tready 50%: lossless
//   4. tvalid 50%, tready always high
module tb_fg_axis_prepend;

// stream width in bits
parameter DATA_WIDTH = 64;
// tuser width in bits
parameter USER_WIDTH = 3;
// bytes inserted by the design under test
parameter BYTES = 14;
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
wire [8*BYTES-1:0]    prefix;

reg         start = 1'b0;
reg  [31:0] first = 0, last = 0;
reg  [7:0]  vpct = 100, rpct = 100;
reg         tput_clear = 1'b1;
wire        src_idle;
wire [31:0] src_pkt, src_beats;
wire [31:0] snk_pkts, snk_beats, snk_bytes, snk_errors;
wire [31:0] tb_errors = snk_errors;
wire [31:0] in_count, in_first, in_last, out_count, out_first, out_last;

// output packet j is reference packet NPKTS + j
wire [31:0] exp_pkt = NPKTS + snk_pkts;
integer in_beats [0:NPKTS-1];
integer out_beats [0:NPKTS-1];

// the prefix of each packet, offered with its first beat only
reg [8*BYTES-1:0] pfx_mem [0:NPKTS-1];
reg [8*BYTES-1:0] junk;
reg               at_first = 1'b1;
integer           junk_seed = SEED + 33;
integer           b;

always @(posedge clk) begin
    if (rst) at_first <= 1'b1;
    else if (s_tvalid && s_tready) at_first <= s_tlast;
    for (b = 0; b < BYTES; b = b + 1) junk[8*b +: 8] <= $random(junk_seed);
end

assign prefix = s_tvalid && at_first ? pfx_mem[src_pkt] : junk;

tb_axis_ref #(.SEED(SEED), .MAX_PKTS(2 * NPKTS)) u_ref ();

tb_axis_source #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 11)) u_src (
    .clk(clk), .rst(rst),
    .m_axis_tdata(s_tdata), .m_axis_tkeep(s_tkeep), .m_axis_tlast(s_tlast),
    .m_axis_tuser(s_tuser), .m_axis_tvalid(s_tvalid), .m_axis_tready(s_tready),
    .start(start), .first(first), .step(32'd1), .last(last), .valid_pct(vpct),
    .idle(src_idle), .m_pkt(src_pkt), .beats(src_beats)
);

fg_axis_prepend #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .BYTES(BYTES)) dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .prefix(prefix),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready)
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

// appends one packet of n random bytes to the reference list; src >= 0:
// BYTES random bytes, then the bytes of reference packet src, with its tuser
task add_packet;
    input integer n;
    input integer src;
    integer j, p;
    begin
        p = src < 0 ? 0 : BYTES;
        if (u_ref.npkts >= 2 * NPKTS || u_ref.nbytes + p + n > (1 << 20)) begin
            fail("reference list full");
            finish;
        end
        u_ref.off[u_ref.npkts] = u_ref.nbytes;
        u_ref.len[u_ref.npkts] = p + n;
        if (src < 0) begin
            u_ref.user[u_ref.npkts] = {$random(seed), $random(seed)};
        end else begin
            u_ref.user[u_ref.npkts] = u_ref.user[src];
        end
        for (j = 0; j < p + n; j = j + 1) begin
            if (j < p) u_ref.data[u_ref.nbytes + j] = $random(seed);
            else if (src < 0) u_ref.data[u_ref.nbytes + j] = $random(seed);
            else u_ref.data[u_ref.nbytes + j] = u_ref.data[u_ref.off[src] + j - p];
        end
        u_ref.nbytes = u_ref.nbytes + p + n;
        u_ref.npkts = u_ref.npkts + 1;
    end
endtask

// a random packet length: near whole input beats, near whole output beats
// (so that the prefix just fits or spills into one more beat), short, or
// anything up to 1600
function integer pick_len;
    input integer dummy;
    integer r, n;
    begin
        r = $unsigned($random(seed)) % 10;
        if (r < 3) begin
            n = KW * (1 + $unsigned($random(seed)) % 4) + $unsigned($random(seed)) % 3 - 1;
        end else if (r < 6) begin
            n = KW * (1 + $unsigned($random(seed)) % 4 + BYTES / KW) - BYTES
                + $unsigned($random(seed)) % 3 - 1;
        end else if (r < 8) begin
            n = 1 + $unsigned($random(seed)) % (4 * KW);
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
        wait (src_idle && snk_pkts == l);
        wait_cycles(4);
    end
endtask

function integer sum_beats;
    input integer f, l, out;
    integer i;
    begin
        sum_beats = 0;
        for (i = f; i < l; i = i + 1) sum_beats = sum_beats + (out ? out_beats[i] : in_beats[i]);
    end
endfunction

reg [8*160-1:0] msg;
integer i, j, q1, q2, q3, full_in, full_out, full_cycles;

initial begin
    seed = SEED;
    for (i = 0; i < NPKTS; i = i + 1) begin
        add_packet(pick_len(0), -1);
        in_beats[i] = (u_ref.len[i] + KW - 1) / KW;
        out_beats[i] = (u_ref.len[i] + BYTES + KW - 1) / KW;
    end
    for (i = 0; i < NPKTS; i = i + 1) begin
        add_packet(u_ref.len[i], i);
        for (j = 0; j < BYTES; j = j + 1) begin
            pfx_mem[i][8*j +: 8] = u_ref.data[u_ref.off[NPKTS + i] + j];
        end
    end
    q1 = NPKTS / 4;
    q2 = NPKTS / 2;
    q3 = 3 * NPKTS / 4;

    reset;
    run(0, q1, 60, 50);

    @(negedge clk) tput_clear = 1'b1;
    run(q1, q2, 100, 100);
    full_in = in_count;
    full_out = out_count;
    full_cycles = out_last - out_first + 1;
    if (full_in != sum_beats(q1, q2, 0) || full_out != sum_beats(q1, q2, 1) || full_cycles != full_out) begin
        $sformat(msg, "full rate: %0d/%0d input beats, %0d/%0d output beats in %0d cycles",
                 full_in, sum_beats(q1, q2, 0), full_out, sum_beats(q1, q2, 1), full_cycles);
        fail(msg);
    end

    run(q2, q3, 100, 50);
    run(q3, NPKTS, 50, 100);

    if (snk_errors != 0) fail("data errors (see above)");
    if (snk_pkts != NPKTS || src_beats != sum_beats(0, NPKTS, 0) || snk_beats != sum_beats(0, NPKTS, 1)) begin
        $sformat(msg, "packets out %0d/%0d, beats in %0d/%0d, beats out %0d/%0d",
                 snk_pkts, NPKTS, src_beats, sum_beats(0, NPKTS, 0), snk_beats, sum_beats(0, NPKTS, 1));
        fail(msg);
    end
    $display("tb_fg_axis_prepend W=%0d BYTES=%0d: %0d packets; full rate: %0d output beats in %0d cycles from %0d input beats",
             DATA_WIDTH, BYTES, snk_pkts, full_out, full_cycles, full_in);
    finish;
end

endmodule

`resetall
