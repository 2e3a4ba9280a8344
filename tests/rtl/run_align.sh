#!/usr/bin/env bash
# Tests of the realignment modules rtl/fg_axis_shift.v and
# rtl/fg_axis_prepend.v: their self-checking testbenches under Icarus
# Verilog for every width and shift / prefix size below, `verilator
# --lint-only -Wall` at the same parameters (USER_WIDTH 1 and 3), Yosys
# synth_ice40 at DATA_WIDTH 8, 64 and 256 (cell counts on the PASS line),
# and parameters every tool must refuse.  One line per case, in a fixed
# order: `PASS name`, `FAIL name: why` or `SKIP name: why`; exit status 1
# if any case failed.  Cases run in parallel.
#
#   ALIGN_ONLY  run only the cases whose name contains this string
#   ALIGN_KEEP  keep the work directory (its path is printed)
#   ALIGN_SEED  testbench seed (default 1)
#   JOBS        cases run at once (default: the number of CPUs)

# (the case functions are called through `queue`, which shellcheck cannot see)
# shellcheck disable=SC2317
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rtl=$(cd "$here/../../rtl" && pwd)
ALIGN_ONLY=${ALIGN_ONLY:-}
ALIGN_SEED=${ALIGN_SEED:-1}
JOBS=${JOBS:-$(nproc 2> /dev/null || echo 2)}
work=$(mktemp -d)
if [[ -n ${ALIGN_KEEP:-} ]]; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work/res"

# A case prints its verdict line into its own result file; the lines are
# printed in the order the cases were started.
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
want() { [[ -z $ALIGN_ONLY || $1 == *"$ALIGN_ONLY"* ]]; }
have() { command -v "$1" > /dev/null 2>&1; }

deps() { echo "$rtl/$1.v $rtl/fg_axis_skid.v"; }
tb_deps() { echo "$here/tb_axis_ref.v $here/tb_axis_source.v $here/tb_axis_sink.v $here/tb_axis_tput.v"; }

# sim NAME MODULE PARAM=VALUE...: run tb_MODULE with the parameters set
sim() {
    local name=sim/$1 mod=$2; shift 2
    if ! have iverilog; then skip "$name" "iverilog not installed"; return; fi
    local tb=tb_$mod args=() p
    for p in "$@" SEED="$ALIGN_SEED"; do args+=("-P$tb.$p"); done
    local out=$work/${name//\//_}
    # shellcheck disable=SC2046
    if ! iverilog -g2005 -Wall -I"$here" -s "$tb" "${args[@]}" -o "$out.vvp" \
            "$here/$tb.v" $(tb_deps) $(deps "$mod") > "$out.cc" 2>&1; then
        fail "$name" "iverilog: $(grep -m1 -i error "$out.cc" || head -n1 "$out.cc")"
        return
    fi
    if [[ -s $out.cc ]]; then
        fail "$name" "iverilog warning: $(head -n1 "$out.cc")"
        return
    fi
    timeout 80 vvp -n "$out.vvp" > "$out.log" 2>&1
    local st=$? verdict
    verdict=$(grep -E '^(PASS|FAIL)' "$out.log" | tail -n1)
    if [[ $verdict == PASS ]]; then
        pass "$name ($(grep -m1 "^tb_$mod" "$out.log" | sed "s/^tb_$mod *//"))"
    elif [[ -n $verdict ]]; then
        fail "$name" "${verdict#FAIL: }"
    else
        fail "$name" "no verdict (vvp exit status $st): $(tail -n1 "$out.log")"
    fi
}

# lint NAME MODULE PARAM=VALUE...: at USER_WIDTH 1 and 3
lint() {
    local name=lint/$1 mod=$2; shift 2
    if ! have verilator; then skip "$name" "verilator not installed"; return; fi
    local args=() p u out=$work/${name//\//_}.log
    for p in "$@"; do args+=("-G$p"); done
    for u in 1 3; do
        # shellcheck disable=SC2046
        if ! verilator --lint-only -Wall --top-module "$mod" "${args[@]}" -GUSER_WIDTH="$u" \
                $(deps "$mod") > "$out" 2>&1; then
            fail "$name" "USER_WIDTH=$u: $(grep -m1 -E '%(Warning|Error)' "$out")"
            return
        fi
    done
    pass "$name"
}

# synth NAME MODULE PARAM=VALUE...: Yosys synth_ice40, cell counts reported
synth() {
    local name=synth/$1 mod=$2; shift 2
    if ! have yosys; then skip "$name" "yosys not installed"; return; fi
    local cp="" p out=$work/${name//\//_}
    for p in "$@"; do cp+="chparam -set ${p%%=*} ${p#*=} $mod; "; done
    if ! yosys -p "read_verilog $(deps "$mod"); $cp synth_ice40 -top $mod; tee -q -o $out.stat stat" \
            > "$out.log" 2>&1; then
        fail "$name" "yosys: $(grep -m1 -E 'ERROR|error' "$out.log")"
        return
    fi
    if grep -q '^Warning' "$out.log"; then
        fail "$name" "yosys: $(grep -m1 '^Warning' "$out.log")"
        return
    fi
    local cells
    cells=$(awk '$1 ~ /^SB_(LUT4|CARRY|RAM40_4K)$/ { printf "%s%s %s", sep, $2, $1; sep=", " }
                 $1 ~ /^SB_DFF/ { ff += $2 }
                 END { printf "%s%d DFF", sep, ff }' "$out.stat")
    pass "$name ($*: $cells)"
}

# refuse NAME MODULE PARAM=VALUE...: every tool stops at elaboration with
# the module's fg_param_error_* message
refuse() {
    local name=refuse/$1 mod=$2; shift 2
    local args=() p out=$work/${name//\//_} why=""
    if have verilator; then
        args=(); for p in "$@"; do args+=("-G$p"); done
        # shellcheck disable=SC2046
        verilator --lint-only -Wall --top-module "$mod" "${args[@]}" $(deps "$mod") > "$out.v.log" 2>&1
        grep -q fg_param_error "$out.v.log" || why+=" verilator accepted it;"
    fi
    if have iverilog; then
        args=(); for p in "$@"; do args+=("-P$mod.$p"); done
        # shellcheck disable=SC2046
        iverilog -g2005 -s "$mod" "${args[@]}" -o "$out.vvp" $(deps "$mod") > "$out.i.log" 2>&1
        grep -q fg_param_error "$out.i.log" || why+=" iverilog accepted it;"
    fi
    if have yosys; then
        local cp=""
        for p in "$@"; do cp+="chparam -set ${p%%=*} ${p#*=} $mod; "; done
        yosys -q -p "read_verilog $(deps "$mod"); $cp hierarchy -check -top $mod" > "$out.y.log" 2>&1
        grep -q fg_param_error "$out.y.log" || why+=" yosys accepted it;"
    fi
    if [[ -n $why ]]; then fail "$name" "${why%;}"; else pass "$name"; fi
}

# queue KIND NAME MODULE PARAM=VALUE...: start a case in the background
# once fewer than JOBS are running
ncase=0
queue() {
    local kind=$1 name=$2
    want "$kind/$name" || return 0
    while (( $(jobs -rp | wc -l) >= JOBS )); do wait -n; done
    ncase=$((ncase + 1))
    "$@" > "$work/res/$(printf %04d $ncase)" 2>&1 &
}

# the slowest (W = 8, the most beats) first
for w in 8 64 256; do
    kw=$((w / 8))
    # packets per run: wider beats simulate faster, so more of them
    n=$(( w == 8 ? 120 : (w == 64 ? 240 : 320) ))
    shifts=$(printf '%s\n' 0 1 13 14 $kw $((kw + 3)) $((2 * kw + 1)) | sort -nu)
    [[ $w == 64 ]] && shifts+=" 100"
    for s in $shifts; do
        queue sim "fg_axis_shift/w$w/s$s" fg_axis_shift DATA_WIDTH=$w SHIFT_BYTES="$s" NPKTS=$n
    done
    sizes=$(printf '%s\n' 1 14 $((kw + 2)) | sort -nu)
    [[ $w == 64 ]] && sizes+=" 16"
    for b in $sizes; do
        queue sim "fg_axis_prepend/w$w/b$b" fg_axis_prepend DATA_WIDTH=$w BYTES="$b" NPKTS=$n
    done
done
for w in 8 64 256; do
    kw=$((w / 8))
    for s in $(printf '%s\n' 0 1 13 14 $kw $((kw + 3)) $((2 * kw + 1)) 100 | sort -nu); do
        queue lint "fg_axis_shift/w$w/s$s" fg_axis_shift DATA_WIDTH=$w SHIFT_BYTES="$s"
    done
    for b in $(printf '%s\n' 1 14 $((kw + 2)) $((2 * kw)) 100 | sort -nu); do
        queue lint "fg_axis_prepend/w$w/b$b" fg_axis_prepend DATA_WIDTH=$w BYTES="$b"
    done
    queue synth "fg_axis_shift/w$w" fg_axis_shift DATA_WIDTH=$w USER_WIDTH=3 SHIFT_BYTES=14
    queue synth "fg_axis_prepend/w$w" fg_axis_prepend DATA_WIDTH=$w USER_WIDTH=3 BYTES=14
done
queue refuse fg_axis_shift/w24 fg_axis_shift DATA_WIDTH=24
queue refuse fg_axis_shift/w1024 fg_axis_shift DATA_WIDTH=1024
queue refuse fg_axis_prepend/w48 fg_axis_prepend DATA_WIDTH=48
queue refuse fg_axis_prepend/b0 fg_axis_prepend BYTES=0
wait

failed=0
for r in "$work"/res/*; do
    [[ -e $r ]] || continue
    if grep -qE '^(PASS|FAIL|SKIP) ' "$r"; then
        cat "$r"
        grep -q '^FAIL ' "$r" && failed=1
    else
        echo "FAIL case $(basename "$r"): no verdict: $(head -n1 "$r")"
        failed=1
    fi
done
exit $failed
