`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_axis_fifo: random traffic through fg_axis_fifo in either mode.
//
// A model built only from what crosses the ports predicts every decision:
// the RAM holds the beats written minus the beats read (a beat is read
// when it is taken from m_axis or waits in the output register), so
// plain mode must drop tready exactly when that reaches DEPTH, and frame
// mode must drop the frame being written exactly when a beat arrives
// then.  The model also gives the order of the packets that must come
// out (the sink checks every byte of them) and the expected status_beats
// and status_packets in every cycle.
//   A. random tvalid gaps, random back-pressure
//   B. tvalid and tready always high: plain mode N beats in N cycles in
//      and out, latency 2; frame mode no drop with short frames
//   C. output stalled while a burst arrives (plain: the FIFO fills and
//      pushes back; frame: later frames dropped), then released: the
//      stored beats leave back to back, N beats in N cycles
//   D. frames longer than DEPTH beats mixed with short ones (frame mode:
//      every long one dropped, every short one kept)
module tb_fg_axis_fifo;

// stream width in bits
parameter DATA_WIDTH = 64;
// tuser width in bits
parameter USER_WIDTH = 3;
// FIFO depth in beats
parameter DEPTH = 64;
// 0 plain, 1 frame FIFO
parameter FRAME_FIFO = 0;
// random seed
parameter SEED = 1;
// cycle limit
parameter TIMEOUT = 400000;

localparam KW = DATA_WIDTH / 8;
localparam AW = $clog2(DEPTH);
// a half and a quarter of the depth, at least one beat
localparam HALF = DEPTH >= 4 ? DEPTH / 2 : 1;
localparam QUARTER = DEPTH >= 4 ? DEPTH / 4 : 1;

`include "tb_common.vh"

wire [DATA_WIDTH-1:0] s_tdata, m_tdata;
wire [KW-1:0]         s_tkeep, m_tkeep;
wire                  s_tlast, m_tlast;
wire [USER_WIDTH-1:0] s_tuser, m_tuser;
wire                  s_tvalid, m_tvalid;
wire                  s_tready, m_tready;
wire [AW:0]           status_beats, status_packets;
wire                  status_drop;

reg         start = 1'b0;
reg  [31:0] first = 0, last = 0;
reg  [7:0]  vpct = 100, rpct = 100;
reg         tput_clear = 1'b1;
wire        src_idle;
wire [31:0] src_pkt, src_beats;
wire [31:0] snk_pkts, snk_beats, snk_bytes, snk_errors;
wire [31:0] in_count, in_first, in_last, out_count, out_first, out_last;

// the model
integer order [0:4095];      // packets that must come out, in order
integer n_order = 0;
integer committed = 0;       // beats written and released (all mode 0 beats)
integer committed_pkts = 0;
integer cur_written = 0;     // frame mode: beats of the frame being written
reg     dropping = 1'b0;     // frame mode: discarding the rest of a frame
reg     in_frame = 1'b0;     // plain mode: inside a packet on s_axis
integer out_hs = 0;          // beats taken from m_axis
integer out_pkts = 0;
integer drops = 0;           // frames the model dropped
integer dut_drops = 0;       // status_drop pulses
integer model_errors = 0;
reg     pred_drop = 1'b0;
integer used;
reg     is_dropped [0:4095];

wire [31:0] exp_pkt = order[snk_pkts];
wire [31:0] tb_errors = snk_errors + model_errors;

tb_axis_ref #(.SEED(SEED)) u_ref ();

tb_axis_source #(.DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .SEED(SEED + 11)) u_src (
    .clk(clk), .rst(rst),
    .m_axis_tdata(s_tdata), .m_axis_tkeep(s_tkeep), .m_axis_tlast(s_tlast),
    .m_axis_tuser(s_tuser), .m_axis_tvalid(s_tvalid), .m_axis_tready(s_tready),
    .start(start), .first(first), .step(32'd1), .last(last), .valid_pct(vpct),
    .idle(src_idle), .m_pkt(src_pkt), .beats(src_beats)
);

fg_axis_fifo #(
    .DEPTH(DEPTH), .DATA_WIDTH(DATA_WIDTH), .USER_WIDTH(USER_WIDTH), .FRAME_FIFO(FRAME_FIFO)
) dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready),
    .status_beats(status_beats), .status_packets(status_packets), .status_drop(status_drop)
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

task model_error;
    input [8*80-1:0] what;
    input integer got, want;
    begin
        model_errors = model_errors + 1;
        if (model_errors <= 8) $display("t=%0t: %0s: got %0d want %0d", $time, what, got, want);
    end
endtask

// the model steps on every clock edge with the values of the cycle before
always @(posedge clk) begin
    if (!rst) begin
        // RAM occupancy as seen from outside
        used = committed + cur_written - out_hs - m_tvalid;
        if (FRAME_FIFO == 0 && s_tready !== (used < DEPTH)) begin
            model_error("s_axis_tready vs beats in RAM", used, DEPTH);
        end
        if (FRAME_FIFO != 0 && s_tready !== 1'b1) model_error("s_axis_tready low in frame mode", 0, 1);
        if (status_drop !== pred_drop) model_error("status_drop", status_drop, pred_drop);
        if (status_drop) dut_drops = dut_drops + 1;
        pred_drop = 1'b0;

        if (s_tvalid && s_tready) begin
            if (FRAME_FIFO == 0) begin
                // plain mode cuts through: a packet may leave before its end is in
                committed = committed + 1;
                if (!in_frame) begin
                    order[n_order] = src_pkt;
                    n_order = n_order + 1;
                end
                in_frame = !s_tlast;
                if (s_tlast) committed_pkts = committed_pkts + 1;
            end else if (dropping) begin
                dropping = !s_tlast;
            end else if (used >= DEPTH) begin
                pred_drop = 1'b1;
                drops = drops + 1;
                is_dropped[src_pkt] = 1'b1;
                cur_written = 0;
                dropping = !s_tlast;
            end else begin
                cur_written = cur_written + 1;
                if (s_tlast) begin
                    committed = committed + cur_written;
                    committed_pkts = committed_pkts + 1;
                    cur_written = 0;
                    order[n_order] = src_pkt;
                    n_order = n_order + 1;
                end
            end
        end
        if (m_tvalid && m_tready) begin
            out_hs = out_hs + 1;
            if (m_tlast) out_pkts = out_pkts + 1;
        end
    end
end

// status after each edge
always @(negedge clk) begin
    if (!rst) begin
        if (status_beats !== committed - out_hs) model_error("status_beats", status_beats, committed - out_hs);
        if (status_packets !== committed_pkts - out_pkts) model_error("status_packets", status_packets, committed_pkts - out_pkts);
    end
end

task begin_run;
    input integer f, l, vp, rp;
    begin
        @(negedge clk);
        first = f; last = l; vpct = vp; rpct = rp;
        tput_clear = 1'b0;
        start = 1'b1;
        @(negedge clk);
        start = 1'b0;
    end
endtask

task end_run;
    begin
        wait (src_idle);
        wait_cycles(2);
        wait (snk_pkts == n_order);
        wait_cycles(4);
    end
endtask

reg [8*160-1:0] msg;
integer i, n_long, long_dropped, short_dropped, drops_before;
integer a0, a1, b1, c1, d1;
integer full_beats, full_cycles, drain_beats, drain_cycles;

initial begin
    for (i = 0; i < 4096; i = i + 1) is_dropped[i] = 1'b0;
    // A: random
    u_ref.add_packets(150, 1, (FRAME_FIFO ? HALF : 2 * DEPTH) * KW, KW);
    a1 = u_ref.npkts;
    // B: full rate; short frames in frame mode
    u_ref.add_packets(100, 1, (FRAME_FIFO ? QUARTER : 2 * DEPTH) * KW, KW);
    b1 = u_ref.npkts;
    // C: stall then drain
    u_ref.add_packets(60, 1, QUARTER * KW, KW);
    c1 = u_ref.npkts;
    // D: long (more than DEPTH beats) and short, alternating
    for (i = 0; i < 20; i = i + 1) begin
        u_ref.add_packets(1, DEPTH * KW + 1, 2 * DEPTH * KW, KW);
        u_ref.add_packets(1, 1, QUARTER * KW, KW);
    end
    d1 = u_ref.npkts;
    reset;

    begin_run(0, a1, 60, 50);
    end_run;

    @(negedge clk) tput_clear = 1'b1;
    drops_before = drops;
    begin_run(a1, b1, 100, 100);
    end_run;
    full_beats = out_count;
    full_cycles = out_last - out_first + 1;
    if (FRAME_FIFO == 0) begin
        if (in_last - in_first + 1 != in_count || full_cycles != full_beats) begin
            $sformat(msg, "full rate: in %0d beats in %0d cycles, out %0d beats in %0d cycles",
                     in_count, in_last - in_first + 1, full_beats, full_cycles);
            fail(msg);
        end
        if (out_first != in_first + 2) begin
            $sformat(msg, "latency %0d cycles, expected 2", out_first - in_first);
            fail(msg);
        end
    end else if (drops != drops_before) begin
        $sformat(msg, "full rate, short frames: %0d dropped, expected none", drops - drops_before);
        fail(msg);
    end

    // C: output stalled
    @(negedge clk) tput_clear = 1'b1;
    begin_run(b1, c1, 100, 0);
    if (FRAME_FIFO == 0) begin
        wait (!s_tready);
        wait_cycles(20);
        if (s_tready || status_beats != DEPTH + 1) begin
            $sformat(msg, "stalled: tready %0d, %0d beats held, expected DEPTH+1 = %0d",
                     s_tready, status_beats, DEPTH + 1);
            fail(msg);
        end
    end else begin
        wait (src_idle);
        wait_cycles(4);
        if (status_beats + QUARTER <= DEPTH) begin
            $sformat(msg, "stalled: only %0d beats held of %0d", status_beats, DEPTH);
            fail(msg);
        end
    end
    @(negedge clk);
    tput_clear = 1'b0;
    rpct = 100;
    end_run;
    drain_beats = out_count;
    drain_cycles = out_last - out_first + 1;
    if (drain_cycles != drain_beats) begin
        $sformat(msg, "drain: out %0d beats in %0d cycles", drain_beats, drain_cycles);
        fail(msg);
    end

    // D: long and short
    begin_run(c1, d1, 100, 100);
    end_run;
    n_long = 0;
    long_dropped = 0;
    short_dropped = 0;
    for (i = c1; i < d1; i = i + 1) begin
        if (u_ref.len[i] > DEPTH * KW) begin
            n_long = n_long + 1;
            if (is_dropped[i]) long_dropped = long_dropped + 1;
        end else if (is_dropped[i]) begin
            short_dropped = short_dropped + 1;
        end
    end
    if (FRAME_FIFO != 0 && (long_dropped != n_long || short_dropped != 0)) begin
        $sformat(msg, "long frames: %0d of %0d dropped; short frames dropped: %0d",
                 long_dropped, n_long, short_dropped);
        fail(msg);
    end

    wait_cycles(4);
    if (snk_errors != 0) fail("data errors (see above)");
    if (model_errors != 0) fail("model mismatches (see above)");
    if (dut_drops != drops) begin
        $sformat(msg, "status_drop pulsed %0d times, model dropped %0d", dut_drops, drops);
        fail(msg);
    end
    if (snk_pkts != d1 - drops || snk_pkts != n_order) begin
        $sformat(msg, "packets out %0d, expected %0d", snk_pkts, d1 - drops);
        fail(msg);
    end
    if (status_beats != 0 || status_packets != 0) fail("status not zero when empty");
    $display("tb_fg_axis_fifo W=%0d DEPTH=%0d FRAME_FIFO=%0d: %0d packets in, %0d out, %0d dropped; full rate %0d beats in %0d cycles; drain %0d beats in %0d cycles",
             DATA_WIDTH, DEPTH, FRAME_FIFO, d1, snk_pkts, drops, full_beats, full_cycles, drain_beats, drain_cycles);
    finish;
end

endmodule

`resetall
