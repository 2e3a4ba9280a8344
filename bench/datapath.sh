#!/usr/bin/env bash
# Datapath benchmark: every design in bench/designs (one element, or an
# example, between FromDevice and a Queue/ToDevice) at widths 64 and 256,
# with 60-byte frames (64 on the wire) and with an IMIX, all at line rate
# and with no back-pressure.  Prints per design the throughput at the input
# and summed over the outputs as a share of W x f (beats moved per cycle
# over the busy span: a Tee's two outputs make 200 %, a switch's share one
# input's 100 %), the latency in cycles at the busiest output (min/avg/max,
# and the minimum less the baseline design's: the element's own latency)
# and the simulator's speed.
#
#   bench/datapath.sh [FPGAGEN] [DESIGN...]      (env WIDTHS, N60, NIMIX)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
FPGAGEN=${1:-$top/build/fpgagen}
shift || true
BUILD=${BUILD:-$top/build}
tools=$BUILD/tools
out=$BUILD/bench/datapath
WIDTHS=${WIDTHS:-64 256}
N60=${N60:-4000}
NIMIX=${NIMIX:-1500}
mkdir -p "$out"

designs=("$@")
[[ ${#designs[@]} -gt 0 ]] || designs=($(ls "$top"/bench/designs/*.click | grep -v /baseline.click))
"$tools/pcapgen" -o "$out/t60.pcap" -n "$N60" -s 60 --seed 1
"$tools/pcapgen" -o "$out/timix.pcap" -n "$NIMIX" --imix --kind mix --seed 2

printf '%-22s %4s %-5s %8s %8s %16s %5s %10s\n' design W frames "in" "out" \
    "latency min/avg/max" "elem" "cycles/s"
declare -A base
for click in "$top/bench/designs/baseline.click" "${designs[@]}"; do
    name=$(basename "$click" .click)
    ins=$(grep -o 'FromDevice(eth[0-9])' "$click" | grep -o 'eth[0-9]' | sort -u)
    outs=$(grep -o 'ToDevice(eth[0-9])' "$click" | grep -o 'eth[0-9]' | sort -u)
    for w in $WIDTHS; do
        proj=$out/$name-w$w
        if ! "$FPGAGEN" -b sim -w "$w" -o "$proj" "$click" > "$out/gen.log" 2>&1; then
            printf '%-22s %4s %s\n' "$name" "$w" "(not built: $(grep -m1 error: "$out/gen.log" | cut -c1-60))"
            continue
        fi
        for t in 60 imix; do
            args=()
            for d in $ins; do args+=(--in "$d=$out/t$t.pcap"); done
            for d in $outs; do args+=(--out "$d=$proj/$d.pcap"); done
            if ! "$FPGAGEN" sim "$proj" "${args[@]}" > "$out/sim.log" 2>&1; then
                printf '%-22s %4s %-5s %s\n' "$name" "$w" "$t" "(simulation failed)"
                continue
            fi
            awk -v name="$name" -v w="$w" -v t="$t" -v base="${base[$w$t]:-}" '
                $2 == "in"  && $6 + 0 > tin { tin = $6 + 0 }
                $2 == "out" { tout += $6; if ($6 + 0 > best) { best = $6 + 0; lat = $9 } }
                /^simulated/ { cps = $2 }
                END {
                    split(lat, l, "/")
                    elem = base == "" ? "-" : l[1] - base
                    printf "%-22s %4s %-5s %7.1f%% %7.1f%% %16s %5s %10s\n", name, w, t, tin, tout, lat, elem, cps
                }' "$out/sim.log"
            if [[ $name = baseline ]]; then
                base[$w$t]=$(awk '$2 == "out" { split($9, l, "/"); print l[1]; exit }' "$out/sim.log")
            fi
        done
    done
done
