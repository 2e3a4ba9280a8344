`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_pt_fifo: the stream FIFO of the harness's test design.  It passes
// packets through unchanged, with random stalls on both sides (a
// pseudo-random sequence fixed by SEED, the same in every simulator), so
// that the harness sees rx_tready fall and tx_tvalid come and go.
//
// With FAULTS = 1, two EtherTypes (bytes 12 and 13 of a packet) make it
// misbehave on purpose, for the harness's own tests:
//   0x88b5  the packet's last beat leaves with lane 0 cleared in tkeep
//           (tkeep not contiguous from lane 0: a protocol error)
//   0x88b6  once the packet is stored, nothing more leaves (a stall)
module fg_pt_fifo #(
    // stream width in bits: 8, 16, 32, ... 512
    parameter DATA_WIDTH = 64,
    // capacity in beats (a power of two)
    parameter DEPTH = 16,
    // seed of the stall sequence (non-zero, 16 bits)
    parameter SEED = 16'hace1,
    // 1: obey the fault EtherTypes above
    parameter FAULTS = 0
) (
    input  wire                     clk,
    input  wire                     rst,

    // sink
    input  wire [DATA_WIDTH-1:0]    s_axis_tdata,
    input  wire [DATA_WIDTH/8-1:0]  s_axis_tkeep,
    input  wire                     s_axis_tlast,
    input  wire [31:0]              s_axis_tuser,
    input  wire                     s_axis_tvalid,
    output wire                     s_axis_tready,

    // source
    output wire [DATA_WIDTH-1:0]    m_axis_tdata,
    output wire [DATA_WIDTH/8-1:0]  m_axis_tkeep,
    output wire                     m_axis_tlast,
    output wire [31:0]              m_axis_tuser,
    output wire                     m_axis_tvalid,
    input  wire                     m_axis_tready,

    // status
    output wire                     status_packet
);

localparam KEEP_WIDTH = DATA_WIDTH / 8;
localparam ADDR_WIDTH = $clog2(DEPTH);
localparam BEAT_WIDTH = DATA_WIDTH + KEEP_WIDTH + 1 + 32;

reg [BEAT_WIDTH-1:0] mem [0:DEPTH-1];
reg [ADDR_WIDTH:0]   wr_ptr_reg = 0;
reg [ADDR_WIDTH:0]   rd_ptr_reg = 0;
reg [BEAT_WIDTH-1:0] out_reg = {BEAT_WIDTH{1'b0}};
reg                  out_valid_reg = 1'b0;
reg [15:0]           lfsr_reg = SEED;
reg [31:0]           offset_reg = 32'd0;   // bytes of the packet seen
reg [7:0]            etype_hi_reg = 8'd0;
reg [7:0]            etype_lo_reg = 8'd0;
reg                  wedge_reg = 1'b0;

wire full = (wr_ptr_reg ^ rd_ptr_reg) == {1'b1, {ADDR_WIDTH{1'b0}}};
wire empty = wr_ptr_reg == rd_ptr_reg;
wire in_stall = lfsr_reg[2] & lfsr_reg[3] & lfsr_reg[4];
wire out_stall = lfsr_reg[0] & lfsr_reg[1];

assign s_axis_tready = !full && !in_stall;
wire write = s_axis_tvalid && s_axis_tready;
wire load = !empty && !out_stall && !wedge_reg &&
            (!out_valid_reg || m_axis_tready);

// The EtherType of the packet being written, with this beat's lanes.
reg [7:0] etype_hi;
reg [7:0] etype_lo;
integer j;
always @* begin
    etype_hi = etype_hi_reg;
    etype_lo = etype_lo_reg;
    for (j = 0; j < KEEP_WIDTH; j = j + 1) begin
        if (offset_reg + j == 12)
            etype_hi = s_axis_tdata[8*j +: 8];
        if (offset_reg + j == 13)
            etype_lo = s_axis_tdata[8*j +: 8];
    end
end
wire bad_keep = FAULTS != 0 && s_axis_tlast && {etype_hi, etype_lo} == 16'h88b5;
wire wedge = FAULTS != 0 && s_axis_tlast && {etype_hi, etype_lo} == 16'h88b6;
wire [KEEP_WIDTH-1:0] keep_in = bad_keep ? s_axis_tkeep ^ 1 : s_axis_tkeep;

wire [ADDR_WIDTH-1:0] wr_addr = wr_ptr_reg[ADDR_WIDTH-1:0];
wire [ADDR_WIDTH-1:0] rd_addr = rd_ptr_reg[ADDR_WIDTH-1:0];

always @(posedge clk) begin
    if (write)
        mem[wr_addr] <= {s_axis_tuser, s_axis_tlast, keep_in, s_axis_tdata};
    if (load)
        out_reg <= mem[rd_addr];
end

always @(posedge clk) begin
    lfsr_reg <= {lfsr_reg[14:0], lfsr_reg[15] ^ lfsr_reg[13] ^ lfsr_reg[12] ^ lfsr_reg[10]};
    if (write) begin
        wr_ptr_reg <= wr_ptr_reg + 1'b1;
        offset_reg <= s_axis_tlast ? 32'd0 : offset_reg + KEEP_WIDTH;
        etype_hi_reg <= s_axis_tlast ? 8'd0 : etype_hi;
        etype_lo_reg <= s_axis_tlast ? 8'd0 : etype_lo;
        if (wedge)
            wedge_reg <= 1'b1;
    end
    if (load) begin
        rd_ptr_reg <= rd_ptr_reg + 1'b1;
        out_valid_reg <= 1'b1;
    end else if (m_axis_tready) begin
        out_valid_reg <= 1'b0;
    end
    if (rst) begin
        wr_ptr_reg <= 0;
        rd_ptr_reg <= 0;
        out_valid_reg <= 1'b0;
        lfsr_reg <= SEED;
        offset_reg <= 32'd0;
        etype_hi_reg <= 8'd0;
        etype_lo_reg <= 8'd0;
        wedge_reg <= 1'b0;
    end
end

assign {m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata} = out_reg;
assign m_axis_tvalid = out_valid_reg;
assign status_packet = m_axis_tvalid && m_axis_tready && m_axis_tlast;

endmodule

`resetall
