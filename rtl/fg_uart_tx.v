`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_uart_tx: UART transmitter, 8 data bits, no parity, 1 stop bit (8N1).
//
// A byte is taken when tx_valid and tx_ready are both high, and sent as a
// start bit (low), the eight data bits least significant first and a stop
// bit (high), each exactly CLKS_PER_BIT cycles long.  tx_ready is high while
// the transmitter is idle and in the last cycle of a stop bit, so bytes
// offered back to back leave with no idle time between them (ten bit times
// per byte).  tx_ready depends on flops only, never on tx_valid.
//
// txd comes straight from a flop (no glitches) and is high after reset.
//
// Resources: about 20 SB_LUT4 and 22 flops (CLKS_PER_BIT = 104).
module fg_uart_tx #(
    // clock cycles per bit: the clock frequency divided by the baud rate,
    // rounded to the nearest integer (at least 4)
    parameter CLKS_PER_BIT = 104
) (
    input  wire       clk,
    input  wire       rst,

    // bytes to send
    input  wire [7:0] tx_data,
    input  wire       tx_valid,
    output wire       tx_ready,

    // serial output, idle high
    output wire       txd
);

generate
    if (CLKS_PER_BIT < 4) begin : g_check_clks
        fg_param_error_clks_per_bit_must_be_at_least_4 u_error ();
    end
endgenerate

// bit-time counter: counts down from CLKS_PER_BIT - 2; its top bit sets
// (below zero) in the last cycle of a bit
localparam CW = $clog2(CLKS_PER_BIT) + 1;
localparam RELOAD_COUNT = CLKS_PER_BIT - 2;
localparam [CW-1:0] RELOAD = RELOAD_COUNT[CW-1:0];

reg          busy_reg;
reg [CW-1:0] count_reg;
reg [3:0]    bit_reg;       // bit on the line: 0 start, 1..8 data, 9 stop
reg          stop_reg;      // the stop bit is on the line
reg [7:0]    shift_reg;     // data bits still to send, next in bit 0
reg          txd_reg;

wire bit_end = count_reg[CW-1];

assign tx_ready = !busy_reg || (bit_end && stop_reg);
assign txd = txd_reg;

always @(posedge clk) begin
    if (busy_reg) begin
        count_reg <= count_reg - 1'b1;
        if (bit_end) begin
            count_reg <= RELOAD;
            bit_reg <= bit_reg + 1'b1;
            stop_reg <= bit_reg == 4'd8;
            // data bits 1..8, then the stop bit (a one shifted in)
            txd_reg <= shift_reg[0];
            shift_reg <= {1'b1, shift_reg[7:1]};
            if (stop_reg) busy_reg <= 1'b0;
        end
    end

    if (tx_valid && tx_ready) begin
        busy_reg <= 1'b1;
        count_reg <= RELOAD;
        bit_reg <= 4'd0;
        stop_reg <= 1'b0;
        shift_reg <= tx_data;
        txd_reg <= 1'b0;
    end

    if (rst) begin
        busy_reg <= 1'b0;
        stop_reg <= 1'b0;
        txd_reg <= 1'b1;
    end
end

endmodule

`resetall
