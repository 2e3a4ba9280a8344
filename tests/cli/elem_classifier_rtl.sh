#!/usr/bin/env bash
# Classifier's generated module on its own under Icarus, at widths 8, 64
# and 512, against a reference written here by hand:
#   Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800 !23/06,
#              63/80000000000000?1%8000000000000003)
# (the last clause spans beats and ends on the deciding beat at every width).
# Phase 1: random packets (1 to 150 bytes, so some end before the bytes a
# pattern tests), random gaps at the input and random back-pressure on every
# output: each output gets exactly its packets, in order, every byte, keep,
# last and tuser intact; the others are dropped and counted in drops.
# Phase 2: packets of 60 to 200 bytes back to back, outputs always ready:
# the input never waits and one beat leaves per cycle.
# Phase 3: one packet into the idle element: its first beat leaves D + 1
# cycles after it came in, D being the beat that carries byte 70.
set -u
command -v iverilog > /dev/null || { echo "iverilog not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
cat > "$tmp/c.click" <<'CLICK'
FromDevice(eth0) -> c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800 !23/06, 63/80000000000000?1%8000000000000003);
c[0] -> Queue -> ToDevice(eth0);
c[1] -> Queue -> ToDevice(eth1);
c[2] -> Queue -> ToDevice(eth2);
c[3] -> Queue -> ToDevice(eth3);
CLICK
cat > "$tmp/tb.v" <<'VERILOG'
`timescale 1ns / 1ps
`default_nettype none
module tb;
parameter W = 64;
parameter U = 32;
parameter D = 8;
localparam K = W / 8, P = 4, N1 = 600, N2 = 200, N = N1 + N2 + 1, MAXLEN = 200;

reg clk = 1'b0;
always #5 clk = !clk;
reg rst = 1'b1;

reg [W-1:0] s_tdata; reg [K-1:0] s_tkeep; reg s_tlast; reg [U-1:0] s_tuser; reg s_tvalid;
wire s_tready;
wire [P*W-1:0] m_tdata; wire [P*K-1:0] m_tkeep; wire [P-1:0] m_tlast; wire [P*U-1:0] m_tuser;
wire [P-1:0] m_tvalid; reg [P-1:0] m_tready;
wire csr_ready, csr_err; wire [31:0] csr_rdata;

fg_classifier dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready),
    .csr_valid(1'b0), .csr_write(1'b0), .csr_addr(3'd0), .csr_wdata(32'd0),
    .csr_ready(csr_ready), .csr_rdata(csr_rdata), .csr_err(csr_err));

reg [7:0] pb [0:N*MAXLEN-1];
integer plen [0:N-1];
integer pout [0:N-1];
integer seed = 1, i, j, k, errors = 0, ndrop = 0;

function [7:0] b; input integer p, o; b = pb[p * MAXLEN + o]; endfunction
// The reference: Click's rules written out for these four patterns.
function integer route; input integer p;
    reg c0, c1, c2, c3, c4, c5; integer l;
    begin
        l = plen[p];
        c0 = l > 13 && b(p, 12) == 8'h08 && b(p, 13) == 8'h06;
        c1 = l > 21 && b(p, 20) == 8'h00 && b(p, 21) == 8'h01;
        c2 = l > 21 && b(p, 20) == 8'h00 && b(p, 21) == 8'h02;
        c3 = l > 13 && b(p, 12) == 8'h08 && b(p, 13) == 8'h00;
        c4 = l > 23 && b(p, 23) == 8'h06;
        c5 = l > 70 && b(p, 63) >= 8'h80 && (b(p, 70) & 8'h03) == 8'h01;
        route = c0 && c1 ? 0 : c0 && c2 ? 1 : c3 && !c4 ? 2 : c5 ? 3 : -1;
    end
endfunction

initial begin
    for (i = 0; i < N; i = i + 1) begin
        plen[i] = i < N1 ? 1 + {$random(seed)} % 150 : i < N1 + N2 ? 60 + {$random(seed)} % 141
                         : 100;
        for (k = 0; k < MAXLEN; k = k + 1) pb[i * MAXLEN + k] = $random(seed);
        // Make every pattern likely.
        if ({$random(seed)} % 4 != 0) begin
            pb[i * MAXLEN + 12] = 8'h08;
            pb[i * MAXLEN + 13] = {$random(seed)} % 2 ? 8'h06 : 8'h00;
            pb[i * MAXLEN + 20] = 8'h00;
            pb[i * MAXLEN + 21] = {$random(seed)} % 3;
            pb[i * MAXLEN + 23] = {$random(seed)} % 2 ? 8'h06 : 8'h11;
        end
        if (i == N - 1) begin       // the latency probe goes to output 3
            pb[i * MAXLEN + 12] = 8'h86;
            pb[i * MAXLEN + 63] = 8'h80;
            pb[i * MAXLEN + 70] = 8'h01;
        end
        pout[i] = route(i);
        if (pout[i] < 0) ndrop = ndrop + 1;
    end
end

// Source: packet sp, beat sb; random gaps while gaps is set.
integer sp = 0, sb = 0, phase = 1, in_beats = 0, first_in = -1, last_in = -1, cycle = 0;
reg gaps = 1'b1;
task load; integer l; begin
    s_tuser = sp;
    for (l = 0; l < K; l = l + 1) begin
        s_tdata[8*l +: 8] = sb * K + l < plen[sp] ? b(sp, sb * K + l) : 8'hxx;
        s_tkeep[l] = sb * K + l < plen[sp];
    end
    s_tlast = (sb + 1) * K >= plen[sp];
end endtask

// Sinks: the next packet due on each output, and the beat within it.
integer op [0:P-1], ob [0:P-1], got_pkts = 0, out_beats = 0, first_out = -1, last_out = -1;
integer phase3_in = -1, phase3_out = -1;
reg noisy = 1'b1;
task next_due; input integer o; begin
    op[o] = op[o] + 1;
    while (op[o] < N && pout[op[o]] != o) op[o] = op[o] + 1;
end endtask

always @(posedge clk) begin
    cycle <= cycle + 1;
    if (!rst) begin
        // input side
        if (s_tvalid && s_tready) begin
            if (sp >= N1 && sp < N1 + N2) begin
                if (first_in < 0) first_in = cycle;
                last_in = cycle;
                in_beats = in_beats + 1;
            end
            if (sp == N - 1 && sb == 0) phase3_in = cycle;
            if (s_tlast) begin sp = sp + 1; sb = 0; end else sb = sb + 1;
            s_tvalid = 1'b0;
        end
        if (sp == N1 && sb == 0) gaps = 1'b0;
        if (!s_tvalid && sp < N && (sp != N - 1 || sb != 0 || (got_pkts + ndrop == N - 1 && !dut.o_tvalid))) begin
            if (!gaps || {$random(seed)} % 3 != 0) begin load; s_tvalid = 1'b1; end
        end
        // output side
        for (j = 0; j < P; j = j + 1) begin
            if (m_tvalid[j] && m_tready[j]) begin
                if (op[j] >= N) begin
                    $display("output %0d: unexpected packet (tuser %0d)", j, m_tuser[j*U +: U]);
                    errors = errors + 1;
                end else begin
                    if (m_tuser[j*U +: U] != op[j]) begin
                        $display("output %0d: packet %0d, expected %0d", j, m_tuser[j*U +: U], op[j]);
                        errors = errors + 1;
                    end
                    for (k = 0; k < K; k = k + 1) begin
                        if (m_tkeep[j*K + k] != (ob[j] * K + k < plen[op[j]]) ||
                            (m_tkeep[j*K + k] && m_tdata[j*W + 8*k +: 8] != b(op[j], ob[j] * K + k))) begin
                            if (errors < 10) $display("output %0d packet %0d beat %0d lane %0d wrong",
                                                      j, op[j], ob[j], k);
                            errors = errors + 1;
                        end
                    end
                    if (m_tlast[j] != ((ob[j] + 1) * K >= plen[op[j]])) begin
                        $display("output %0d packet %0d beat %0d: tlast wrong", j, op[j], ob[j]);
                        errors = errors + 1;
                    end
                    if (op[j] == N - 1 && ob[j] == 0) phase3_out = cycle;
                    if (m_tlast[j]) begin
                        got_pkts = got_pkts + 1;
                        ob[j] = 0;
                        next_due(j);
                    end else ob[j] = ob[j] + 1;
                end
            end
        end
        if (dut.o_tvalid && dut.o_tready && dut.o_tuser >= N1 && dut.o_tuser < N1 + N2) begin
            if (first_out < 0) first_out = cycle;
            last_out = cycle;
            out_beats = out_beats + 1;
        end
        for (j = 0; j < P; j = j + 1)
            m_tready[j] <= gaps ? {$random(seed)} % 3 != 0 : 1'b1;
    end
end

initial begin
    s_tvalid = 1'b0; s_tdata = 0; s_tkeep = 0; s_tlast = 0; s_tuser = 0; m_tready = 0;
    for (j = 0; j < P; j = j + 1) begin op[j] = -1; ob[j] = 0; end
    #1;
    for (j = 0; j < P; j = j + 1) next_due(j);
    repeat (4) @(posedge clk);
    rst <= 1'b0;
    for (i = 0; i < 400000 && got_pkts + ndrop < N; i = i + 1) @(posedge clk);
    repeat (20) @(posedge clk);
    if (got_pkts + ndrop != N || dut.drops_reg != ndrop) begin
        $display("%0d packets out and %0d dropped (register %0d); expected %0d out and %0d dropped",
                 got_pkts, ndrop, dut.drops_reg, N - ndrop, ndrop);
        errors = errors + 1;
    end
    if (last_in - first_in + 1 != in_beats || last_out - first_out + 1 != out_beats) begin
        $display("full rate: %0d beats in over %0d cycles, %0d out over %0d cycles",
                 in_beats, last_in - first_in + 1, out_beats, last_out - first_out + 1);
        errors = errors + 1;
    end
    if (phase3_out - phase3_in != D + 1) begin
        $display("latency %0d cycles, expected %0d", phase3_out - phase3_in, D + 1);
        errors = errors + 1;
    end
    if (errors == 0)
        $display("PASS W=%0d: %0d packets, %0d dropped, full rate, latency %0d", W, N, ndrop, D + 1);
    else
        $display("FAIL W=%0d: %0d errors", W, errors);
    $finish;
end
endmodule
VERILOG
for w in 8 64 512; do
    d=$tmp/w$w
    if ! "$FPGAGEN" -b sim -w $w -o "$d" "$tmp/c.click" > "$tmp/gen.log" 2>&1; then
        echo "W=$w: generate failed"; cat "$tmp/gen.log"; fail=1; continue
    fi
    u=$(sed -n 's/.*"user_width": *\([0-9]*\).*/\1/p' "$d/design.json")
    if ! iverilog -g2005 -Wall -o "$d/tb" -P tb.W=$w -P tb.U=$u -P tb.D=$((70 / (w / 8))) \
            "$tmp/tb.v" "$d/rtl/fg_classifier.v" "$d/rtl/fg_axis_fifo.v" "$d/rtl/fg_axis_skid.v" \
            > "$tmp/iv.log" 2>&1; then
        echo "W=$w: iverilog failed"; cat "$tmp/iv.log"; fail=1; continue
    fi
    vvp -n "$d/tb" > "$tmp/run.log" 2>&1
    grep -q "^PASS" "$tmp/run.log" || { echo "W=$w:"; head -20 "$tmp/run.log"; fail=1; }
done
exit $fail
