#!/usr/bin/env bash
# EtherEncap and EtherRewrite modules on their own under Icarus, at widths
# 8, 64 and 512 and several head offsets (the header written over stripped
# bytes, inserted, or partly both), while the runtime writes their registers.
# Random packets with random gaps in, random back-pressure out.  Every
# output packet must be its input packet with the header (EtherEncap) or
# the addresses (EtherRewrite) at the place the head offset gives, the
# other bytes and tuser untouched, and the header one the handlers have
# set: never half of a two-word address write, never a change inside a
# packet, never an older value after a newer one.  Once the writes stop,
# the last packets carry the last values, and every register reads back
# what was written last.
set -u
command -v iverilog > /dev/null || { echo "iverilog not installed"; exit 77; }
command -v jq > /dev/null || { echo "jq not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
cat > "$tmp/tb.v" <<'VERILOG'
`timescale 1ns / 1ps
`default_nettype none

// MODE 0: EtherEncap, header bytes 0-13 (DST, SRC, type) at stream bytes
//         LO .. LO+13 where LO = max(0, H - 14); the output stream is
//         input[0, LO) + header + input[H, len).
// MODE 1: EtherRewrite, DST and SRC over stream bytes H .. H+11 (as far as
//         the packet reaches).
module tb;
parameter W = 64;
parameter U = 32;
parameter MODE = 0;
parameter H = 0;            // head offset of the input
parameter AW = 5;           // register block address bits
parameter NPKT = 200;
parameter LMIN = 30;
parameter LMAX = 300;
parameter NWRITES = 40;     // handler writes while traffic runs
localparam K = W / 8;
localparam NB = MODE == 0 ? 14 : 12;  // header bytes
localparam LO = MODE == 0 ? (H > 14 ? H - 14 : 0) : H;
localparam NSNAP = NWRITES + 1;

reg clk = 1'b0;
reg rst = 1'b1;
always #5 clk = !clk;
integer seed = 1;
integer errors = 0;

reg  [W-1:0] s_tdata;
reg  [K-1:0] s_tkeep;
reg          s_tlast;
reg  [U-1:0] s_tuser;
reg          s_tvalid;
wire         s_tready;
wire [W-1:0] m_tdata;
wire [K-1:0] m_tkeep;
wire         m_tlast;
wire [U-1:0] m_tuser;
wire         m_tvalid;
reg          m_tready;
reg           csr_valid, csr_write;
reg  [AW-1:0] csr_addr;
reg  [31:0]   csr_wdata;
wire          csr_ready, csr_err;
wire [31:0]   csr_rdata;

`DUT dut (
    .clk(clk), .rst(rst),
    .s_axis_tdata(s_tdata), .s_axis_tkeep(s_tkeep), .s_axis_tlast(s_tlast),
    .s_axis_tuser(s_tuser), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready),
    .m_axis_tdata(m_tdata), .m_axis_tkeep(m_tkeep), .m_axis_tlast(m_tlast),
    .m_axis_tuser(m_tuser), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready),
    .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),
    .csr_wdata(csr_wdata), .csr_ready(csr_ready), .csr_rdata(csr_rdata),
    .csr_err(csr_err)
);

// The packets, and the headers the handlers set one after another:
// snap[k] byte j in bits [8j +: 8], wire order (DST, SRC, type).
reg [7:0]   pkt [0:NPKT*LMAX-1];
integer     plen [0:NPKT-1];
reg [111:0] snap [0:NSNAP-1];
integer     nsnap;
reg         writer_done = 1'b0;
reg [47:0]  src_v, dst_v;
reg [15:0]  type_v;
integer i, j;

initial begin
    for (i = 0; i < NPKT; i = i + 1) begin
        plen[i] = LMIN + {$random(seed)} % (LMAX - LMIN + 1);
        for (j = 0; j < LMAX; j = j + 1)
            pkt[i * LMAX + j] = $random(seed);
    end
    src_v = `SRC;
    dst_v = `DST;
    type_v = `TYPE;
    snap[0] = pack(src_v, dst_v, type_v);
    nsnap = 1;
end

function [111:0] pack(input [47:0] s, input [47:0] d, input [15:0] t);
    integer b;
    begin
        for (b = 0; b < 6; b = b + 1) begin
            pack[8 * b +: 8] = d[47 - 8 * b -: 8];
            pack[8 * (b + 6) +: 8] = s[47 - 8 * b -: 8];
        end
        pack[103:96] = t[15:8];
        pack[111:104] = t[7:0];
    end
endfunction

// ---- register bus -------------------------------------------------------
task csr_access(input wr, input [AW-1:0] a, input [31:0] d, output [31:0] q);
    begin
        csr_valid <= 1'b1;
        csr_write <= wr;
        csr_addr <= a;
        csr_wdata <= d;
        @(posedge clk);
        while (!csr_ready) @(posedge clk);
        if (csr_err) begin
            $display("ERROR: csr_err at %0d", a);
            errors = errors + 1;
        end
        q = csr_rdata;
        csr_valid <= 1'b0;
        @(posedge clk);
    end
endtask

reg [31:0] q;
integer n, f;
initial begin
    csr_valid = 1'b0;
    csr_write = 1'b0;
    csr_addr = 0;
    csr_wdata = 0;
    repeat (5) @(posedge clk);
    for (n = 0; n < NWRITES; n = n + 1) begin
        repeat ({$random(seed)} % 64) @(posedge clk);
        f = {$random(seed)} % (MODE == 0 ? 3 : 2);
        if (f == 2) begin
            type_v = $random(seed);
            csr_access(1'b1, 5'h10, {$random(seed), type_v}, q);  // bits 31:16 ignored
        end else begin
            // A word, a pause (packets keep the old address), the high word.
            if (f == 0) src_v = {$random(seed), $random(seed)};
            else dst_v = {$random(seed), $random(seed)};
            csr_access(1'b1, f == 0 ? 4'h0 : 4'h8, f == 0 ? src_v[31:0] : dst_v[31:0], q);
            repeat ({$random(seed)} % 40) @(posedge clk);
            csr_access(1'b1, f == 0 ? 4'h4 : 4'hc, {16'hdead, f == 0 ? src_v[47:32] : dst_v[47:32]}, q);
        end
        snap[nsnap] = pack(src_v, dst_v, type_v);
        nsnap = nsnap + 1;
    end
    writer_done = 1'b1;
end

// ---- source: packet p is stream bytes pkt[p][0 .. plen-1] ---------------
integer p, off, l;
initial begin
    s_tvalid = 1'b0;
    s_tdata = 0;
    s_tkeep = 0;
    s_tlast = 1'b0;
    s_tuser = 0;
    repeat (3) @(posedge clk);
    rst <= 1'b0;
    for (p = 0; p < NPKT; p = p + 1) begin
        // The last 10 packets start after the last write.
        if (p == NPKT - 10) begin
            while (!writer_done) @(posedge clk);
            repeat (20) @(posedge clk);
        end
        for (off = 0; off < plen[p]; off = off + K) begin
            while ({$random(seed)} % 4 == 0) @(posedge clk);
            for (l = 0; l < K; l = l + 1) begin
                s_tdata[8 * l +: 8] <= off + l < plen[p] ? pkt[p * LMAX + off + l] : 8'hxx;
                s_tkeep[l] <= off + l < plen[p];
            end
            s_tlast <= off + K >= plen[p];
            s_tuser <= p;
            s_tvalid <= 1'b1;
            @(posedge clk);
            while (!s_tready) @(posedge clk);
            s_tvalid <= 1'b0;
        end
    end
end

// ---- sink ---------------------------------------------------------------
reg [7:0] obuf [0:LMAX+14];
integer olen = 0, got = 0, cur = 0;
integer b, k, want, found, nb;
reg seen_last;
always @(posedge clk) begin
    m_tready <= {$random(seed)} % 10 < 7;
    if (rst) m_tready <= 1'b0;
    if (m_tvalid && m_tready) begin
        for (b = 0; b < K; b = b + 1)
            if (m_tkeep[b]) begin
                obuf[olen] = m_tdata[8 * b +: 8];
                olen = olen + 1;
            end
        if (m_tuser != got) begin
            $display("ERROR: packet %0d: tuser %0d", got, m_tuser);
            errors = errors + 1;
        end
        if (m_tlast) begin
            check(got);
            got = got + 1;
            olen = 0;
        end
    end
end

task check(input integer pi);
    integer len, e, hb;
    begin
        len = plen[pi];
        want = MODE == 0 ? LO + 14 + len - H : len;
        nb = MODE == 0 ? 14 : (len - H < 12 ? len - H : 12);
        if (olen != want) begin
            $display("ERROR: packet %0d: %0d bytes, expected %0d", pi, olen, want);
            errors = errors + 1;
        end else begin
            // Every byte but the header's from the input packet.
            for (e = 0; e < want; e = e + 1) begin
                if (e < LO)
                    hb = pkt[pi * LMAX + e];
                else if (e < LO + nb)
                    hb = -1;
                else
                    hb = pkt[pi * LMAX + (MODE == 0 ? e - LO - 14 + H : e)];
                if (hb >= 0 && obuf[e] != hb) begin
                    $display("ERROR: packet %0d byte %0d: %h, expected %h", pi, e, obuf[e], hb[7:0]);
                    errors = errors + 1;
                end
            end
            // The header: the first snapshot at or after the last one seen.
            found = -1;
            for (k = nsnap - 1; k >= cur; k = k - 1) begin
                e = 1;
                for (b = 0; b < nb; b = b + 1)
                    if (obuf[LO + b] != snap[k][8 * b +: 8]) e = 0;
                if (e) found = k;
            end
            if (found < 0) begin
                $write("ERROR: packet %0d: header", pi);
                for (b = 0; b < nb; b = b + 1) $write(" %h", obuf[LO + b]);
                $display(" is none of the values set since value %0d", cur);
                errors = errors + 1;
            end else begin
                cur = found;
            end
            if (pi >= NPKT - 10 && found != nsnap - 1) begin
                $display("ERROR: packet %0d after the writes: value %0d, not the last (%0d)",
                         pi, found, nsnap - 1);
                errors = errors + 1;
            end
        end
    end
endtask

// ---- end: read the registers back ----------------------------------------
initial begin
    #200;
    while (got < NPKT) @(posedge clk);
    csr_access(1'b0, 4'h0, 0, q);
    if (q !== src_v[31:0]) begin $display("ERROR: src reads %h", q); errors = errors + 1; end
    csr_access(1'b0, 4'h4, 0, q);
    if (q !== {16'd0, src_v[47:32]}) begin $display("ERROR: src_hi reads %h", q); errors = errors + 1; end
    csr_access(1'b0, 4'h8, 0, q);
    if (q !== dst_v[31:0]) begin $display("ERROR: dst reads %h", q); errors = errors + 1; end
    csr_access(1'b0, 4'hc, 0, q);
    if (q !== {16'd0, dst_v[47:32]}) begin $display("ERROR: dst_hi reads %h", q); errors = errors + 1; end
    if (MODE == 0) begin
        csr_access(1'b0, 5'h10, 0, q);
        if (q !== {16'd0, type_v}) begin $display("ERROR: ethertype reads %h", q); errors = errors + 1; end
    end
    $display("%0d packets, %0d values set, %0d error(s)", got, nsnap - 1, errors);
    if (errors) $display("FAIL");
    else $display("PASS");
    $finish;
end

initial begin
    #50000000;
    $display("ERROR: timeout with %0d packets out", got);
    $display("FAIL");
    $finish;
end
endmodule
VERILOG

SRC=00:11:22:33:44:55 DST=66:77:88:99:aa:bb
# case NAME WIDTH MODE STRIP CONFIG
case_() {
    local name=$1 w=$2 mode=$3 h=$4 conf=$5
    local d=$tmp/$name-w$w
    mkdir -p "$d"
    {
        printf 'FromDevice(eth0) -> '
        [[ $h -gt 0 ]] && printf 'Strip(%s) -> ' "$h"
        printf 'x :: %s -> Queue -> ToDevice(eth1);\n' "$conf"
    } > "$d/t.click"
    if ! "$FPGAGEN" -b sim -w "$w" -o "$d/p" "$d/t.click" > "$d/gen.log" 2>&1; then
        echo "$name/w$w: fpgagen failed"; sed 's/^/    /' "$d/gen.log"; fail=1; return
    fi
    local mod size u
    mod=$(jq -r '.elements[] | select(.name == "x") | .module' "$d/p/design.json")
    size=$(jq -r '.elements[] | select(.name == "x") | .size' "$d/p/design.json")
    u=$(jq -r '.user_width' "$d/p/design.json")
    local aw=$(( size == 32 ? 5 : 4 ))
    if ! iverilog -g2005 -o "$d/sim" -DDUT="$mod" -DSRC="48'h${SRC//:/}" -DDST="48'h${DST//:/}" \
            -DTYPE="16'h0800" -Ptb.W="$w" -Ptb.U="$u" -Ptb.MODE="$mode" -Ptb.H="$h" -Ptb.AW=$aw \
            -Ptb.LMIN=$((h + (mode == 0 ? 1 : 3))) \
            "$tmp/tb.v" "$d/p/rtl/$mod.v" "$d/p/rtl/fg_axis_skid.v" "$d/p/rtl/fg_axis_prepend.v" \
            > "$d/iverilog.log" 2>&1; then
        echo "$name/w$w: iverilog failed"; sed 's/^/    /' "$d/iverilog.log"; fail=1; return
    fi
    vvp -n "$d/sim" > "$d/run.log" 2>&1
    if [[ $(tail -1 "$d/run.log") != PASS ]]; then
        echo "$name/w$w:"; head -12 "$d/run.log" | sed 's/^/    /'; fail=1
    fi
}

for w in 8 64 512; do
    case_ encap_insert $w 0 0 "EtherEncap(0x0800, $SRC, $DST)"
    case_ encap_part $w 0 5 "EtherEncap(0x0800, $SRC, $DST)"
    case_ encap_inplace $w 0 14 "EtherEncap(0x0800, $SRC, $DST)"
    case_ encap_far $w 0 75 "EtherEncap(0x0800, $SRC, $DST)"
    case_ rewrite $w 1 0 "EtherRewrite($SRC, $DST)"
    case_ rewrite_strip $w 1 3 "EtherRewrite($SRC, $DST)"
    case_ rewrite_far $w 1 70 "EtherRewrite($SRC, $DST)"
done
exit $fail
