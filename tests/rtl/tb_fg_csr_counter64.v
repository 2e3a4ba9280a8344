`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_csr_counter64: random events into fg_csr_counter64, random reads
// and clears through the register bus, against a 64-bit model.
//   - every cycle: the count output equals the model
//   - a low-word read returns the model's low word of the cycle the
//     request is taken; the following high-word read returns the high
//     word of that same cycle, however much the counter moved in between
//   - a high-word read with no low read before it returns the last latch
//   - a write clears: the count restarts from that cycle's events
//   - csr_err never rises; csr_ready comes one cycle after csr_valid
// With ADD_WIDTH = 32 the high word moves every few cycles.
module tb_fg_csr_counter64;

// width of the add_value input
parameter ADD_WIDTH = 16;
// random seed
parameter SEED = 1;
// cycle limit
parameter TIMEOUT = 200000;
// longest idle gap between requests
parameter CSR_GAP_MAX = 3;

`include "tb_common.vh"
`include "tb_csr_master.vh"

reg                  inc = 1'b0;
reg  [ADD_WIDTH-1:0] add_value = 0;
wire [63:0]          count;

reg         bus_valid = 1'b0;
reg         bus_write = 1'b0;
reg  [7:0]  bus_addr = 8'd0;
reg  [31:0] bus_wdata = 32'd0;
wire        bus_ready;
wire [31:0] bus_rdata;
wire        bus_err;

fg_csr_counter64 #(.ADD_WIDTH(ADD_WIDTH), .ADDR_WIDTH(8)) dut (
    .clk(clk), .rst(rst),
    .inc(inc), .add_value(add_value), .count(count),
    .csr_valid(bus_valid), .csr_write(bus_write), .csr_addr(bus_addr), .csr_wdata(bus_wdata),
    .csr_ready(bus_ready), .csr_rdata(bus_rdata), .csr_err(bus_err)
);

reg  [63:0] model = 64'd0;
reg  [31:0] model_latch = 32'd0;
reg  [31:0] exp_rdata = 32'd0;
integer     errors = 0;
wire [31:0] tb_errors = errors;
integer     ev_seed = SEED + 7;
reg  [7:0]  inc_pct = 50;
reg  [7:0]  add_pct = 50;

task error;
    input [8*64-1:0] what;
    input [63:0] got, want;
    begin
        errors = errors + 1;
        if (errors <= 8) $display("t=%0t: %0s: got %h want %h", $time, what, got, want);
    end
endtask

// the model steps with the counter
always @(posedge clk) begin
    if (!rst) begin
        if (bus_valid && !bus_ready) begin
            if (bus_write) begin
                model = 64'd0;
                model_latch = 32'd0;
                exp_rdata = 32'd0;
            end else if (!bus_addr[2]) begin
                exp_rdata = model[31:0];
                model_latch = model[63:32];
            end else begin
                exp_rdata = model_latch;
            end
        end
        model = model + add_value + inc;
    end
end

// events change at the falling edge
always @(negedge clk) begin
    if (!rst) begin
        if (count !== model) error("count output", count, model);
        inc = $unsigned($random(ev_seed)) % 100 < inc_pct;
        add_value = $unsigned($random(ev_seed)) % 100 < add_pct ? $random(ev_seed) : 0;
    end
end

reg  [31:0] lo, hi, rd;
reg         err;
integer     cyc, n, reads, high_reads;
reg  [63:0] at_lo;
reg [8*160-1:0] msg;

initial begin
    reset;
    reads = 0;
    high_reads = 0;
    for (n = 0; n < 400; n = n + 1) begin
        case ($unsigned($random(csr_seed)) % 8)
            0: begin
                // clear
                csr_access(1'b1, {$random(csr_seed)} & 32'h4, $random(csr_seed), rd, err, cyc);
                if (err) error("csr_err on write", err, 0);
            end
            1: begin
                // a lone high read: the last latch
                csr_access(1'b0, 32'h4, 0, hi, err, cyc);
                if (hi !== exp_rdata) error("high word without a low read", hi, exp_rdata);
                if (err) error("csr_err", err, 0);
            end
            default: begin
                csr_access(1'b0, 32'h0, 0, lo, err, cyc);
                if (lo !== exp_rdata) error("low word", lo, exp_rdata);
                if (err) error("csr_err", err, 0);
                if (cyc != 2) error("cycles to ready", cyc, 2);
                at_lo = {model_latch, exp_rdata};
                csr_access(1'b0, 32'h4, 0, hi, err, cyc);
                if ({hi, lo} !== at_lo) error("64-bit value", {hi, lo}, at_lo);
                if (err) error("csr_err", err, 0);
                reads = reads + 1;
                if (hi != 0) high_reads = high_reads + 1;
            end
        endcase
        if (n == 200) begin
            inc_pct = 100;
            add_pct = 100;
        end
    end
    if (errors != 0) fail("mismatches (see above)");
    if (ADD_WIDTH == 32 && high_reads < reads / 4) fail("the high word hardly moved: test too weak");
    $display("tb_fg_csr_counter64 ADD_WIDTH=%0d: %0d coherent 64-bit reads (%0d with a high word), final count %h",
             ADD_WIDTH, reads, high_reads, count);
    finish;
end

endmodule

`resetall
