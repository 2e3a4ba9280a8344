`resetall
`timescale 1ns / 1ps
`default_nettype none

// tb_csr_decoder: random register-bus traffic through a generated
// fg_csr_decoder.  The map under test comes from map.vh (written by
// csr_tool next to the decoder): N blocks, their bases, sizes (LAWS) and
// prefix lengths (DBITS).
//
// Each block is a slave model: a register file that answers after a random
// number of wait states (0..7, including a combinational answer) and
// answers csr_err for its last word when its index is odd (and it has more
// than one word).  The master
// sends NACCESS random reads and writes: inside blocks, in their mirrors,
// in holes and anywhere.  Every access is checked: it reached exactly the
// block whose window holds the address, with the offset inside the block,
// the request held steady until the block answered; reads return what was
// last written there; holes answer csr_err in one cycle without touching a
// block; latency is 2 + wait states; csr_ready lasts one cycle.
module tb_csr_decoder;

`include "map.vh"

parameter TIMEOUT = 200000;
parameter NACCESS = 4000;
parameter SEED = 1;

// ---- clock, reset, verdict and watchdog ----------------------------------
// The verdict is the last line printed: `PASS` or `FAIL: <first failure>`.
reg             clk = 1'b0;
reg             rst = 1'b1;
integer         cycle = 0;
integer         nfail = 0;
reg [8*160-1:0] first_fail;

always #5 clk = !clk;

task fail;
    input [8*160-1:0] text;
    begin
        if (nfail == 0) first_fail = text;
        nfail = nfail + 1;
        if (nfail <= 20) $display("t=%0t: %0s", $time, text);
    end
endtask

task finish;
    begin
        if (nfail == 0) $display("PASS");
        else $display("FAIL: %0s (%0d failures)", first_fail, nfail);
        $finish;
    end
endtask

always @(posedge clk) begin
    cycle <= cycle + 1;
    if (cycle == TIMEOUT) begin
        fail("timeout");
        finish;
    end
end

localparam WORDS = 1 << (LAWM - 2);
localparam [63:0] SPACE = 64'd1 << AW;

reg             csr_valid = 1'b0;
reg             csr_write = 1'b0;
reg  [AW-1:0]   csr_addr = {AW{1'b0}};
reg  [31:0]     csr_wdata = 32'd0;
wire            csr_ready;
wire [31:0]     csr_rdata;
wire            csr_err;

wire [N-1:0]    s_valid;
wire            s_write;
wire [LAWM-1:0] s_addr;
wire [31:0]     s_wdata;
wire [N-1:0]    s_ready;
wire [32*N-1:0] s_rdata;
wire [N-1:0]    s_err;

fg_csr_decoder dut (
    .clk(clk), .rst(rst),
    .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),
    .csr_wdata(csr_wdata), .csr_ready(csr_ready), .csr_rdata(csr_rdata),
    .csr_err(csr_err),
    .s_csr_valid(s_valid), .s_csr_write(s_write), .s_csr_addr(s_addr),
    .s_csr_wdata(s_wdata), .s_csr_ready(s_ready), .s_csr_rdata(s_rdata),
    .s_csr_err(s_err)
);

// ---- the access log: each slave model records the access it completes --
integer         acc_count = 0;
integer         acc_slave = -1;
integer         acc_wait = 0;
reg  [LAWM-1:0] acc_addr;
reg             acc_write;
reg  [31:0]     acc_wdata;

// the first pattern of every word, shared by the slaves and the shadow
function [31:0] pattern;
    input integer blk;
    input integer word;
    begin
        pattern = 32'h5a000000 ^ (blk << 16) ^ word;
    end
endfunction

// ---- slave models --------------------------------------------------------
genvar g;
generate
    for (g = 0; g < N; g = g + 1) begin : g_slave
        localparam integer LAW = LAWS[8*g +: 8];
        localparam [LAWM-1:0] MASK = (64'd1 << LAW) - 1;

        reg  [31:0]     mem [0:WORDS-1];
        integer         seed = SEED * 1000 + g;
        integer         wait_left;   // wait states before the next answer
        integer         waited;
        reg             pending = 1'b0;
        reg  [LAWM-1:0] req_addr;
        reg             req_write;
        reg  [31:0]     req_wdata;

        wire [LAWM-1:0] rel = s_addr & MASK;
        wire            answer = s_valid[g] && wait_left == 0;
        wire            bad = (g % 2 == 1) && LAW > 2 && rel == MASK - 3;

        assign s_ready[g] = answer;
        assign s_err[g] = answer && bad;
        // X unless answering: the decoder must not pass on a slave it did
        // not select
        assign s_rdata[32*g +: 32] = answer ? mem[rel >> 2] : 32'bx;

        integer k;
        initial begin
            for (k = 0; k < WORDS; k = k + 1)
                mem[k] = pattern(g, k);
            wait_left = $random(seed) & 7;
            waited = wait_left;
        end

        always @(posedge clk) begin
            if (s_valid[g]) begin
                if (!pending) begin
                    pending = 1'b1;
                    req_addr = s_addr;
                    req_write = s_write;
                    req_wdata = s_wdata;
                end else if (s_addr !== req_addr || s_write !== req_write ||
                             (req_write && s_wdata !== req_wdata)) begin
                    fail("request changed before the block answered");
                end
                if ((s_valid & (s_valid - 1'b1)) != 0)
                    fail("two blocks selected at once");
                if (answer) begin
                    if (s_write && !bad)
                        mem[rel >> 2] <= s_wdata;
                    acc_count = acc_count + 1;
                    acc_slave = g;
                    acc_wait = waited;
                    acc_addr = rel;
                    acc_write = s_write;
                    acc_wdata = s_wdata;
                    pending = 1'b0;
                    wait_left = $random(seed) & 7;
                    waited = wait_left;
                end else begin
                    wait_left = wait_left - 1;
                end
            end else if (pending) begin
                fail("s_csr_valid fell before the block answered");
                pending = 1'b0;
            end
        end
    end
endgenerate

// ---- the expected map ------------------------------------------------------
function [63:0] base_of;
    input integer blk;
    begin
        base_of = BASES[64*blk +: 64];
    end
endfunction

function integer law_of;
    input integer blk;
    begin
        law_of = LAWS[8*blk +: 8];
    end
endfunction

function integer dbits_of;
    input integer blk;
    begin
        dbits_of = DBITS[8*blk +: 8];
    end
endfunction

// the block whose window (the addresses its prefix matches) holds a, or -1;
// -2 when two windows hold it
function integer target;
    input [63:0] a;
    integer blk, d;
    begin
        target = -1;
        for (blk = 0; blk < N; blk = blk + 1) begin
            d = dbits_of(blk);
            if ((a >> (AW - d)) == (base_of(blk) >> (AW - d)))
                target = target == -1 ? blk : -2;
        end
    end
endfunction

// ---- the master ------------------------------------------------------------
reg  [31:0] shadow [0:N*WORDS-1];
integer     mseed = SEED;
integer     n_block = 0, n_hole = 0, n_slave_err = 0, n_read = 0, n_write = 0;
integer     hits [0:N-1];
reg  [8*160-1:0] msg;

// holes: windows of the finest granularity that no block's window covers
localparam MAXD_SLOTS = 1 << 16;
integer     maxd;
integer     nholes = 0;
integer     holes [0:MAXD_SLOTS-1];

task access;
    input [63:0] addr;
    input        write;
    input [31:0] wdata;
    integer      blk, cycles, before, word, expect_cycles;
    reg [63:0]   rel;
    reg          expect_err;
    begin
        blk = target(addr);
        if (blk == -2) begin
            $sformat(msg, "address 0x%0h is in two windows", addr);
            fail(msg);
        end
        before = acc_count;
        csr_valid = 1'b1;
        csr_write = write;
        csr_addr = addr[AW-1:0];
        csr_wdata = wdata;
        cycles = 0;
        while (!csr_ready && cycles < 100) begin
            @(negedge clk);
            cycles = cycles + 1;
        end
        if (write) n_write = n_write + 1;
        else n_read = n_read + 1;
        if (blk < 0) begin
            n_hole = n_hole + 1;
            if (!csr_ready || cycles != 1 || !csr_err || csr_rdata !== 32'd0 ||
                acc_count != before) begin
                $sformat(msg, "hole 0x%0h: ready %0d after %0d cycles, err %0d, rdata %h, %0d block accesses",
                         addr, csr_ready, cycles, csr_err, csr_rdata, acc_count - before);
                fail(msg);
            end
        end else begin
            n_block = n_block + 1;
            hits[blk] = hits[blk] + 1;
            rel = addr & ((64'd1 << law_of(blk)) - 1);
            word = blk * WORDS + (rel >> 2);
            expect_err = (blk % 2 == 1) && law_of(blk) > 2 &&
                         rel == (64'd1 << law_of(blk)) - 4;
            expect_cycles = 2 + acc_wait;
            if (acc_count != before + 1 || acc_slave != blk || acc_addr != rel ||
                acc_write != write || (write && acc_wdata !== wdata)) begin
                $sformat(msg, "0x%0h (block %0d offset 0x%0h write %0d): %0d accesses, last by %0d at 0x%0h write %0d",
                         addr, blk, rel, write, acc_count - before, acc_slave, acc_addr, acc_write);
                fail(msg);
            end else if (!csr_ready || cycles != expect_cycles) begin
                $sformat(msg, "0x%0h: answer after %0d cycles, expected %0d",
                         addr, cycles, expect_cycles);
                fail(msg);
            end else if (csr_err !== expect_err) begin
                $sformat(msg, "0x%0h: csr_err %0d, expected %0d", addr, csr_err, expect_err);
                fail(msg);
            end else if (!write && !expect_err && csr_rdata !== shadow[word]) begin
                $sformat(msg, "0x%0h: read %h, expected %h", addr, csr_rdata, shadow[word]);
                fail(msg);
            end
            if (expect_err) n_slave_err = n_slave_err + 1;
            else if (write) shadow[word] = wdata;
        end
        // the transfer completes at the next edge; ready must then fall
        @(negedge clk);
        csr_valid = 1'b0;
        if (csr_ready) fail("csr_ready high for more than one cycle");
    end
endtask

function [63:0] slot_addr;
    input integer slot;
    reg [63:0] wide;
    begin
        wide = slot;
        slot_addr = wide << (AW - maxd);
    end
endfunction

function [63:0] rand64;
    input integer dummy;
    begin
        rand64 = {$random(mseed), $random(mseed)};
    end
endfunction

integer i, blk, kind, slot, nslots;
reg [63:0] a, win;

initial begin
    for (i = 0; i < N * WORDS; i = i + 1)
        shadow[i] = pattern(i / WORDS, i % WORDS);
    for (i = 0; i < N; i = i + 1)
        hits[i] = 0;
    maxd = 0;
    for (i = 0; i < N; i = i + 1)
        if (dbits_of(i) > maxd) maxd = dbits_of(i);
    if (maxd > 16) begin
        fail("map.vh: prefixes longer than 16 bits are beyond this testbench");
        finish;
    end
    nslots = 1 << maxd;
    for (slot = 0; slot < nslots; slot = slot + 1)
        if (target(slot_addr(slot)) == -1) begin
            holes[nholes] = slot;
            nholes = nholes + 1;
        end
    if ((nholes != 0) != (HOLES != 0))
        fail("map.vh: HOLES disagrees with the windows");

    repeat (4) @(negedge clk);
    rst = 1'b0;
    @(negedge clk);

    // every block: write and read back its first and last word
    for (i = 0; i < N; i = i + 1) begin
        a = base_of(i);
        access(a, 1'b1, 32'hc0de0000 + i);
        access(a, 1'b0, 0);
        a = base_of(i) + (64'd1 << law_of(i)) - 4;
        access(a, 1'b1, 32'hc1de0000 + i);
        access(a, 1'b0, 0);
    end

    for (i = 0; i < NACCESS; i = i + 1) begin
        kind = $random(mseed) & 7;
        blk = ($random(mseed) & 32'h7fffffff) % N;
        win = 64'd1 << (AW - dbits_of(blk));
        if (kind < 3) begin
            // inside a block
            a = base_of(blk) + (rand64(0) & ((64'd1 << law_of(blk)) - 4));
        end else if (kind < 5) begin
            // anywhere in a block's window (its mirrors)
            a = base_of(blk) + (rand64(0) & (win - 4));
        end else if (kind < 7 && nholes > 0) begin
            // in a hole
            slot = holes[($random(mseed) & 32'h7fffffff) % nholes];
            a = slot_addr(slot) + (rand64(0) & ((64'd1 << (AW - maxd)) - 4));
        end else begin
            a = rand64(0) & (SPACE - 4);
        end
        access(a, $random(mseed) & 1, $random(mseed));
        if (($random(mseed) & 3) == 0)
            repeat ($random(mseed) & 3) @(negedge clk);
    end

    for (i = 0; i < N; i = i + 1)
        if (hits[i] == 0) begin
            $sformat(msg, "block %0d never accessed", i);
            fail(msg);
        end
    if (nholes > 0 && n_hole == 0)
        fail("no hole accessed");
    $display("accesses %0d: %0d reads, %0d writes, %0d to blocks (%0d slave errors), %0d to holes",
             n_read + n_write, n_read, n_write, n_block, n_slave_err, n_hole);
    finish;
end

endmodule

`resetall
