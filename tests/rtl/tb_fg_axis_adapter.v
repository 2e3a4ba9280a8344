`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_axis_adapter: random traffic through fg_axis_adapter, S -> M bits.
//   A. random tvalid gaps, random back-pressure: every byte in order,
//      tkeep and tlast rebuilt at the new width
//   B. tvalid and tready always high: the narrow side (both sides at
//      equal widths) moves N beats in N cycles, and the wide side moves
//      exactly one beat per wide beat's worth of bytes of each packet
//   C. tvalid always high, tready 30%
module tb_fg_axis_adapter;

// sink width in bits
parameter S_DATA_WIDTH = 8;
// source width in bits
parameter M_DATA_WIDTH = 64;
// tuser width in bits
parameter USER_WIDTH = 3;
// random seed
parameter SEED = 1;
// cycle limit
parameter TIMEOUT = 400000;

localparam SKW = S_DATA_WIDTH / 8;
localparam MKW = M_DATA_WIDTH / 8;
localparam NKW = SKW < MKW ? SKW : MKW;
localparam WKW = SKW < MKW ? MKW : SKW;

`include "tb_common.vh"

wire [S_DATA_WIDTH-1:0] s_tdata;
wire [M_DATA_WIDTH-1:0] m_tdata;
wire [SKW-1:0]          s_tkeep;
wire [MKW-1:0]          m_tkeep;
wire                    s_tlast, m_tlast;
wire [USER_WIDTH-1:0]   s_tuser, m_tuser;
wire                    s_tvalid, m_tvalid;
wire                    s_tready, m_tready;

reg         start = 1'b0;
reg  [31:0] first = 0, last = 0;
reg  [7:0]  vpct = 100, rpct = 100;
reg         tput_clear = 1'b1;
wire        src_idle;
wire [31:0] src_pkt, src_beats;
wire [31:0] snk_pkts, snk_beats, snk_bytes, snk_errors;
wire [31:0] in_count, in_first, in_last, out_count, out_first, out_last;
wire [31:0] tb_errors = snk_errors;

tb_axis_ref #(.SEED(SEED)) u_ref ();

tb_axis_source #(.DATA_WIDTH(S_DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 11)) u_src (
    .clk(clk), .rst(rst),
    .m_axis_tdata(s_tdata), .m_axis_tkeep(s_tkeep), .m_axis_tlast(s_tlast),
    .m_axis_tuser(s_tuser), .m_axis_tvalid(s_tvalid), .m_axis_tready(s_tready),
    .start(start), .first(first), .step(32'd1), .last(last), .valid_pct(vpct),
    .idle(src_idle), .m_pkt(src_pkt), .beats(src_beats)
);

fg_axis_adapter #(
    .S_DATA_WIDTH(S_DATA_WIDTH), .M_DATA_WIDTH(M_DATA_WIDTH), .USER_WIDTH(USER_WIDTH)
) dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready)
);

tb_axis_sink #(.DATA_WIDTH(M_DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 22)) u_snk (
    .clk(clk), .rst(rst),
    .s_axis_tdata(m_tdata), .s_axis_tkeep(m_tkeep), .s_axis_tlast(m_tlast),
    .s_axis_tuser(m_tuser), .s_axis_tvalid(m_tvalid), .s_axis_tready(m_tready),
    .ready_pct(rpct), .exp_pkt(snk_pkts),
    .pkts(snk_pkts), .beats(snk_beats), .bytes(snk_bytes), .errors(snk_errors)
);

tb_axis_tput u_tput_in (.clk(clk), .clear(tput_clear), .valid(s_tvalid), .ready(s_tready),
    .count(in_count), .first(in_first), .last(in_last));
tb_axis_tput u_tput_out (.clk(clk), .clear(tput_clear), .valid(m_tvalid), .ready(m_tready),
    .count(out_count), .first(out_first), .last(out_last));

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

reg [8*160-1:0] msg;
integer i, want_lat, want_out, full_in, full_in_cycles, full_out, full_out_cycles;

initial begin
    u_ref.add_packets(300, 1, 12 * WKW, NKW);
    reset;

    run(0, 120, 60, 50);

    @(negedge clk) tput_clear = 1'b1;
    run(120, 220, 100, 100);
    full_in = in_count;
    full_in_cycles = in_last - in_first + 1;
    full_out = out_count;
    full_out_cycles = out_last - out_first + 1;
    want_out = 0;
    for (i = 120; i < 220; i = i + 1) want_out = want_out + (u_ref.len[i] + MKW - 1) / MKW;
    if (SKW <= MKW && full_in_cycles != full_in) begin
        $sformat(msg, "full rate: in %0d beats in %0d cycles", full_in, full_in_cycles);
        fail(msg);
    end
    if (SKW >= MKW && full_out_cycles != full_out) begin
        $sformat(msg, "full rate: out %0d beats in %0d cycles", full_out, full_out_cycles);
        fail(msg);
    end
    // latency: equal widths 0; downsizing 1; upsizing 1 after the narrow
    // beat that completes the first wide beat
    if (SKW == MKW) want_lat = 0;
    else if (SKW > MKW) want_lat = 1;
    else begin
        want_lat = (u_ref.len[120] + SKW - 1) / SKW;
        if (want_lat > MKW / SKW) want_lat = MKW / SKW;
    end
    if (out_first - in_first != want_lat) begin
        $sformat(msg, "latency %0d cycles, expected %0d", out_first - in_first, want_lat);
        fail(msg);
    end
    if (full_out != want_out) begin
        $sformat(msg, "full rate: %0d beats out, expected %0d", full_out, want_out);
        fail(msg);
    end

    run(220, 300, 100, 30);

    if (snk_errors != 0) fail("data errors (see above)");
    if (snk_pkts != 300) begin
        $sformat(msg, "packets out %0d, expected 300", snk_pkts);
        fail(msg);
    end
    $display("tb_fg_axis_adapter %0d->%0d: %0d packets; full rate in %0d beats in %0d cycles, out %0d beats in %0d cycles",
             S_DATA_WIDTH, M_DATA_WIDTH, snk_pkts, full_in, full_in_cycles, full_out, full_out_cycles);
    finish;
end

endmodule

`resetall
