#!/usr/bin/env bash
# `make demo`: compile examples/demo.click for the sim board, simulate it
# with Verilator on examples/demo.pcap, and show the per-port table and the
# counters, read over the register bus at the end of the run.
set -euo pipefail
FPGAGEN=${1:-build/fpgagen}
TOOLS=${TOOLS:-build/tools}
cd "$(dirname "$0")/.."
out=build/demo
rm -rf "$out"
mkdir -p "$out"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step fpgagen check examples/demo.click
"$FPGAGEN" check examples/demo.click && echo "(no problems)"

step fpgagen -b sim -w 64 -o $out/demo examples/demo.click
"$FPGAGEN" -b sim -w 64 -o "$out/demo" examples/demo.click
echo "wrote $(ls "$out/demo/rtl" | wc -l) Verilog files, design.json, csr.h, regmap.md"

step fpgagen sim $out/demo --in eth0=examples/demo.pcap --out eth1=$out/arp.pcap \
    --out eth2=$out/ip.pcap --dump-regs $out/regs.txt
"$FPGAGEN" sim "$out/demo" --in eth0=examples/demo.pcap --out eth1="$out/arp.pcap" \
    --out eth2="$out/ip.pcap" --dump-regs "$out/regs.txt"

step "counters read over the register bus"
grep -E '^(all|arp|ip|other)\.(count|byte_count) |^out\.(drops|highwater_length) ' "$out/regs.txt" |
    awk '{ printf "  %-22s %s\n", $1, $2 }'

step "fpgagen model examples/demo.click (the C reference models, same traffic)"
"$FPGAGEN" model examples/demo.click --in eth0=examples/demo.pcap \
    --out eth1="$out/arp.model.pcap" --out eth2="$out/ip.model.pcap"
"$TOOLS/pcapcmp" "$out/ip.model.pcap" "$out/ip.pcap" &&
    "$TOOLS/pcapcmp" "$out/arp.model.pcap" "$out/arp.pcap" &&
    echo "the RTL's output pcaps equal the models', packet for packet"
