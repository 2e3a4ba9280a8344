#!/usr/bin/env bash
# The generated register decoder (gen/csr.c, csr_emit_decoder) on a set of
# maps: each map's decoder must pass verilator --lint-only -Wall, compile
# with iverilog -g2005, pass tb_csr_decoder.v (random traffic against
# slave models) and synthesise with yosys synth_ice40 (the PASS line gives
# its LUTs).  Broken copies of one decoder (mutants) must fail the
# testbench, so the testbench is shown to catch what it claims to.
#
# Prints one PASS/FAIL/SKIP line per check; exits 1 when any failed.
#
#   CC       C compiler for csr_tool (default gcc)
#   SEED     testbench seed (default 1)
#   NACCESS  random accesses per map (default 4000)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
CC=${CC:-gcc}
SEED=${SEED:-1}
NACCESS=${NACCESS:-4000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

pass() { echo "PASS csr/$1"; }
fail() { failed=1; echo "FAIL csr/$1"; [[ -n ${2:-} && -f $2 ]] && sed 's/^/    /' "$2" | head -20; }
skip() { echo "SKIP csr/$1: $2"; }
have() { command -v "$1" > /dev/null; }

if ! $CC -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
        -I"$top/gen" -o "$work/csr_tool" "$here/csr_tool.c" "$top/gen/csr.c" \
        "$top/gen/util.c" "$top/gen/diag.c" -ljansson > "$work/cc.log" 2>&1; then
    fail "csr_tool: does not build" "$work/cc.log"
    exit 1
fi

# name, csr_tool arguments (-f for full decoding, AW, block sizes[:name[:class]])
CASES=(
    "ten|16 32 64:c:Counter 64:c2:Counter 4096:rt:RadixIPLookup 256:q:Queue 1024:cl:Classifier 16:p:Paint 128:chk:CheckIPHeader 2048:arp:ARPResponder 512:tee:Tee"
    "ten_full|-f 16 32 64:c:Counter 64:c2:Counter 4096:rt:RadixIPLookup 256:q:Queue 1024:cl:Classifier 16:p:Paint 128:chk:CheckIPHeader 2048:arp:ARPResponder 512:tee:Tee"
    "one|8 64"
    "two|10 32 4"
    "wide|32 32 4 8 16 4096 4 64"
    "packed|12 32 2048 1024 512 256 128 64 32"
    "small_full|-f 10 32 4 4 8 16 4 64 128"
)

gen() { # dir, csr_tool arguments without the directory
    local dir=$1
    shift
    if [[ $1 = -f ]]; then
        shift
        "$work/csr_tool" -f "$dir" "$@"
    else
        "$work/csr_tool" "$dir" "$@"
    fi
}

sim() { # dir, label -> runs tb_csr_decoder on dir's decoder
    local dir=$1 label=$2
    if ! iverilog -g2005 -Wall -I"$dir" -P tb_csr_decoder.SEED="$SEED" \
            -P tb_csr_decoder.NACCESS="$NACCESS" -o "$dir/tb.vvp" \
            "$here/tb_csr_decoder.v" "$dir/fg_csr_decoder.v" > "$dir/iverilog.log" 2>&1 ||
            grep -q . "$dir/iverilog.log"; then
        fail "$label: iverilog -g2005" "$dir/iverilog.log"
        return 1
    fi
    vvp -n "$dir/tb.vvp" > "$dir/sim.log" 2>&1
    if [[ $(tail -n 1 "$dir/sim.log") == PASS ]]; then
        return 0
    fi
    return 2
}

for c in "${CASES[@]}"; do
    name=${c%%|*}
    read -r -a args <<< "${c#*|}"
    dir=$work/$name
    mkdir -p "$dir" "$dir.again"
    if ! gen "$dir" "${args[@]}" > "$dir/map.txt" 2>&1; then
        fail "$name: csr_tool" "$dir/map.txt"
        continue
    fi
    # the same map twice gives the same bytes
    gen "$dir.again" "${args[@]}" > /dev/null 2>&1
    same=1
    for f in fg_csr_decoder.v csr.h csr.json regmap.md; do
        cmp -s "$dir/$f" "$dir.again/$f" || same=0
    done
    if [[ $same = 1 ]]; then pass "$name/deterministic"; else fail "$name/deterministic"; fi

    if have verilator; then
        if verilator --lint-only -Wall "$dir/fg_csr_decoder.v" > "$dir/lint.log" 2>&1; then
            pass "$name/verilator_lint"
        else
            fail "$name/verilator_lint" "$dir/lint.log"
        fi
    else
        skip "$name/verilator_lint" "verilator not installed"
    fi

    if have iverilog && have vvp; then
        sim "$dir" "$name/sim"; st=$?
        if [[ $st = 0 ]]; then
            pass "$name/sim: $(grep '^accesses' "$dir/sim.log")"
        elif [[ $st = 2 ]]; then
            fail "$name/sim" "$dir/sim.log"
        fi
    else
        skip "$name/sim" "iverilog not installed"
    fi

    if have yosys; then
        if yosys -q -p "read_verilog $dir/fg_csr_decoder.v; synth_ice40 -top fg_csr_decoder; tee -o $dir/stat.txt stat" \
                > "$dir/yosys.log" 2>&1; then
            luts=$(awk '/SB_LUT4/ {print $2}' "$dir/stat.txt" | tail -n 1)
            bits=$(awk '/^decoder_bits/ {print $2}' "$dir/map.txt")
            pass "$name/synth_ice40: ${luts:-0} LUTs, $bits address bits compared"
        else
            fail "$name/synth_ice40" "$dir/yosys.log"
        fi
    else
        skip "$name/synth_ice40" "yosys not installed"
    fi
done

# Mutants: each edit breaks one promise of the decoder; the testbench must
# notice.  name | map | sed expression applied to fg_csr_decoder.v
MUTANTS=(
    "swapped_prefixes|ten|s/== 3'b001;/== 3'bxxx;/;s/== 3'b010;/== 3'b001;/;s/== 3'bxxx;/== 3'b010;/"
    "reaccept|ten|s/end else if (csr_valid \&\& !ready_reg) begin/end else if (csr_valid) begin/"
    "wrong_offset|ten|s/addr_reg <= csr_addr\[\([0-9]*\):0\];/addr_reg <= csr_addr[\1:0] ^ 4;/"
    "hole_no_err|ten_full|s/            err_next = 1'b1;/            err_next = 1'b0;/"
    "hole_hangs|ten_full|s/if (|hit) begin/if (1'b1) begin/"
    "sticky_valid|ten|s/            sel_next = [0-9]*'d0;/            sel_next = sel_reg;/"
)
if have iverilog && have vvp; then
    for mu in "${MUTANTS[@]}"; do
        IFS='|' read -r mname base expr <<< "$mu"
        dir=$work/mutant_$mname
        mkdir -p "$dir"
        cp "$work/$base/map.vh" "$dir/" 2>/dev/null
        sed "$expr" "$work/$base/fg_csr_decoder.v" > "$dir/fg_csr_decoder.v"
        if cmp -s "$dir/fg_csr_decoder.v" "$work/$base/fg_csr_decoder.v"; then
            fail "mutant_$mname: the edit did not apply"
            continue
        fi
        sim "$dir" "mutant_$mname"; st=$?
        if [[ $st = 2 ]]; then
            pass "mutant_$mname: caught: $(tail -n 1 "$dir/sim.log" | sed 's/^FAIL: //' | cut -c1-90)"
        elif [[ $st = 0 ]]; then
            fail "mutant_$mname: the testbench passed a broken decoder"
        fi
    done
else
    skip "mutants" "iverilog not installed"
fi

exit $failed
