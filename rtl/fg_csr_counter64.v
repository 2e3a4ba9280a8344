`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_csr_counter64: a 64-bit event/byte counter behind two registers.
//
// Every cycle the counter adds inc (0 or 1) plus add_value (a byte count,
// 0 when idle); it wraps at 2^64.
//
// Registers (byte offsets; only address bit 2 is decoded, the block is
// 8 bytes and the decoder in front owns the bits above):
//   0x0  read: count[31:0], and count[63:32] of that same cycle is latched
//   0x4  read: the latched count[63:32]
//   0x0, 0x4  write (any value): the counter restarts from this cycle's
//        inc + add_value, and the latch clears
// Reading the low word first, then the high word, gives a coherent 64-bit
// value however fast the counter runs.  csr_err is never raised.
// Response: csr_ready one cycle after csr_valid (registered).
module fg_csr_counter64 #(
    // width of the add_value input in bits (1..32)
    parameter ADD_WIDTH = 16,
    // register-bus address width in bits (bit 2 is used)
    parameter ADDR_WIDTH = 3
) (
    input  wire                  clk,
    input  wire                  rst,

    // events
    input  wire                  inc,
    input  wire [ADD_WIDTH-1:0]  add_value,
    output wire [63:0]           count,

    // register bus (slave)
    input  wire                  csr_valid,
    input  wire                  csr_write,
    input  wire [ADDR_WIDTH-1:0] csr_addr,
    input  wire [31:0]           csr_wdata,
    output wire                  csr_ready,
    output wire [31:0]           csr_rdata,
    output wire                  csr_err
);

generate
    if (ADD_WIDTH < 1 || ADD_WIDTH > 32) begin : g_check_add
        fg_param_error_add_width_must_be_1_to_32 u_error ();
    end
    if (ADDR_WIDTH < 3) begin : g_check_addr
        fg_param_error_addr_width_must_be_at_least_3 u_error ();
    end
endgenerate

reg [63:0] count_reg;
reg [31:0] high_latch_reg;
reg        ready_reg;
reg [31:0] rdata_reg;

// the bus request is acted on in the cycle it is answered
wire take = csr_valid && !ready_reg;
wire clear = take && csr_write;
wire [63:0] step = {{64-ADD_WIDTH{1'b0}}, add_value} + {63'd0, inc};

// only bit 2 selects a register; wdata is not used (any write clears)
wire unused_csr = &{1'b0, csr_addr, csr_wdata};

assign count = count_reg;
assign csr_ready = ready_reg;
assign csr_rdata = rdata_reg;
assign csr_err = 1'b0;

always @(posedge clk) begin
    ready_reg <= take;

    if (clear) begin
        count_reg <= step;
        high_latch_reg <= 32'd0;
        rdata_reg <= 32'd0;
    end else begin
        count_reg <= count_reg + step;
        if (take) begin
            if (!csr_addr[2]) begin
                rdata_reg <= count_reg[31:0];
                high_latch_reg <= count_reg[63:32];
            end else begin
                rdata_reg <= high_latch_reg;
            end
        end
    end

    if (rst) begin
        count_reg <= 64'd0;
        high_latch_reg <= 32'd0;
        ready_reg <= 1'b0;
    end
end

endmodule

`resetall
