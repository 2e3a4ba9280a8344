`resetall
`timescale 1ns / 1ps
`default_nettype none

// fg_uart_rx: UART receiver, 8 data bits, no parity, 1 stop bit (8N1).
//
// rxd is asynchronous to clk: it passes a two-flop synchroniser first.  A
// falling edge of the synchronised line starts a byte; the start bit is
// checked again half a bit later (a shorter low pulse is a glitch and is
// ignored), and from there every bit is sampled once in its middle, every
// CLKS_PER_BIT cycles, least significant bit first.  The sampling point
// therefore tolerates a baud-rate mismatch of up to about +-4% over the ten
// bits of a byte.
//
// At the middle of the stop bit the byte is delivered: a one-cycle pulse on
// rx_valid with the byte on rx_data if the stop bit is high, else a
// one-cycle pulse on rx_frame_err (rx_data then holds the bits as sampled).
// After a framing error the receiver waits for the line to return high
// before it looks for the next start bit, so a break (line held low) gives
// one framing error, not a stream of zero bytes.
//
// rx_data is valid in the cycle of the pulse only.  The receiver cannot be
// paused: the consumer takes each byte in its cycle.
//
// Resources: about 25 SB_LUT4 and 20 flops (CLKS_PER_BIT = 104).
module fg_uart_rx #(
    // clock cycles per bit: the clock frequency divided by the baud rate,
    // rounded to the nearest integer (at least 4)
    parameter CLKS_PER_BIT = 104
) (
    input  wire       clk,
    input  wire       rst,

    // serial input, idle high, asynchronous to clk
    input  wire       rxd,

    // received bytes
    output wire [7:0] rx_data,
    output wire       rx_valid,
    output wire       rx_frame_err
);

generate
    if (CLKS_PER_BIT < 4) begin : g_check_clks
        fg_param_error_clks_per_bit_must_be_at_least_4 u_error ();
    end
endgenerate

// bit-time counter: counts down; its top bit sets (below zero) in the
// sampling cycle, CLKS_PER_BIT cycles after a reload with FULL
localparam CW = $clog2(CLKS_PER_BIT) + 1;
localparam FULL_COUNT = CLKS_PER_BIT - 2;
// from the detected falling edge to the middle of the start bit
localparam HALF_COUNT = CLKS_PER_BIT / 2 - 2;
localparam [CW-1:0] FULL = FULL_COUNT[CW-1:0];
localparam [CW-1:0] HALF = HALF_COUNT[CW-1:0];

localparam [2:0] S_IDLE = 3'd0,    // line high, waiting for a start bit
                 S_START = 3'd1,   // low seen, waiting for the middle of the start bit
                 S_DATA = 3'd2,    // sampling the eight data bits
                 S_STOP = 3'd3,    // waiting for the middle of the stop bit
                 S_BREAK = 3'd4;   // framing error: waiting for the line to go high

// two-flop synchroniser; the line is read from sync_reg[1] only
reg [1:0]    sync_reg;
reg [2:0]    state_reg;
reg [CW-1:0] count_reg;
reg [2:0]    bit_reg;
reg [7:0]    shift_reg;
reg          valid_reg;
reg          frame_err_reg;

wire line = sync_reg[1];
wire tick = count_reg[CW-1];

assign rx_data = shift_reg;
assign rx_valid = valid_reg;
assign rx_frame_err = frame_err_reg;

always @(posedge clk) begin
    sync_reg <= {sync_reg[0], rxd};
    valid_reg <= 1'b0;
    frame_err_reg <= 1'b0;
    count_reg <= count_reg - 1'b1;

    case (state_reg)
        S_IDLE: begin
            if (!line) begin
                state_reg <= S_START;
                count_reg <= HALF;
            end
        end
        S_START: begin
            if (tick) begin
                if (line) begin
                    state_reg <= S_IDLE;
                end else begin
                    state_reg <= S_DATA;
                    count_reg <= FULL;
                    bit_reg <= 3'd0;
                end
            end
        end
        S_DATA: begin
            if (tick) begin
                shift_reg <= {line, shift_reg[7:1]};
                count_reg <= FULL;
                bit_reg <= bit_reg + 1'b1;
                if (bit_reg == 3'd7) state_reg <= S_STOP;
            end
        end
        S_STOP: begin
            if (tick) begin
                if (line) begin
                    valid_reg <= 1'b1;
                    state_reg <= S_IDLE;
                end else begin
                    frame_err_reg <= 1'b1;
                    state_reg <= S_BREAK;
                end
            end
        end
        default: begin
            if (line) state_reg <= S_IDLE;
        end
    endcase

    if (rst) begin
        sync_reg <= 2'b11;
        state_reg <= S_IDLE;
        count_reg <= {CW{1'b0}};
        valid_reg <= 1'b0;
        frame_err_reg <= 1'b0;
    end
end

endmodule

`resetall
