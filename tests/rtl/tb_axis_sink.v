`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_axis_sink: receives a stream with random back-pressure and checks
// every beat against the reference list (u_ref).
//
// exp_pkt names the reference packet that the next packet to start must
// be; the testbench derives it from `pkts` (sequential, or from its own
// order queue).  Checked on every beat: each kept byte, tkeep contiguous
// from lane 0 and all ones except on the last beat, tlast exactly at the
// packet's end, tuser equal to the packet's value.  tready is high in a
// cycle with probability ready_pct/100.
module tb_axis_sink #(
    // stream width in bits
    parameter DATA_WIDTH = 64,
    // tuser width in bits
    parameter USER_WIDTH = 1,
    // seed of the tready pattern
    parameter SEED = 2
) (
    input  wire                    clk,
    input  wire                    rst,

    input  wire [DATA_WIDTH-1:0]   s_axis_tdata,
    input  wire [DATA_WIDTH/8-1:0] s_axis_tkeep,
    input  wire                    s_axis_tlast,
    input  wire [USER_WIDTH-1:0]   s_axis_tuser,
    input  wire                    s_axis_tvalid,
    output reg                     s_axis_tready,

    input  wire [7:0]              ready_pct,
    input  wire [31:0]             exp_pkt,
    output reg  [31:0]             pkts,
    output reg  [31:0]             beats,
    output reg  [31:0]             bytes,
    output reg  [31:0]             errors
);

localparam KW = DATA_WIDTH / 8;

integer seed;
integer cur, pos, n, k, nkeep, nerr;
reg in_pkt;
reg gap;

initial begin
    seed = SEED;
    in_pkt = 1'b0;
    nerr = 0;
    cur = 0;
    pos = 0;
end

task report;
    input [8*48-1:0] what;
    input integer lane;
    input [63:0] got;
    input [63:0] want;
    begin
        nerr = nerr + 1;
        if (nerr <= 8) begin
            $display("%m: t=%0t pkt %0d byte %0d lane %0d: %0s: got %h want %h",
                     $time, cur, pos, lane, what, got, want);
        end
    end
endtask

always @(posedge clk) begin
    if (rst) begin
        s_axis_tready <= 1'b0;
        pkts <= 0;
        beats <= 0;
        bytes <= 0;
        errors <= 0;
        in_pkt = 1'b0;
    end else begin
        s_axis_tready <= $unsigned($random(seed)) % 100 < ready_pct;
        if (s_axis_tvalid && s_axis_tready) begin
            if (!in_pkt) begin
                cur = exp_pkt;
                pos = 0;
            end
            n = u_ref.len[cur];
            nkeep = 0;
            gap = 1'b0;
            for (k = 0; k < KW; k = k + 1) begin
                if (s_axis_tkeep[k]) begin
                    if (gap) report("tkeep not contiguous", k, s_axis_tkeep, 0);
                    nkeep = nkeep + 1;
                end else begin
                    gap = 1'b1;
                end
            end
            if (nkeep == 0) report("empty beat", 0, s_axis_tkeep, 0);
            if (!s_axis_tlast && nkeep != KW) report("partial beat before tlast", 0, s_axis_tkeep, 0);
            for (k = 0; k < nkeep; k = k + 1) begin
                if (pos + k >= n) begin
                    report("byte past the packet end", k, pos + k, n);
                end else if (s_axis_tdata[8*k +: 8] !== u_ref.data[u_ref.off[cur] + pos + k]) begin
                    report("data", k, s_axis_tdata[8*k +: 8], u_ref.data[u_ref.off[cur] + pos + k]);
                end
            end
            if (s_axis_tlast !== (pos + nkeep >= n)) report("tlast", 0, s_axis_tlast, pos + nkeep);
            if (s_axis_tuser !== u_ref.user[cur][USER_WIDTH-1:0]) report("tuser", 0, s_axis_tuser, u_ref.user[cur]);
            pos = pos + nkeep;
            in_pkt = !s_axis_tlast;
            beats <= beats + 1;
            bytes <= bytes + nkeep;
            if (s_axis_tlast) pkts <= pkts + 1;
        end
        errors <= nerr;
    end
end

endmodule

`resetall
