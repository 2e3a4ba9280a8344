`resetall
`timescale 1ns / 1ps
`default_nettype none

// uart_sim_top: the UART register bridge in front of a small register map,
// the design that tests/uart/uart_sim.c drives through a pseudo-terminal.
//
// Register map (8 address bits, 256 bytes):
//   0x00..0x1c  fg_id_block (magic 0x46504741, CSR_ADDR_WIDTH 8)
//   0x20..0x3c  eight read/write registers, 0 to 7 wait cycles each access
//   0x40        read: writes that landed in 0x20..0x3c; write: csr_err
//   0x44        read: a counter that counts up after every read (a read
//               with a side effect); write: sets it
//   0x80..0xfc  never answers (the bridge's bus timeout)
//   else        csr_err
module uart_sim_top #(
    // clock cycles per UART bit
    parameter CLKS_PER_BIT = 8,
    // the bridge's frame timeout in bit times
    parameter FRAME_TIMEOUT_BITS = 100,
    // the bridge's bus timeout in cycles
    parameter BUS_TIMEOUT_CYCLES = 256
) (
    input  wire clk,
    input  wire rst,
    input  wire uart_rxd,
    output wire uart_txd
);

localparam AW = 8;

wire          csr_valid;
wire          csr_write;
wire [AW-1:0] csr_addr;
wire [31:0]   csr_wdata;
wire          csr_ready;
wire [31:0]   csr_rdata;
wire          csr_err;

fg_uart_csr #(
    .CLKS_PER_BIT(CLKS_PER_BIT),
    .ADDR_WIDTH(AW),
    .FRAME_TIMEOUT_BITS(FRAME_TIMEOUT_BITS),
    .BUS_TIMEOUT_CYCLES(BUS_TIMEOUT_CYCLES)
) u_bridge (
    .clk(clk),
    .rst(rst),
    .uart_rxd(uart_rxd),
    .uart_txd(uart_txd),
    .csr_valid(csr_valid),
    .csr_write(csr_write),
    .csr_addr(csr_addr),
    .csr_wdata(csr_wdata),
    .csr_ready(csr_ready),
    .csr_rdata(csr_rdata),
    .csr_err(csr_err)
);

wire sel_id = csr_addr[7:5] == 3'b000;
wire sel_hang = csr_addr[7];

wire        id_ready;
wire [31:0] id_rdata;
wire        id_err;

fg_id_block #(
    .ADDR_WIDTH(AW),
    .CSR_ADDR_WIDTH(32'd8)
) u_id (
    .clk(clk),
    .rst(rst),
    .csr_valid(csr_valid && sel_id),
    .csr_write(csr_write),
    .csr_addr(csr_addr),
    .csr_wdata(csr_wdata),
    .csr_ready(id_ready),
    .csr_rdata(id_rdata),
    .csr_err(id_err)
);

reg  [31:0] regs [0:7];
reg  [31:0] write_count_reg;
reg  [31:0] pop_reg;
reg  [15:0] lfsr_reg;
reg         active_reg;
reg  [2:0]  wait_reg;
reg         ready_reg;
reg  [31:0] rdata_reg;
reg         err_reg;

wire local_req = csr_valid && !sel_id && !sel_hang && !ready_reg;

assign csr_ready = id_ready || ready_reg;
assign csr_rdata = id_ready ? id_rdata : rdata_reg;
assign csr_err = id_ready ? id_err : err_reg;

always @(posedge clk) begin
    lfsr_reg <= {lfsr_reg[14:0], lfsr_reg[15] ^ lfsr_reg[14] ^ lfsr_reg[12] ^ lfsr_reg[3]};
    ready_reg <= 1'b0;
    if (local_req) begin
        if (!active_reg) begin
            active_reg <= 1'b1;
            wait_reg <= lfsr_reg[2:0];
        end else if (wait_reg != 3'd0) begin
            wait_reg <= wait_reg - 1'b1;
        end else begin
            active_reg <= 1'b0;
            ready_reg <= 1'b1;
            rdata_reg <= 32'd0;
            err_reg <= 1'b0;
            if (csr_addr[7:5] == 3'b001) begin
                if (csr_write) begin
                    regs[csr_addr[4:2]] <= csr_wdata;
                    write_count_reg <= write_count_reg + 1'b1;
                end else begin
                    rdata_reg <= regs[csr_addr[4:2]];
                end
            end else if (csr_addr[7:2] == 6'h10 && !csr_write) begin
                rdata_reg <= write_count_reg;
            end else if (csr_addr[7:2] == 6'h11) begin
                if (csr_write) begin
                    pop_reg <= csr_wdata;
                end else begin
                    rdata_reg <= pop_reg;
                    pop_reg <= pop_reg + 1'b1;
                end
            end else begin
                err_reg <= 1'b1;
            end
        end
    end

    if (rst) begin
        lfsr_reg <= 16'hACE1;
        active_reg <= 1'b0;
        ready_reg <= 1'b0;
        write_count_reg <= 32'd0;
        pop_reg <= 32'd0;
    end
end

endmodule

`resetall
