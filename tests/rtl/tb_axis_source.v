`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_axis_source: drives packets of the reference list (u_ref) onto a
// stream, with random gaps in tvalid.
//
// A pulse on `start` sends packets first, first+step, ... (< last).  Each
// cycle in which no beat is held, the next beat is offered with
// probability valid_pct/100.  Lanes past the end of a packet carry junk.
// m_pkt is the reference index of the beat on the bus.
module tb_axis_source #(
    // stream width in bits
    parameter DATA_WIDTH = 64,
    // tuser width in bits
    parameter USER_WIDTH = 1,
    // seed of the tvalid pattern and the junk lanes
    parameter SEED = 1
) (
    input  wire                    clk,
    input  wire                    rst,

    output reg  [DATA_WIDTH-1:0]   m_axis_tdata,
    output reg  [DATA_WIDTH/8-1:0] m_axis_tkeep,
    output reg                     m_axis_tlast,
    output reg  [USER_WIDTH-1:0]   m_axis_tuser,
    output reg                     m_axis_tvalid,
    input  wire                    m_axis_tready,

    input  wire                    start,
    input  wire [31:0]             first,
    input  wire [31:0]             step,
    input  wire [31:0]             last,
    input  wire [7:0]              valid_pct,
    output wire                    idle,
    output reg  [31:0]             m_pkt,
    output reg  [31:0]             beats
);

localparam KW = DATA_WIDTH / 8;

integer seed;
integer pkt, pos, end_pkt, stride, k, n;
reg [DATA_WIDTH-1:0] d;
reg [KW-1:0] kp;

initial begin
    seed = SEED;
    pkt = 0;
    end_pkt = 0;
    stride = 1;
    pos = 0;
end

assign idle = pkt >= end_pkt && !m_axis_tvalid;

always @(posedge clk) begin
    if (rst) begin
        m_axis_tvalid <= 1'b0;
        beats <= 0;
        pkt = 0;
        end_pkt = 0;
        pos = 0;
    end else begin
        if (m_axis_tvalid && m_axis_tready) begin
            beats <= beats + 1;
        end
        if (start) begin
            pkt = first;
            stride = step;
            end_pkt = last;
            pos = 0;
        end
        if (!m_axis_tvalid || m_axis_tready) begin
            if (pkt < end_pkt && $unsigned($random(seed)) % 100 < valid_pct) begin
                n = u_ref.len[pkt];
                for (k = 0; k < KW; k = k + 1) begin
                    if (pos + k < n) begin
                        d[8*k +: 8] = u_ref.data[u_ref.off[pkt] + pos + k];
                        kp[k] = 1'b1;
                    end else begin
                        d[8*k +: 8] = $random(seed);
                        kp[k] = 1'b0;
                    end
                end
                m_axis_tdata <= d;
                m_axis_tkeep <= kp;
                m_axis_tlast <= pos + KW >= n;
                m_axis_tuser <= u_ref.user[pkt][USER_WIDTH-1:0];
                m_axis_tvalid <= 1'b1;
                m_pkt <= pkt;
                if (pos + KW >= n) begin
                    pkt = pkt + stride;
                    pos = 0;
                end else begin
                    pos = pos + KW;
                end
            end else begin
                m_axis_tvalid <= 1'b0;
            end
        end
    end
end

endmodule

`resetall
