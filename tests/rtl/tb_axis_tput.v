`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_axis_tput: measures a stream's handshakes since the last `clear`:
// how many, and the cycles of the first and the last.  A stream at full
// throughput moved `count` beats in `count` cycles:
// last - first + 1 == count.
module tb_axis_tput (
    input  wire        clk,
    input  wire        clear,
    input  wire        valid,
    input  wire        ready,
    output reg  [31:0] count,
    output reg  [31:0] first,
    output reg  [31:0] last
);

reg [31:0] cycle;

initial begin
    cycle = 0;
    count = 0;
    first = 0;
    last = 0;
end

always @(posedge clk) begin
    cycle <= cycle + 1;
    if (clear) begin
        count <= 0;
    end else if (valid && ready) begin
        if (count == 0) first <= cycle;
        last <= cycle;
        count <= count + 1;
    end
end

endmodule

`resetall
