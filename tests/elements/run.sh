#!/usr/bin/env bash
# Element simulation tests: every tests/elements/NAME.click is compiled for
# the sim board at each width it lists, its inputs are fed random traffic,
# and the RTL's output pcaps (Verilator, with and without random
# back-pressure) are compared with the C reference models' (fpgagen model).
#
# Directives, in comments at the top of NAME.click:
#   // test: widths 8 64 256             (default: 8 64 256)
#   // test: in eth0 raw 60-1514 200     (device, kind, sizes, count;
#                                         kind raw|ipv4|arp|mix, sizes MIN-MAX or imix)
#   // test: out eth1 exact              (same packets, same order)
#   // test: out eth2 subsequence q.drops (order kept; exactly as many packets
#                                         missing as the named registers (summed)
#                                         count: drops the hardware counts where
#                                         Click drops too, e.g. a full Queue)
#   // test: out eth3 multiset           (same packets, any order: merges)
#   // test: backpressure 0 0.3          (default: 0 0.3)
# Prints PASS/FAIL lines; exits non-zero on a failure.
#
#   FPGAGEN  the fpgagen binary     BUILD  build directory (tools, work)
#   ONLY_ELEMENTS  names to run (default: all)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
FPGAGEN=${FPGAGEN:-$BUILD/fpgagen}
tools=$BUILD/tools
work=$BUILD/elements
mkdir -p "$work"
status=0

fail() { echo "FAIL $1"; [[ -n ${2:-} && -f $2 ]] && sed 's/^/    /' "$2" | head -20; status=1; }

for click in "$top"/tests/elements/*.click; do
    name=$(basename "$click" .click)
    if [[ -n ${ONLY_ELEMENTS:-} && " $ONLY_ELEMENTS " != *" $name "* ]]; then continue; fi
    widths="8 64 256"; bps="0 0.3"; ins=(); outs=()
    while read -r _ _ key rest; do
        case $key in
            widths) widths=$rest ;;
            backpressure) bps=$rest ;;
            in) ins+=("$rest") ;;
            out) outs+=("$rest") ;;
        esac
    done < <(grep '^// test:' "$click")
    d=$work/$name
    rm -rf "$d"; mkdir -p "$d/in" "$d/model"
    inargs=(); seed=1
    for spec in "${ins[@]}"; do
        read -r dev kind sizes count <<< "$spec"
        sz=(-s "$sizes"); [[ $sizes == imix ]] && sz=(--imix)
        "$tools/pcapgen" -o "$d/in/$dev.pcap" -n "$count" "${sz[@]}" --kind "$kind" \
            --seed $((seed++)) --bad 10
        inargs+=(--in "$dev=$d/in/$dev.pcap")
    done
    outargs=()
    for spec in "${outs[@]}"; do
        read -r dev _ <<< "$spec"
        outargs+=(--out "$dev=$d/model/$dev.pcap")
    done
    if ! "$FPGAGEN" model -q "$click" "${inargs[@]}" "${outargs[@]}" > "$d/model.log" 2>&1; then
        fail "$name: fpgagen model" "$d/model.log"; continue
    fi
    for w in $widths; do
        proj=$d/w$w
        if ! "$FPGAGEN" -b sim -w "$w" -o "$proj" "$click" > "$d/gen$w.log" 2>&1; then
            fail "$name/w$w: generate" "$d/gen$w.log"; continue
        fi
        # Every generated project lints clean: Verilator -Wall and Icarus at
        # each width, Yosys synth_ice40 at one (it takes the longest).
        rtl=$(echo "$proj"/rtl/*.v)
        if ! verilator --lint-only -Wall --top-module fg_sim_top $rtl > "$d/lint$w.log" 2>&1; then
            fail "$name/w$w: verilator --lint-only -Wall" "$d/lint$w.log"
        elif ! iverilog -g2005 -s fg_sim_top -o /dev/null $rtl > "$d/lint$w.log" 2>&1; then
            fail "$name/w$w: iverilog -g2005" "$d/lint$w.log"
        elif [[ $w = 64 ]] && ! yosys -q -p "read_verilog $rtl; synth_ice40 -top fg_sim_top" \
                > "$d/lint$w.log" 2>&1; then
            fail "$name/w$w: yosys synth_ice40" "$d/lint$w.log"
        else
            echo "PASS $name/w$w/lint"
        fi
        for bp in $bps; do
            case=$name/w$w/bp$bp
            got=$d/got_w${w}_bp$bp; mkdir -p "$got"
            simout=()
            for spec in "${outs[@]}"; do
                read -r dev _ <<< "$spec"
                simout+=(--out "$dev=$got/$dev.pcap")
            done
            if ! "$FPGAGEN" sim "$proj" "${inargs[@]}" "${simout[@]}" --backpressure "$bp" \
                    --seed 7 --dump-regs "$got/regs.txt" > "$got/sim.log" 2>&1; then
                fail "$case: fpgagen sim" "$got/sim.log"; continue
            fi
            ok=1
            for spec in "${outs[@]}"; do
                read -r dev mode regs <<< "$spec"
                args=()
                case $mode in
                    exact) ;;
                    multiset) args=(--multiset) ;;
                    subsequence)
                        # Missing packets must be exactly what the named
                        # registers counted (lines "element.register value").
                        n=0
                        for r in $regs; do
                            v=$(awk -v r="$r" '$1 == r { print $2 }' "$got/regs.txt")
                            if [[ -z $v ]]; then
                                fail "$case: no register $r in regs.txt"; ok=0; v=0
                            fi
                            n=$((n + v))
                        done
                        args=(--subsequence "$n") ;;
                esac
                if ! "$tools/pcapcmp" "${args[@]}" "$d/model/$dev.pcap" "$got/$dev.pcap" \
                        > "$got/cmp_$dev.log" 2>&1; then
                    fail "$case: $dev differs from the model ($mode)" "$got/cmp_$dev.log"; ok=0
                fi
            done
            [[ $ok = 1 ]] && echo "PASS $case"
        done
    done
done
exit $status
