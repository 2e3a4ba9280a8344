#!/usr/bin/env bash
# Tests of the hand-written RTL in rtl/: every module's self-checking
# testbench under Icarus Verilog at several widths, `verilator --lint-only
# -Wall` at those widths, one Yosys synth_ice40 per module (its cell counts
# on the PASS line), and parameter combinations that every tool must
# refuse.  One line per case: `PASS name`, `FAIL name: why` or
# `SKIP name: why`; exit status 1 if any case failed.
#
#   RTL_ONLY  run only the cases whose name contains this string
#   RTL_KEEP  keep the work directory (its path is printed)
#   RTL_JOBS  cases run at once (default 2); lines print in case order
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rtl=$(cd "$here/../../rtl" && pwd)
RTL_ONLY=${RTL_ONLY:-}
work=$(mktemp -d)
if [[ -n ${RTL_KEEP:-} ]]; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
want() { [[ -z $RTL_ONLY || $1 == *"$RTL_ONLY"* ]]; }
have() { command -v "$1" > /dev/null 2>&1; }

# the rtl/ files a module needs
deps() {
    case $1 in
        fg_axis_arb|fg_axis_shift|fg_axis_prepend) echo "$rtl/$1.v $rtl/fg_axis_skid.v" ;;
        *) echo "$rtl/$1.v" ;;
    esac
}

# the testbench files besides tb_<module>.v
tb_deps() {
    case $1 in
        fg_axis_*) echo "$here/tb_axis_ref.v $here/tb_axis_source.v $here/tb_axis_sink.v $here/tb_axis_tput.v" ;;
        *) echo "" ;;
    esac
}

# run_sim NAME MODULE PARAM=VALUE...: run tb_MODULE with the parameters set
run_sim() {
    local name=sim/$1 mod=$2; shift 2
    want "$name" || return 0
    if ! have iverilog; then skip "$name" "iverilog not installed"; return 0; fi
    local tb=tb_$mod args=() p
    for p in "$@"; do args+=("-P$tb.$p"); done
    local out=$work/${name//\//_}
    # shellcheck disable=SC2046
    if ! iverilog -g2005 -Wall -I"$here" -s "$tb" "${args[@]}" -o "$out.vvp" \
            "$here/$tb.v" $(tb_deps "$mod") $(deps "$mod") > "$out.cc" 2>&1; then
        fail "$name" "iverilog: $(grep -m1 -i error "$out.cc" || head -n1 "$out.cc")"
        return 0
    fi
    if [[ -s $out.cc ]]; then
        fail "$name" "iverilog warning: $(head -n1 "$out.cc")"
        return 0
    fi
    timeout 60 vvp -n "$out.vvp" > "$out.log" 2>&1
    local st=$? verdict
    verdict=$(grep -E '^(PASS|FAIL)' "$out.log" | tail -n1)
    if [[ $verdict == PASS ]]; then
        pass "$name ($(grep -m1 "^tb_$mod" "$out.log" | sed "s/^tb_$mod:* //"))"
    elif [[ -n $verdict ]]; then
        fail "$name" "${verdict#FAIL: }"
    else
        fail "$name" "no verdict (vvp exit status $st): $(tail -n1 "$out.log")"
    fi
}

# run_lint NAME MODULE PARAM=VALUE...
run_lint() {
    local name=lint/$1 mod=$2; shift 2
    want "$name" || return 0
    if ! have verilator; then skip "$name" "verilator not installed"; return 0; fi
    local args=() p out=$work/${name//\//_}.log
    for p in "$@"; do args+=("-G$p"); done
    # shellcheck disable=SC2046
    if verilator --lint-only -Wall --top-module "$mod" "${args[@]}" $(deps "$mod") > "$out" 2>&1; then
        pass "$name"
    else
        fail "$name" "$(grep -m1 -E '%(Warning|Error)' "$out")"
    fi
}

# run_synth NAME MODULE PARAM=VALUE...: Yosys synth_ice40, cell counts reported
run_synth() {
    local name=synth/$1 mod=$2; shift 2
    want "$name" || return 0
    if ! have yosys; then skip "$name" "yosys not installed"; return 0; fi
    local cp="" p out=$work/${name//\//_}
    for p in "$@"; do cp+="chparam -set ${p%%=*} ${p#*=} $mod; "; done
    if ! yosys -q -p "read_verilog $(deps "$mod"); $cp synth_ice40 -top $mod; tee -q -o $out.stat stat" \
            > "$out.log" 2>&1; then
        fail "$name" "yosys: $(grep -m1 -E 'ERROR|error' "$out.log")"
        return 0
    fi
    local cells
    cells=$(awk '$1 ~ /^SB_(LUT4|CARRY|RAM40_4K)$/ { printf "%s%s %s", sep, $2, $1; sep=", " }
                 $1 ~ /^SB_DFF/ { ff += $2 }
                 END { printf "%s%d DFF", sep, ff }' "$out.stat")
    pass "$name ($*: $cells)"
}

# run_refuse NAME MODULE PARAM=VALUE...: every tool must stop at elaboration
# with the module's fg_param_error_* message
run_refuse() {
    local name=refuse/$1 mod=$2; shift 2
    want "$name" || return 0
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
    why=${why# }
    if [[ -n $why ]]; then fail "$name" "${why%;}"; else pass "$name"; fi
}

# job FUNCTION ARGS...: runs one case in the background, at most RTL_JOBS
# at a time; its line goes to a numbered file printed at the end
jobs_max=${RTL_JOBS:-2}
njob=0
job() {
    while (( $(jobs -rp | wc -l) >= jobs_max )); do wait -n; done
    njob=$((njob + 1))
    "$@" > "$work/result.$(printf %04d $njob)" 2>&1 &
}
sim() { job run_sim "$@"; }
lint() { job run_lint "$@"; }
synth() { job run_synth "$@"; }
refuse() { job run_refuse "$@"; }

# fg_axis_skid
for w in 8 64 256; do
    sim "fg_axis_skid/w$w" fg_axis_skid DATA_WIDTH=$w
    lint "fg_axis_skid/w$w" fg_axis_skid DATA_WIDTH=$w
done
synth fg_axis_skid fg_axis_skid DATA_WIDTH=64

# fg_axis_fifo
for mode in 0 1; do
    for w in 8 64 256; do
        sim "fg_axis_fifo/frame$mode/w$w" fg_axis_fifo FRAME_FIFO=$mode DATA_WIDTH=$w
        lint "fg_axis_fifo/frame$mode/w$w" fg_axis_fifo FRAME_FIFO=$mode DATA_WIDTH=$w DEPTH=64
    done
    sim "fg_axis_fifo/frame$mode/w64/depth4" fg_axis_fifo FRAME_FIFO=$mode DATA_WIDTH=64 DEPTH=4
done
synth fg_axis_fifo-plain fg_axis_fifo DATA_WIDTH=64 DEPTH=512 FRAME_FIFO=0
synth fg_axis_fifo-frame fg_axis_fifo DATA_WIDTH=64 DEPTH=512 FRAME_FIFO=1
refuse fg_axis_fifo/depth48 fg_axis_fifo DEPTH=48

# fg_axis_arb
for w in 8 64 256; do
    sim "fg_axis_arb/p3/w$w" fg_axis_arb PORTS=3 DATA_WIDTH=$w
    lint "fg_axis_arb/p3/w$w" fg_axis_arb PORTS=3 DATA_WIDTH=$w
done
for p in 1 4; do
    sim "fg_axis_arb/p$p/w64" fg_axis_arb PORTS=$p DATA_WIDTH=64
    lint "fg_axis_arb/p$p/w64" fg_axis_arb PORTS=$p DATA_WIDTH=64
done
synth fg_axis_arb fg_axis_arb PORTS=4 DATA_WIDTH=64

# fg_axis_adapter
for pair in 8:64 64:8 64:256 256:64 64:64 8:256 256:8 64:512 512:64; do
    s=${pair%:*} m=${pair#*:}
    sim "fg_axis_adapter/$s-$m" fg_axis_adapter S_DATA_WIDTH=$s M_DATA_WIDTH=$m
    lint "fg_axis_adapter/$s-$m" fg_axis_adapter S_DATA_WIDTH=$s M_DATA_WIDTH=$m
done
synth fg_axis_adapter-up fg_axis_adapter S_DATA_WIDTH=64 M_DATA_WIDTH=256
synth fg_axis_adapter-down fg_axis_adapter S_DATA_WIDTH=256 M_DATA_WIDTH=64
refuse fg_axis_adapter/s24 fg_axis_adapter S_DATA_WIDTH=24

# fg_axis_shift and fg_axis_prepend: run_align.sh, at many more shifts.

# fg_csr_counter64
for a in 16 32; do
    sim "fg_csr_counter64/add$a" fg_csr_counter64 ADD_WIDTH=$a
    lint "fg_csr_counter64/add$a" fg_csr_counter64 ADD_WIDTH=$a
done
synth fg_csr_counter64 fg_csr_counter64 ADD_WIDTH=16

# fg_id_block
sim fg_id_block fg_id_block
lint fg_id_block fg_id_block
synth fg_id_block fg_id_block
refuse fg_id_block/aw4 fg_id_block ADDR_WIDTH=4

wait
cat "$work"/result.* 2> /dev/null > "$work/results"
cat "$work/results"
! grep -q '^FAIL ' "$work/results"
