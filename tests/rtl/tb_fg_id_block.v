`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_fg_id_block: reads and writes to fg_id_block at random offsets, with
// random bits above the block (the decoder's; ignored) and random gaps.
//   - every listed word reads its parameter value, csr_err low
//   - every other word of the block answers csr_err with rdata 0
//   - every write answers csr_err and changes nothing
//   - csr_ready comes one cycle after csr_valid
module tb_fg_id_block;

// random seed
parameter SEED = 1;
// cycle limit
parameter TIMEOUT = 100000;
// longest idle gap between requests
parameter CSR_GAP_MAX = 2;

localparam AW = 12;
localparam [31:0] MAGIC = 32'h46504741;
localparam [31:0] VERSION = 32'd3;
localparam [31:0] WIDTH = 32'd256;
localparam [31:0] ELEMENTS = 32'd17;
localparam [63:0] HASH = {32'h0123_4567 ^ SEED, 32'h89ab_cdef};
localparam [31:0] USER = 32'd41;
localparam [31:0] MAPAW = 32'd20;
localparam WORDS = 8;
localparam BLOCK = 32;

`include "tb_common.vh"
`include "tb_csr_master.vh"

reg           bus_valid = 1'b0;
reg           bus_write = 1'b0;
reg  [AW-1:0] bus_addr = 0;
reg  [31:0]   bus_wdata = 32'd0;
wire          bus_ready;
wire [31:0]   bus_rdata;
wire          bus_err;

fg_id_block #(
    .ADDR_WIDTH(AW), .MAGIC(MAGIC), .FORMAT_VERSION(VERSION), .DATA_WIDTH(WIDTH),
    .ELEMENT_COUNT(ELEMENTS), .DESIGN_HASH(HASH), .USER_WIDTH(USER), .CSR_ADDR_WIDTH(MAPAW)
) dut (
    .clk(clk), .rst(rst),
    .csr_valid(bus_valid), .csr_write(bus_write), .csr_addr(bus_addr), .csr_wdata(bus_wdata),
    .csr_ready(bus_ready), .csr_rdata(bus_rdata), .csr_err(bus_err)
);

integer errors = 0;
wire [31:0] tb_errors = errors;

task error;
    input [8*64-1:0] what;
    input [31:0] off;
    input [31:0] got, want;
    begin
        errors = errors + 1;
        if (errors <= 8) $display("t=%0t: offset %h: %0s: got %h want %h", $time, off, what, got, want);
    end
endtask

function [31:0] expect_word;
    input integer w;
    begin
        case (w)
            0: expect_word = MAGIC;
            1: expect_word = VERSION;
            2: expect_word = HASH[31:0];
            3: expect_word = HASH[63:32];
            4: expect_word = WIDTH;
            5: expect_word = ELEMENTS;
            6: expect_word = USER;
            default: expect_word = MAPAW;
        endcase
    end
endfunction

reg  [31:0] rd, addr;
reg         err, wr;
integer     cyc, n, w, nreads, nerrs;
reg [8*160-1:0] msg;

initial begin
    reset;
    nreads = 0;
    nerrs = 0;
    // every word in order first, then at random
    for (n = 0; n < 300 + BLOCK / 4; n = n + 1) begin
        w = n < BLOCK / 4 ? n : $unsigned($random(csr_seed)) % (BLOCK / 4);
        wr = n < BLOCK / 4 ? 1'b0 : $unsigned($random(csr_seed)) % 4 == 0;
        // bits above the block are random: the decoder owns them
        addr = ($random(csr_seed) & ~(BLOCK - 1)) | (w * 4);
        csr_access(wr, addr, $random(csr_seed), rd, err, cyc);
        if (cyc != 2) error("cycles to ready", addr, cyc, 2);
        if (wr || w >= WORDS) begin
            if (!err) error(wr ? "write without csr_err" : "unlisted word without csr_err", addr, err, 1);
            if (rd !== 0) error("rdata with csr_err", addr, rd, 0);
            nerrs = nerrs + 1;
        end else begin
            if (err) error("csr_err on a listed word", addr, err, 0);
            if (rd !== expect_word(w)) error("value", addr, rd, expect_word(w));
            nreads = nreads + 1;
        end
    end
    if (errors != 0) fail("mismatches (see above)");
    $display("tb_fg_id_block: block %0d bytes, %0d reads, %0d csr_err answers",
             BLOCK, nreads, nerrs);
    finish;
end

endmodule

`resetall
