`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_axis_skid: random traffic through fg_axis_skid.
//   1. random tvalid gaps and random back-pressure: every byte in order
//   2. tvalid and tready always high: N beats in N cycles on both sides,
//      and a beat leaves one cycle after it entered
//   3. tvalid always high, tready 50%: lossless
module tb_fg_axis_skid;

// stream width in bits
parameter DATA_WIDTH = 64;
// tuser width in bits
parameter USER_WIDTH = 3;
// random seed
parameter SEED = 1;
// cycle limit
parameter TIMEOUT = 400000;

localparam KW = DATA_WIDTH / 8;

`include "tb_common.vh"

wire [DATA_WIDTH-1:0] s_tdata, m_tdata;
wire [KW-1:0]         s_tkeep, m_tkeep;
wire                  s_tlast, m_tlast;
wire [USER_WIDTH-1:0] s_tuser, m_tuser;
wire                  s_tvalid, m_tvalid;
wire                  s_tready, m_tready;

reg         start = 1'b0;
reg  [31:0] first = 0, last = 0;
reg  [7:0]  vpct = 100, rpct = 100;
reg         tput_clear = 1'b1;
wire        src_idle;
wire [31:0] src_pkt, src_beats;
wire [31:0] snk_pkts, snk_beats, snk_bytes, snk_errors;
wire [31:0] tb_errors = snk_errors;
wire [31:0] in_count, in_first, in_last, out_count, out_first, out_last;

tb_axis_ref #(.SEED(SEED)) u_ref ();

tb_axis_source #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 11)) u_src (
    .clk(clk), .rst(rst),
    .m_axis_tdata(s_tdata), .m_axis_tkeep(s_tkeep), .m_axis_tlast(s_tlast),
    .m_axis_tuser(s_tuser), .m_axis_tvalid(s_tvalid), .m_axis_tready(s_tready),
    .start(start), .first(first), .step(32'd1), .last(last), .valid_pct(vpct),
    .idle(src_idle), .m_pkt(src_pkt), .beats(src_beats)
);

fg_axis_skid #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH)) dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready)
);

tb_axis_sink #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 22)) u_snk (
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
integer full_beats, full_cycles;

initial begin
    u_ref.add_packets(300, 1, 40 * KW, KW);
    reset;

    run(0, 150, 60, 50);

    @(negedge clk) tput_clear = 1'b1;
    run(150, 250, 100, 100);
    if (in_last - in_first + 1 != in_count || out_last - out_first + 1 != out_count) begin
        $sformat(msg, "full rate: in %0d beats in %0d cycles, out %0d beats in %0d cycles",
                 in_count, in_last - in_first + 1, out_count, out_last - out_first + 1);
        fail(msg);
    end
    full_beats = out_count;
    full_cycles = out_last - out_first + 1;
    if (out_first != in_first + 1) begin
        $sformat(msg, "latency %0d cycles, expected 1", out_first - in_first);
        fail(msg);
    end

    run(250, 300, 100, 50);

    if (snk_errors != 0) fail("data errors (see above)");
    if (snk_pkts != 300 || snk_beats != src_beats) begin
        $sformat(msg, "packets %0d/300, beats %0d/%0d", snk_pkts, snk_beats, src_beats);
        fail(msg);
    end
    $display("tb_fg_axis_skid W=%0d: %0d packets, %0d beats, full-rate %0d beats in %0d cycles",
             DATA_WIDTH, snk_pkts, snk_beats, full_beats, full_cycles);
    finish;
end

endmodule

`resetall
