`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_axis_fifo: packet FIFO for the fpgagen packet stream.
//
// FRAME_FIFO = 0 (plain): a FIFO of DEPTH beats with back-pressure; it
//   never drops.  s_axis_tready falls when the RAM is full.  This is the
//   hardware of Click's Queue(CAPACITY) when the generator asks for a
//   lossless queue.
// FRAME_FIFO = 1 (frame): store and forward; s_axis_tready is always high
//   (the sender cannot be paused, e.g. a MAC's receive side).  A frame is
//   released to m_axis only once its last beat is stored.  When a beat
//   arrives and the RAM is full, the frame being written is dropped whole:
//   its stored beats are discarded, the rest of it is ignored up to its
//   tlast, and status_drop pulses for one cycle.  A frame longer than DEPTH
//   beats is therefore always dropped.  A partial frame never leaves.
//
// Storage: DEPTH beats in RAM plus one beat in the output register, which
// is the RAM's read register (block RAM on iCE40 / Xilinx).
// Latency (plain): a beat written in cycle t is on m_axis in cycle t+2.
// Latency (frame): the first beat of a frame is on m_axis two cycles
// after its last beat was written.
// Throughput: one beat per cycle in and out at the same time, sustained,
// with no bubble between packets (in frame mode: between frames that are
// already stored).
//
// Status (for Click's Queue handlers), all derived from registers:
//   status_beats    beats held (stored and released, plus the output
//                   register); in frame mode the frame being written is
//                   not counted until its last beat is stored
//   status_packets  packets whose last beat is stored and has not left
//   status_drop     one-cycle pulse per dropped frame (frame mode only);
//                   count it with fg_csr_counter64
module fg_axis_fifo #(
    // capacity of the RAM in beats: a power of two, at least 2
    parameter DEPTH = 1024,
    // stream width in bits: 8, 16, 32, ... 512
    parameter DATA_WIDTH = 64,
    // tuser width in bits (>= 1; tie to 1'b0 when the stream carries none)
    parameter USER_WIDTH = 1,
    // 0: plain FIFO with back-pressure; 1: store and forward, drop whole frames
    parameter FRAME_FIFO = 0
) (
    input  wire                     clk,
    input  wire                     rst,

    // sink
    input  wire [DATA_WIDTH-1:0]    s_axis_tdata,
    input  wire [DATA_WIDTH/8-1:0]  s_axis_tkeep,
    input  wire                     s_axis_tlast,
    input  wire [USER_WIDTH-1:0]    s_axis_tuser,
    input  wire                     s_axis_tvalid,
    output wire                     s_axis_tready,

    // source
    output wire [DATA_WIDTH-1:0]    m_axis_tdata,
    output wire [DATA_WIDTH/8-1:0]  m_axis_tkeep,
    output wire                     m_axis_tlast,
    output wire [USER_WIDTH-1:0]    m_axis_tuser,
    output wire                     m_axis_tvalid,
    input  wire                     m_axis_tready,

    // status
    output wire [$clog2(DEPTH):0]   status_beats,
    output wire [$clog2(DEPTH):0]   status_packets,
    output wire                     status_drop
);

localparam KEEP_WIDTH = DATA_WIDTH / 8;
localparam ADDR_WIDTH = $clog2(DEPTH);
// one beat packed: {tuser, tlast, tkeep, tdata}
localparam BEAT_WIDTH = DATA_WIDTH + KEEP_WIDTH + 1 + USER_WIDTH;

generate
    if (DATA_WIDTH < 8 || DATA_WIDTH % 8 != 0) begin : g_check_width
        fg_param_error_data_width_must_be_a_multiple_of_8 u_error ();
    end
    if (USER_WIDTH < 1) begin : g_check_user
        fg_param_error_user_width_must_be_at_least_1 u_error ();
    end
    if (DEPTH < 2 || (1 << ADDR_WIDTH) != DEPTH) begin : g_check_depth
        fg_param_error_depth_must_be_a_power_of_two_at_least_2 u_error ();
    end
    if (FRAME_FIFO != 0 && FRAME_FIFO != 1) begin : g_check_mode
        fg_param_error_frame_fifo_must_be_0_or_1 u_error ();
    end
endgenerate

reg [BEAT_WIDTH-1:0] mem [0:DEPTH-1];

// pointers carry one extra bit to tell full from empty
reg [ADDR_WIDTH:0] wr_ptr_reg, wr_ptr_next;
reg [ADDR_WIDTH:0] commit_ptr_reg, commit_ptr_next;
reg [ADDR_WIDTH:0] rd_ptr_reg;
reg                drop_frame_reg, drop_frame_next;
reg                drop_pulse_reg, drop_pulse_next;
reg                mem_write;

reg                  out_valid_reg;
reg [BEAT_WIDTH-1:0] out_beat_reg;
reg [ADDR_WIDTH:0]   packets_reg;

wire [ADDR_WIDTH:0] used = wr_ptr_reg - rd_ptr_reg;
// used never exceeds DEPTH, so its top bit alone means full
wire full = used[ADDR_WIDTH];
// rd_ptr == wr_ptr implies rd_ptr == commit_ptr; stating it lets synthesis
// prove that a read and a write never meet at one address, so it adds no
// collision logic around the block RAM
wire empty = rd_ptr_reg == commit_ptr_reg || rd_ptr_reg == wr_ptr_reg;

// read the RAM when it holds a released beat and the output register is
// free or is being emptied in this cycle
wire mem_read = !empty && (!out_valid_reg || m_axis_tready);
wire out_take = out_valid_reg && m_axis_tready;

wire [BEAT_WIDTH-1:0] in_beat = {s_axis_tuser, s_axis_tlast, s_axis_tkeep, s_axis_tdata};
wire [ADDR_WIDTH:0] wr_ptr_inc = wr_ptr_reg + 1'b1;
wire [ADDR_WIDTH:0] rd_ptr_inc = rd_ptr_reg + 1'b1;

assign s_axis_tready = (FRAME_FIFO != 0) || !full;

assign m_axis_tvalid = out_valid_reg;
assign {m_axis_tuser, m_axis_tlast, m_axis_tkeep, m_axis_tdata} = out_beat_reg;

assign status_beats = (commit_ptr_reg - rd_ptr_reg) + {{ADDR_WIDTH{1'b0}}, out_valid_reg};
assign status_packets = packets_reg;
assign status_drop = drop_pulse_reg;

// write side
always @* begin
    wr_ptr_next = wr_ptr_reg;
    commit_ptr_next = commit_ptr_reg;
    drop_frame_next = drop_frame_reg;
    drop_pulse_next = 1'b0;
    mem_write = 1'b0;

    if (FRAME_FIFO == 0) begin
        if (s_axis_tvalid && !full) begin
            mem_write = 1'b1;
            wr_ptr_next = wr_ptr_inc;
            commit_ptr_next = wr_ptr_inc;
        end
    end else if (s_axis_tvalid) begin
        if (drop_frame_reg) begin
            // discarding the rest of a dropped frame
            drop_frame_next = !s_axis_tlast;
        end else if (full) begin
            // the frame does not fit: forget what was stored of it
            wr_ptr_next = commit_ptr_reg;
            drop_frame_next = !s_axis_tlast;
            drop_pulse_next = 1'b1;
        end else begin
            mem_write = 1'b1;
            wr_ptr_next = wr_ptr_inc;
            if (s_axis_tlast) begin
                commit_ptr_next = wr_ptr_inc;
            end
        end
    end
end

always @(posedge clk) begin
    if (mem_write) begin
        mem[wr_ptr_reg[ADDR_WIDTH-1:0]] <= in_beat;
    end
    if (mem_read) begin
        out_beat_reg <= mem[rd_ptr_reg[ADDR_WIDTH-1:0]];
    end
end

always @(posedge clk) begin
    wr_ptr_reg <= wr_ptr_next;
    commit_ptr_reg <= commit_ptr_next;
    drop_frame_reg <= drop_frame_next;
    drop_pulse_reg <= drop_pulse_next;

    if (mem_read) begin
        rd_ptr_reg <= rd_ptr_inc;
        out_valid_reg <= 1'b1;
    end else if (m_axis_tready) begin
        out_valid_reg <= 1'b0;
    end

    // a packet counts once its last beat is stored (and released)
    case ({mem_write && s_axis_tlast, out_take && m_axis_tlast})
        2'b10: packets_reg <= packets_reg + 1'b1;
        2'b01: packets_reg <= packets_reg - 1'b1;
        default: packets_reg <= packets_reg;
    endcase

    if (rst) begin
        wr_ptr_reg <= {ADDR_WIDTH+1{1'b0}};
        commit_ptr_reg <= {ADDR_WIDTH+1{1'b0}};
        rd_ptr_reg <= {ADDR_WIDTH+1{1'b0}};
        drop_frame_reg <= 1'b0;
        drop_pulse_reg <= 1'b0;
        out_valid_reg <= 1'b0;
        packets_reg <= {ADDR_WIDTH+1{1'b0}};
    end
end

endmodule

`resetall
