`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_id_block: the ID block at offset 0 of the register map.
//
// Read-only registers (byte offsets), 32 bytes:
//   0x00  MAGIC           0x46504741 ("FPGA"): an fpgagen register map
//   0x04  FORMAT_VERSION  layout version of this block and of the map
//   0x08  DESIGN_HASH     low word; 0x0C the high word
//   0x10  DATA_WIDTH      datapath width in bits
//   0x14  ELEMENT_COUNT   number of elements in the design
//   0x18  USER_WIDTH      annotation (tuser) width in bits
//   0x1C  CSR_ADDR_WIDTH  address width of the whole register map
// Every write answers csr_err with rdata 0 and changes nothing.  Only the
// five address bits inside the block are decoded.
// Response: csr_ready one cycle after csr_valid (registered).
module fg_id_block #(
    // register-bus address width in bits (at least 5, the block's)
    parameter ADDR_WIDTH = 16,
    // magic number at 0x00
    parameter [31:0] MAGIC = 32'h46504741,
    // format version at 0x04
    parameter [31:0] FORMAT_VERSION = 32'd1,
    // design hash at 0x08, low word first
    parameter [63:0] DESIGN_HASH = 64'd0,
    // datapath width in bits at 0x10
    parameter [31:0] DATA_WIDTH = 32'd64,
    // number of elements at 0x14
    parameter [31:0] ELEMENT_COUNT = 32'd0,
    // annotation width at 0x18
    parameter [31:0] USER_WIDTH = 32'd1,
    // address width of the register map at 0x1C
    parameter [31:0] CSR_ADDR_WIDTH = 32'd16
) (
    input  wire                  clk,
    input  wire                  rst,

    // register bus (slave)
    input  wire                  csr_valid,
    input  wire                  csr_write,
    input  wire [ADDR_WIDTH-1:0] csr_addr,
    input  wire [31:0]           csr_wdata,
    output wire                  csr_ready,
    output wire [31:0]           csr_rdata,
    output wire                  csr_err
);

localparam WORDS = 8;
localparam WORD_BITS = 3;

generate
    if (ADDR_WIDTH < 5) begin : g_check_addr
        fg_param_error_addr_width_too_small_for_the_id_block u_error ();
    end
endgenerate

// the registers, word i at bits [32*i +: 32]
wire [32*WORDS-1:0] words = {CSR_ADDR_WIDTH, USER_WIDTH, ELEMENT_COUNT, DATA_WIDTH,
                             DESIGN_HASH, FORMAT_VERSION, MAGIC};

wire [WORD_BITS-1:0] word_index = csr_addr[WORD_BITS+1:2];

reg        ready_reg;
reg [31:0] rdata_reg;
reg        err_reg;
reg [31:0] word;
integer i;

// bits outside the block belong to the decoder; wdata has no use here
wire unused_csr = &{1'b0, csr_addr, csr_wdata};

assign csr_ready = ready_reg;
assign csr_rdata = rdata_reg;
assign csr_err = err_reg;

always @* begin
    word = 32'd0;
    for (i = 0; i < WORDS; i = i + 1) begin
        if (word_index == i[WORD_BITS-1:0]) word = words[32*i +: 32];
    end
end

always @(posedge clk) begin
    ready_reg <= csr_valid && !ready_reg;
    if (csr_valid && !ready_reg) begin
        if (csr_write) begin
            rdata_reg <= 32'd0;
            err_reg <= 1'b1;
        end else begin
            rdata_reg <= word;
            err_reg <= 1'b0;
        end
    end

    if (rst) begin
        ready_reg <= 1'b0;
    end
end

endmodule

`resetall
