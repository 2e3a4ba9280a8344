#!/usr/bin/env bash
# Switch, StaticSwitch, RoundRobinSwitch and HashSwitch: each generated
# module on its own under Icarus, at widths 8, 64 and 512, against the
# element's semantics written here by hand (Click's hash for HashSwitch).
# Phase 1: random packets (14 to 300 bytes; for HashSwitch, some too short
# for the hashed bytes), random gaps at the input, random back-pressure on
# every output: each output gets exactly its packets, in order, every byte,
# keep, last and tuser intact; the rest are dropped and counted in drops.
# Switch's register is written while traffic runs (negative, too large,
# valid outputs): it reads back as Click says, and every packet goes where
# the register pointed at its first beat.  Phase 2: the input always
# valid, the outputs ready 30% of cycles.  Phase 3: full rate both sides:
# the input never waits, the outputs carry a beat every cycle from the first
# to the last, and the first beat comes out after the documented latency
# (1, or B + 1 for HashSwitch with its last hashed byte in beat B).
set -u
command -v iverilog > /dev/null || { echo "iverilog not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
cat > "$tmp/tb.v" <<'VERILOG'
`timescale 1ns / 1ps
`default_nettype none

// Drives one switch element module (DUT) alone: random packets with random
// tvalid gaps in, random tready on every output, each output's packets
// checked byte for byte, in order, against the output the element's
// semantics give; then the same at full rate, where the input must never
// wait and the outputs must carry a beat every cycle.
//   MODE 0  every packet to PORT (-1: all dropped)     StaticSwitch
//   MODE 1  packet k to k mod N                        RoundRobinSwitch
//   MODE 2  Click's sum hash of stream bytes OFF..OFF+LEN-1 (too short: 0)
//   MODE 3  the switch register at the packet's first beat, changed by
//           register writes while traffic runs            Switch
module tb;
parameter W = 64;
parameter U = 32;
parameter N = 3;
parameter MODE = 0;
parameter PORT = 0;
parameter OFF = 0;
parameter LEN = 1;
parameter NPKT = 200;
parameter LMIN = 14;
parameter LMAX = 300;
parameter CSR_AW = 4;       // the register block's address bits
parameter DROPS_ADDR = 8;   // byte offset of the drops register
parameter SEED = 1;
parameter LAT = 1;          // cycles from a beat in to the same beat out, at full rate
localparam K = W / 8;

reg clk = 1'b0;
reg rst = 1'b1;
always #5 clk = ~clk;

integer seed = SEED;
integer errors = 0;

// ---- Packets ----
reg [7:0] mem [0:NPKT*LMAX+K-1];
integer plen [0:NPKT-1];
integer poff [0:NPKT-1];
integer pport [0:NPKT-1];
integer nbytes;

function integer expect_port;
    input integer k;
    integer i, d;
    begin
        if (MODE == 0) expect_port = PORT;
        else if (MODE == 1) expect_port = k % N;
        else if (MODE == 2) begin
            if (plen[k] < OFF + LEN) expect_port = 0;
            else begin
                d = 0;
                for (i = OFF; i < OFF + LEN; i = i + 1) d = d + mem[poff[k] + i];
                if (N == 2 || N == 4 || N == 8) expect_port = (d ^ (d >> 4)) & (N - 1);
                else expect_port = d % N;
            end
        end else expect_port = -2;      // decided at the first beat
    end
endfunction

// ---- DUT ----
reg [W-1:0] s_tdata;
reg [K-1:0] s_tkeep;
reg s_tlast;
reg [U-1:0] s_tuser;
reg s_tvalid;
wire s_tready;
wire [N*W-1:0] m_tdata;
wire [N*K-1:0] m_tkeep;
wire [N-1:0] m_tlast;
wire [N*U-1:0] m_tuser;
wire [N-1:0] m_tvalid;
reg [N-1:0] m_tready;
reg csr_valid = 1'b0, csr_write = 1'b0;
reg [CSR_AW-1:0] csr_addr = 0;
reg [31:0] csr_wdata = 32'd0;
wire csr_ready, csr_err;
wire [31:0] csr_rdata;

`DUT dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready)
`ifdef HAS_CSR
    , .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),
    .csr_wdata(csr_wdata), .csr_ready(csr_ready), .csr_rdata(csr_rdata), .csr_err(csr_err)
`endif
);

// ---- Source ----
integer pv = 70, pr = 70;       // percent of cycles tvalid / tready may be high
integer k_in, b_in;             // next beat to present: packet, byte
integer k_taken, b_in_taken;    // the beat on s_axis now: packet, byte
integer in_beats, stalls;
reg started;
integer i, m;
always @(posedge clk) begin
    if (rst) begin
        s_tvalid <= 1'b0;
    end else begin
        if (s_tvalid && s_tready) begin
            in_beats = in_beats + 1;
            // The output of a packet is read when its first beat is taken.
`ifdef HAS_SWITCH
            if (MODE == 3 && b_in_taken == 0)
                pport[k_taken] = dut.switch_reg[31] || dut.switch_reg >= N ? -1 : dut.switch_reg;
`endif
        end
        if (s_tvalid && !s_tready && started) stalls = stalls + 1;
        if (!s_tvalid || s_tready) begin
            if (k_in < NPKT && ($unsigned($random(seed)) % 100) < pv) begin
                for (i = 0; i < K; i = i + 1) begin
                    s_tdata[8*i +: 8] <= b_in + i < plen[k_in] ? mem[poff[k_in] + b_in + i] : $random(seed);
                    s_tkeep[i] <= b_in + i < plen[k_in];
                end
                s_tlast <= b_in + K >= plen[k_in];
                s_tuser <= k_in;
                s_tvalid <= 1'b1;
                k_taken = k_in;
                b_in_taken = b_in;
                started = 1'b1;
                if (b_in + K >= plen[k_in]) begin
                    k_in = k_in + 1;
                    b_in = 0;
                end else begin
                    b_in = b_in + K;
                end
            end else begin
                s_tvalid <= 1'b0;
            end
        end
    end
end
// ---- Sinks: one per output ----
integer got [0:N-1];
integer out_beats, first_out, first_in;
genvar j;
generate
    for (j = 0; j < N; j = j + 1) begin : g_sink
        integer k, b, l;
        initial begin
            k = -1;
            b = 0;
        end
        always @(posedge clk) begin
            m_tready[j] <= ($unsigned($random(seed)) % 100) < pr;
            if (rst) begin
                k = -1;
                b = 0;
            end else if (m_tvalid[j] && m_tready[j]) begin
                if (b == 0) begin
                    k = k + 1;
                    while (k < NPKT && pport[k] != j) k = k + 1;
                    if (k >= NPKT) begin
                        $display("FAIL: output %0d: a packet that belongs to no output here (tuser %0d)",
                                 j, m_tuser[j*U +: U]);
                        errors = errors + 1;
                        k = NPKT - 1;
                    end
                end
                if (m_tuser[j*U +: U] !== k) begin
                    if (errors < 10)
                        $display("FAIL: output %0d: packet %0d expected, tuser %0d at byte %0d",
                                 j, k, m_tuser[j*U +: U], b);
                    errors = errors + 1;
                end
                for (l = 0; l < K; l = l + 1) begin
                    if (m_tkeep[j*K + l] !== (b + l < plen[k])) begin
                        if (errors < 10) $display("FAIL: output %0d packet %0d: tkeep lane %0d", j, k, l);
                        errors = errors + 1;
                    end else if (b + l < plen[k] && m_tdata[j*W + 8*l +: 8] !== mem[poff[k] + b + l]) begin
                        if (errors < 10) $display("FAIL: output %0d packet %0d: byte %0d", j, k, b + l);
                        errors = errors + 1;
                    end
                end
                if (m_tlast[j] !== (b + K >= plen[k])) begin
                    if (errors < 10) $display("FAIL: output %0d packet %0d: tlast at byte %0d", j, k, b);
                    errors = errors + 1;
                end
                if (b + K >= plen[k]) begin
                    b = 0;
                    got[j] = got[j] + 1;
                end else begin
                    b = b + K;
                end
            end
        end
    end
endgenerate

// Full-rate bookkeeping: output beats per cycle.
always @(posedge clk) begin
    if (!rst && |(m_tvalid & m_tready)) begin
        out_beats = out_beats + 1;
        if (first_out < 0) first_out = $time / 10;
    end
    if (!rst && s_tvalid && s_tready && first_in < 0) first_in = $time / 10;
end

// ---- Register bus ----
reg [31:0] csr_data;
task csr_access;
    input write;
    input integer addr;
    input [31:0] value;
    begin
        @(posedge clk);
        csr_valid <= 1'b1;
        csr_write <= write;
        csr_addr <= addr;
        csr_wdata <= value;
        @(posedge clk);
        while (!csr_ready) @(posedge clk);
        csr_data = csr_rdata;
        if (csr_err) begin
            $display("FAIL: register bus error at 0x%0h", addr);
            errors = errors + 1;
        end
        csr_valid <= 1'b0;
        csr_write <= 1'b0;
    end
endtask

// Switch: a write of a number with no output reads back as -1.
task write_switch;
    input [31:0] value;
    begin
        csr_access(1, 0, value);
        csr_access(0, 0, 0);
        if (csr_data !== (!value[31] && value >= N ? 32'hffffffff : value)) begin
            $display("FAIL: switch reads %0d after a write of %0d", $signed(csr_data), $signed(value));
            errors = errors + 1;
        end
    end
endtask

task run_phase;
    input integer p_valid, p_ready;
    integer c, n, t0, drop_expect;
    begin
        rst <= 1'b1;
        @(posedge clk);
        pv = p_valid;
        pr = p_ready;
        k_in = 0;
        b_in = 0;
        in_beats = 0;
        stalls = 0;
        started = 1'b0;
        out_beats = 0;
        first_out = -1;
        first_in = -1;
        for (c = 0; c < N; c = c + 1) got[c] = 0;
        for (c = 0; c < NPKT; c = c + 1) pport[c] = expect_port(c);
        repeat (3) @(posedge clk);
        rst <= 1'b0;
        c = 0;
        while ((k_in < NPKT || s_tvalid) && c < 200 * NPKT * (LMAX / K + 2)) begin
            @(posedge clk);
            c = c + 1;
            if (MODE == 3 && ($unsigned($random(seed)) % 400) == 0)
                case ($unsigned($random(seed)) % 4)
                    0: write_switch(-1 - ($unsigned($random(seed)) % 3));
                    1: write_switch(N + ($unsigned($random(seed)) % 3));
                    default: write_switch($unsigned($random(seed)) % N);
                endcase
        end
        repeat (2) @(posedge clk);     // the last beat presented is taken
        // Drain: until every output has its packets (or a time limit).
        drop_expect = 0;
        for (c = 0; c < NPKT; c = c + 1)
            if (pport[c] < 0) drop_expect = drop_expect + 1;
        n = 0;
        for (c = 0; c < N; c = c + 1) n = n + got[c];
        t0 = 0;
        while (n < NPKT - drop_expect && t0 < 20 * NPKT * (LMAX / K + 2)) begin
            @(posedge clk);
            t0 = t0 + 1;
            n = 0;
            for (c = 0; c < N; c = c + 1) n = n + got[c];
        end
        repeat (LMAX + 40) @(posedge clk);
        drop_expect = 0;
        for (c = 0; c < NPKT; c = c + 1) begin
            if (pport[c] < 0) drop_expect = drop_expect + 1;
            if (pport[c] == -2) begin
                $display("FAIL: packet %0d: no output chosen", c);
                errors = errors + 1;
            end
        end
        for (c = 0; c < N; c = c + 1) begin
            n = 0;
            for (t0 = 0; t0 < NPKT; t0 = t0 + 1) if (pport[t0] == c) n = n + 1;
            if (got[c] != n) begin
                $display("FAIL: output %0d: %0d packets, expected %0d", c, got[c], n);
                errors = errors + 1;
            end
        end
`ifdef HAS_DROPS
        // drops, low word then high word.
        csr_access(0, DROPS_ADDR, 0);
        n = csr_data;
        csr_access(0, DROPS_ADDR + 4, 0);
        if (n !== drop_expect || csr_data !== 0) begin
            $display("FAIL: drops reads %0d (high word %0d), expected %0d", n, csr_data, drop_expect);
            errors = errors + 1;
        end
`endif
        $display("phase valid %0d%% ready %0d%%: %0d input beats, %0d stalls, latency %0d, drops %0d",
                 p_valid, p_ready, in_beats, stalls, first_out - first_in, drop_expect);
        if (p_valid == 100 && p_ready == 100) begin
            if (pport[0] >= 0 && first_out - first_in != LAT) begin
                $display("FAIL: latency %0d at full rate, expected %0d", first_out - first_in, LAT);
                errors = errors + 1;
            end
            if (stalls != 0) begin
                $display("FAIL: the input waited %0d cycles at full rate", stalls);
                errors = errors + 1;
            end
        end
    end
endtask

// At full rate the outputs together carry one beat per cycle from the
// first beat out to the last (no bubble).
integer span_first, span_last;
always @(posedge clk)
    if (!rst && |(m_tvalid & m_tready)) begin
        if (span_first < 0) span_first = $time / 10;
        span_last = $time / 10;
    end

initial begin
    nbytes = 0;
    for (m = 0; m < NPKT; m = m + 1) begin
        plen[m] = LMIN + $unsigned($random(seed)) % (LMAX - LMIN + 1);
        if (m % 7 == 3) plen[m] = LMIN;
        poff[m] = nbytes;
        nbytes = nbytes + plen[m];
    end
    for (m = 0; m < nbytes; m = m + 1) mem[m] = $random(seed);
    s_tvalid = 1'b0;
    m_tready = 0;
    span_first = -1;
    run_phase(60, 60);
    run_phase(100, 30);
    span_first = -1;
    run_phase(100, 100);
    if (MODE != 3 && PORT >= 0 && out_beats != span_last - span_first + 1) begin
        $display("FAIL: %0d output beats in %0d cycles at full rate", out_beats, span_last - span_first + 1);
        errors = errors + 1;
    end
    if (errors == 0) $display("PASS");
    else $display("FAIL: %0d errors", errors);
    $finish;
end

endmodule
VERILOG

# case NAME WIDTH OUTPUTS MODE PORT OFF LEN CONFIG [STRIP] [DEFINES]
# OFF is the stream byte where the hashed bytes start (Strip's bytes
# included); the module is the element `x` of a router built around it.
case_() {
    local name=$1 w=$2 n=$3 mode=$4 port=$5 off=$6 len=$7 conf=$8 strip=${9:-} defs=${10:-}
    local d=$tmp/$name-w$w cls=${conf%%(*} j
    mkdir -p "$d"
    {
        printf 'FromDevice(eth0) -> '
        [[ -n $strip ]] && printf 'Strip(%s) -> ' "$strip"
        printf 'x :: %s;\n' "$conf"
        for ((j = 0; j < n; j++)); do printf 'x[%d] -> Queue -> ToDevice(eth%d);\n' $j $j; done
    } > "$d/t.click"
    if ! "$FPGAGEN" -b sim -w "$w" -o "$d/p" "$d/t.click" > "$d/gen.log" 2>&1; then
        echo "$name/w$w: fpgagen failed"; sed 's/^/    /' "$d/gen.log"; fail=1; return
    fi
    local mod=fg_${cls,,} aw=4 da=8 lat=1 k=$((w / 8)) f
    [[ $cls == StaticSwitch ]] && aw=3 da=0
    [[ $mode == 2 && $n -gt 1 ]] && lat=$(((off + len - 1) / k + 1))
    local D=()
    for f in $defs; do D+=("-D$f"); done
    if ! iverilog -g2005 -o "$d/sim" -DDUT="$mod" "${D[@]}" -Ptb.W="$w" -Ptb.N="$n" \
            -Ptb.MODE="$mode" -Ptb.PORT="$port" -Ptb.OFF="$off" -Ptb.LEN="$len" -Ptb.NPKT=100 \
            -Ptb.CSR_AW=$aw -Ptb.DROPS_ADDR=$da -Ptb.LAT=$lat \
            "$tmp/tb.v" "$d/p/rtl/$mod.v" > "$d/iverilog.log" 2>&1; then
        echo "$name/w$w: iverilog failed"; sed 's/^/    /' "$d/iverilog.log"; fail=1; return
    fi
    vvp -n "$d/sim" > "$d/run.log" 2>&1
    if [[ $(tail -1 "$d/run.log") != PASS ]]; then
        echo "$name/w$w:"; grep -v '^phase' "$d/run.log" | head -12 | sed 's/^/    /'; fail=1
    fi
}

sw="HAS_CSR HAS_DROPS HAS_SWITCH"
for w in 8 64 512; do
    case_ switch3 $w 3 3 0 0 1 "Switch(1)" "" "$sw"
    case_ switch1 $w 1 3 0 0 1 "Switch" "" "$sw"
    case_ static $w 3 0 2 0 1 "StaticSwitch(2)"
    case_ static_drop $w 2 0 -1 0 1 "StaticSwitch(5)" "" "HAS_CSR HAS_DROPS"
    case_ roundrobin3 $w 3 1 0 0 1 "RoundRobinSwitch"
    case_ roundrobin1 $w 1 1 0 0 1 "RoundRobinSwitch"
    case_ hash_fold $w 4 2 0 30 4 "HashSwitch(30, 4)"
    case_ hash_mod $w 3 2 0 26 8 "HashSwitch(26, 8)"
    case_ hash_first $w 2 2 0 0 1 "HashSwitch(0, 1)"
    case_ hash_far $w 5 2 0 100 20 "HashSwitch(100, 20)"
    case_ hash_strip $w 8 2 0 19 3 "HashSwitch(5, 3)" 14
    case_ hash_one $w 1 2 0 5 3 "HashSwitch(5, 3)"
done
exit $fail
