`resetall
`timescale 1ns / 1ps
`default_nettype none

// uart_pnr_top: fg_uart_csr with the least slave that keeps all of it
// alive (one scratch register), so that nextpnr can place and time the
// bridge on a small package: only the clock, a reset and the two UART
// pins are on pins.  tests/rtl/run_uart.sh places it on an iCE40 UP5K.
module uart_pnr_top (
    input  wire clk,
    input  wire rst_n,
    input  wire uart_rxd,
    output wire uart_txd
);

localparam ADDR_WIDTH = 16;

wire                  csr_valid;
wire                  csr_write;
wire [ADDR_WIDTH-1:0] csr_addr;
wire [31:0]           csr_wdata;
reg                   ready_reg = 1'b0;
reg  [31:0]           scratch_reg = 32'd0;
reg  [31:0]           rdata_reg = 32'd0;
reg                   err_reg = 1'b0;
reg  [1:0]            rst_reg = 2'b11;

always @(posedge clk) rst_reg <= {rst_reg[0], !rst_n};

fg_uart_csr #(
    .CLKS_PER_BIT(104),
    .ADDR_WIDTH(ADDR_WIDTH)
) u_bridge (
    .clk(clk),
    .rst(rst_reg[1]),
    .uart_rxd(uart_rxd),
    .uart_txd(uart_txd),
    .csr_valid(csr_valid),
    .csr_write(csr_write),
    .csr_addr(csr_addr),
    .csr_wdata(csr_wdata),
    .csr_ready(ready_reg),
    .csr_rdata(rdata_reg),
    .csr_err(err_reg)
);

// every address bit and data bit reaches the answer, so none is removed
always @(posedge clk) begin
    ready_reg <= csr_valid && !ready_reg;
    err_reg <= csr_addr[ADDR_WIDTH-1];
    rdata_reg <= scratch_reg ^ {{32-ADDR_WIDTH{1'b0}}, csr_addr};
    if (csr_valid && csr_write && !ready_reg) scratch_reg <= csr_wdata;
end

endmodule

`resetall
