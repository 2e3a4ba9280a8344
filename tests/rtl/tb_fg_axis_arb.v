`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_axis_arb: PORTS random sources through fg_axis_arb.
//
// Source j sends reference packets j, j+PORTS, ...  The order in which
// the arbiter takes first beats from its inputs is the order in which the
// packets must leave; the sink checks every byte of them against it.
//   A. random tvalid gaps (a different rate per input), random
//      back-pressure
//   B. every input always valid, tready always high: N beats in N cycles
//      at the output across packet and input boundaries
//   C. every input always valid, tready 30%
// Always: packets leave whole, and an input that waits for a grant sees
// at most PORTS-1 packets of other inputs start before its own.
module tb_fg_axis_arb;

// number of inputs
parameter PORTS = 3;
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

wire [PORTS*DATA_WIDTH-1:0] s_tdata;
wire [PORTS*KW-1:0]         s_tkeep;
wire [PORTS-1:0]            s_tlast;
wire [PORTS*USER_WIDTH-1:0] s_tuser;
wire [PORTS-1:0]            s_tvalid;
wire [PORTS-1:0]            s_tready;
wire [PORTS*32-1:0]         s_pkt;
wire [PORTS-1:0]            src_idle;

wire [DATA_WIDTH-1:0] m_tdata;
wire [KW-1:0]         m_tkeep;
wire                  m_tlast;
wire [USER_WIDTH-1:0] m_tuser;
wire                  m_tvalid;
wire                  m_tready;

reg         start = 1'b0;
reg  [31:0] base = 0, last = 0;
reg  [8*PORTS-1:0] vpct = {PORTS{8'd100}};
reg  [7:0]  rpct = 100;
reg         tput_clear = 1'b1;
wire [31:0] snk_pkts, snk_beats, snk_bytes, snk_errors;
wire [31:0] out_count, out_first, out_last;
wire [31:0] in_count, in_first, in_last;

integer order [0:4095];
integer n_order = 0;
reg     in_pkt [0:PORTS-1];
integer waits [0:PORTS-1];
integer max_wait = 0;
integer arb_errors = 0;

wire [31:0] exp_pkt = order[snk_pkts];
wire [31:0] tb_errors = snk_errors + arb_errors;

tb_axis_ref #(.SEED(SEED)) u_ref ();

genvar g;
generate
    for (g = 0; g < PORTS; g = g + 1) begin : g_src
        wire [31:0] beats;
        wire [31:0] first = base + g;
        tb_axis_source #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 100 + g)) u_src (
            .clk(clk), .rst(rst),
            .m_axis_tdata(s_tdata[g*DATA_WIDTH +: DATA_WIDTH]),
            .m_axis_tkeep(s_tkeep[g*KW +: KW]),
            .m_axis_tlast(s_tlast[g]),
            .m_axis_tuser(s_tuser[g*USER_WIDTH +: USER_WIDTH]),
            .m_axis_tvalid(s_tvalid[g]),
            .m_axis_tready(s_tready[g]),
            .start(start), .first(first), .step(PORTS), .last(last),
            .valid_pct(vpct[8*g +: 8]),
            .idle(src_idle[g]), .m_pkt(s_pkt[32*g +: 32]), .beats(beats)
        );
    end
endgenerate

fg_axis_arb #(.PORTS(PORTS), .DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH)) dut (
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
    .ready_pct(rpct), .exp_pkt(exp_pkt),
    .pkts(snk_pkts), .beats(snk_beats), .bytes(snk_bytes), .errors(snk_errors)
);

tb_axis_tput u_tput_in (.clk(clk), .clear(tput_clear), .valid(|(s_tvalid & s_tready)), .ready(1'b1),
    .count(in_count), .first(in_first), .last(in_last));
tb_axis_tput u_tput_out (.clk(clk), .clear(tput_clear), .valid(m_tvalid), .ready(m_tready),
    .count(out_count), .first(out_first), .last(out_last));

integer j, k;

// the order of first beats taken, and the wait of every waiting input
always @(posedge clk) begin
    if (rst) begin
        for (j = 0; j < PORTS; j = j + 1) begin
            in_pkt[j] = 1'b0;
            waits[j] = 0;
        end
    end else begin
        // an input inside a packet keeps the output to itself
        for (j = 0; j < PORTS; j = j + 1) begin
            if (in_pkt[j] && (s_tvalid & s_tready & ~(1 << j)) != 0) begin
                arb_errors = arb_errors + 1;
                $display("t=%0t: switched away from input %0d inside a packet", $time, j);
            end
        end
        if ((s_tvalid & s_tready) & ((s_tvalid & s_tready) - 1'b1)) begin
            arb_errors = arb_errors + 1;
            $display("t=%0t: beats taken from two inputs at once", $time);
        end
        for (j = 0; j < PORTS; j = j + 1) begin
            if (s_tvalid[j] && s_tready[j]) begin
                if (!in_pkt[j]) begin
                    order[n_order] = s_pkt[32*j +: 32];
                    n_order = n_order + 1;
                    waits[j] = 0;
                    for (k = 0; k < PORTS; k = k + 1) begin
                        if (k != j && s_tvalid[k] && !in_pkt[k]) begin
                            waits[k] = waits[k] + 1;
                            if (waits[k] > max_wait) max_wait = waits[k];
                            if (waits[k] > PORTS - 1) begin
                                arb_errors = arb_errors + 1;
                                $display("t=%0t: input %0d waited %0d packets", $time, k, waits[k]);
                            end
                        end
                    end
                end
                in_pkt[j] = !s_tlast[j];
            end
        end
    end
end

task run;
    input integer f, l, rp;
    begin
        @(negedge clk);
        base = f; last = l; rpct = rp;
        tput_clear = 1'b0;
        start = 1'b1;
        @(negedge clk);
        start = 1'b0;
        wait (&src_idle);
        wait (snk_pkts == n_order);
        wait_cycles(4);
    end
endtask

reg [8*160-1:0] msg;
integer full_beats, full_cycles;

initial begin
    u_ref.add_packets(450, 1, 24 * KW, KW);
    reset;

    for (j = 0; j < PORTS; j = j + 1) vpct[8*j +: 8] = 20 + (j * 70) / PORTS;
    run(0, 150, 60);

    vpct = {PORTS{8'd100}};
    @(negedge clk) tput_clear = 1'b1;
    run(150, 300, 100);
    full_beats = out_count;
    full_cycles = out_last - out_first + 1;
    if (full_cycles != full_beats || in_last - in_first + 1 != in_count) begin
        $sformat(msg, "full rate: in %0d beats in %0d cycles, out %0d beats in %0d cycles",
                 in_count, in_last - in_first + 1, full_beats, full_cycles);
        fail(msg);
    end
    if (out_first != in_first + 1) begin
        $sformat(msg, "latency %0d cycles, expected 1", out_first - in_first);
        fail(msg);
    end

    run(300, 450, 30);

    if (snk_errors != 0) fail("data errors (see above)");
    if (arb_errors != 0) fail("arbitration errors (see above)");
    if (snk_pkts != 450) begin
        $sformat(msg, "packets out %0d, expected 450", snk_pkts);
        fail(msg);
    end
    $display("tb_fg_axis_arb PORTS=%0d W=%0d: %0d packets; full rate %0d beats in %0d cycles; longest wait %0d packets",
             PORTS, DATA_WIDTH, snk_pkts, full_beats, full_cycles, max_wait);
    finish;
end

endmodule

`resetall
