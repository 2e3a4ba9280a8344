#!/usr/bin/env bash
# Tests of the UART register bridge (rtl/fg_uart_rx.v, fg_uart_tx.v,
# fg_uart_csr.v; docs/uart.md):
#   sim/...     tb_fg_uart_csr.v under Icarus at three configurations (bit
#               lengths, host baud rate off by -3%, 0, +3%, address widths)
#   mutant/...  broken copies of the bridge that the testbench must fail,
#               so it is shown to catch what it claims to
#   lint/...    verilator --lint-only -Wall at several parameter sets
#   refuse/...  illegal parameters every tool must refuse
#   synth/...   Yosys synth_ice40 of the bridge alone (cell counts)
#   pnr/...     nextpnr-ice40 on an UP5K (tests/uart/uart_pnr_top.v: the
#               bridge and one scratch register); LUTs and Fmax
# One line per case: `PASS name`, `FAIL name: why` or `SKIP name: why`;
# exit status 1 if any case failed.  About 25 s of processor time (15 s on
# two idle cores).
#
#   UART_ONLY  run only the cases whose name contains this string
#   UART_KEEP  keep the work directory (its path is printed)
#   UART_JOBS  cases run at once (default 2); lines print in case order
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rtl=$top/rtl
UART_ONLY=${UART_ONLY:-}
work=$(mktemp -d)
if [[ -n ${UART_KEEP:-} ]]; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
want() { [[ -z $UART_ONLY || $1 == *"$UART_ONLY"* ]]; }
have() { command -v "$1" > /dev/null 2>&1; }

RTL_FILES="$rtl/fg_uart_csr.v $rtl/fg_uart_rx.v $rtl/fg_uart_tx.v"
TB=tb_fg_uart_csr

# compile NAME DIR PARAM=VALUE...: the testbench with the RTL in DIR
compile() {
    local name=$1 dir=$2; shift 2
    local args=() p out=$work/${name//\//_}
    for p in "$@"; do args+=("-P$TB.$p"); done
    # shellcheck disable=SC2086
    if ! iverilog -g2005 -Wall -I"$here" -s $TB "${args[@]}" -o "$out.vvp" "$here/$TB.v" \
            "$dir/fg_uart_csr.v" "$dir/fg_uart_rx.v" "$dir/fg_uart_tx.v" > "$out.cc" 2>&1; then
        fail "$name" "iverilog: $(grep -m1 -i error "$out.cc" || head -n1 "$out.cc")"
        return 1
    fi
    if [[ -s $out.cc ]]; then
        fail "$name" "iverilog warning: $(head -n1 "$out.cc")"
        return 1
    fi
}

# run_sim NAME PARAM=VALUE...
run_sim() {
    local name=sim/$1; shift
    want "$name" || return 0
    if ! have iverilog; then skip "$name" "iverilog not installed"; return 0; fi
    compile "$name" "$rtl" "$@" || return 0
    local out=$work/${name//\//_} st verdict
    timeout 60 vvp -n "$out.vvp" > "$out.log" 2>&1
    st=$?
    verdict=$(grep -E '^(PASS|FAIL)' "$out.log" | tail -n1)
    if [[ $verdict == PASS ]]; then
        pass "$name ($(grep -m1 "^$TB" "$out.log" | sed "s/^$TB //"))"
    elif [[ -n $verdict ]]; then
        fail "$name" "${verdict#FAIL: }"
    else
        fail "$name" "no verdict (vvp exit status $st): $(tail -n1 "$out.log")"
    fi
}

# run_mutant NAME FILE SED-EXPRESSION PARAM=VALUE...: FILE changed by the
# expression must make the testbench fail
run_mutant() {
    local name=mutant/$1 file=$2 expr=$3; shift 3
    want "$name" || return 0
    if ! have iverilog; then skip "$name" "iverilog not installed"; return 0; fi
    local dir=$work/${name//\//_}.rtl out=$work/${name//\//_} verdict
    mkdir -p "$dir"
    cp $RTL_FILES "$dir/"
    sed -i "$expr" "$dir/$file.v"
    if cmp -s "$dir/$file.v" "$rtl/$file.v"; then
        fail "$name" "the mutation does not apply to $file.v any more"
        return 0
    fi
    compile "$name" "$dir" "$@" || return 0
    timeout 60 vvp -n "$out.vvp" > "$out.log" 2>&1
    verdict=$(grep -E '^(PASS|FAIL)' "$out.log" | tail -n1)
    if [[ $verdict == FAIL* ]]; then
        pass "$name (caught: ${verdict#FAIL: })"
    else
        fail "$name" "the testbench did not notice the broken bridge"
    fi
}

# run_lint NAME MODULE PARAM=VALUE...
run_lint() {
    local name=lint/$1 mod=$2; shift 2
    want "$name" || return 0
    if ! have verilator; then skip "$name" "verilator not installed"; return 0; fi
    local args=() p out=$work/${name//\//_}.log
    for p in "$@"; do args+=("-G$p"); done
    # shellcheck disable=SC2086
    if verilator --lint-only -Wall --top-module "$mod" "${args[@]}" $RTL_FILES > "$out" 2>&1; then
        pass "$name"
    else
        fail "$name" "$(grep -m1 -E '%(Warning|Error)' "$out")"
    fi
}

# run_refuse NAME MODULE PARAM=VALUE...: every tool stops with fg_param_error_*
run_refuse() {
    local name=refuse/$1 mod=$2; shift 2
    want "$name" || return 0
    local args=() p out=$work/${name//\//_} why=""
    if have verilator; then
        args=(); for p in "$@"; do args+=("-G$p"); done
        # shellcheck disable=SC2086
        verilator --lint-only -Wall --top-module "$mod" "${args[@]}" $RTL_FILES > "$out.v.log" 2>&1
        grep -q fg_param_error "$out.v.log" || why+=" verilator accepted it;"
    fi
    if have iverilog; then
        args=(); for p in "$@"; do args+=("-P$mod.$p"); done
        # shellcheck disable=SC2086
        iverilog -g2005 -s "$mod" "${args[@]}" -o "$out.vvp" $RTL_FILES > "$out.i.log" 2>&1
        grep -q fg_param_error "$out.i.log" || why+=" iverilog accepted it;"
    fi
    if have yosys; then
        local cp=""
        for p in "$@"; do cp+="chparam -set ${p%%=*} ${p#*=} $mod; "; done
        yosys -q -p "read_verilog $RTL_FILES; $cp hierarchy -check -top $mod" > "$out.y.log" 2>&1
        grep -q fg_param_error "$out.y.log" || why+=" yosys accepted it;"
    fi
    why=${why# }
    if [[ -n $why ]]; then fail "$name" "${why%;}"; else pass "$name"; fi
}

# run_synth NAME PARAM=VALUE...: fg_uart_csr alone, out of context
run_synth() {
    local name=synth/$1; shift
    want "$name" || return 0
    if ! have yosys; then skip "$name" "yosys not installed"; return 0; fi
    local cp="" p out=$work/${name//\//_}
    for p in "$@"; do cp+="chparam -set ${p%%=*} ${p#*=} fg_uart_csr; "; done
    if ! yosys -q -p "read_verilog $RTL_FILES; $cp synth_ice40 -top fg_uart_csr; tee -q -o $out.stat stat" \
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

# run_pnr NAME DEVICE PACKAGE MHZ: uart_pnr_top placed and routed; fails
# when the clock misses MHZ
run_pnr() {
    local name=pnr/$1 dev=$2 pkg=$3 mhz=$4
    want "$name" || return 0
    if ! have yosys || ! have nextpnr-ice40; then skip "$name" "yosys or nextpnr-ice40 not installed"; return 0; fi
    local out=$work/${name//\//_}
    if ! yosys -q -p "read_verilog $top/tests/uart/uart_pnr_top.v $RTL_FILES; synth_ice40 -top uart_pnr_top -json $out.json" \
            > "$out.ylog" 2>&1; then
        fail "$name" "yosys: $(grep -m1 -E 'ERROR|error' "$out.ylog")"
        return 0
    fi
    if ! nextpnr-ice40 "--$dev" --package "$pkg" --json "$out.json" --freq "$mhz" --seed 1 \
            --pcf-allow-unconstrained > "$out.log" 2>&1; then
        fail "$name" "nextpnr: $(grep -m1 -E 'ERROR' "$out.log")"
        return 0
    fi
    local lc fmax
    lc=$(grep -m1 -E 'ICESTORM_LC:' "$out.log" | awk '{ sub("/", "", $3); print $3 }')
    fmax=$(grep -E 'Max frequency for clock' "$out.log" | tail -n1 | sed -E 's/.*: ([0-9.]+ MHz).*/\1/')
    pass "$name ($dev $pkg: $lc logic cells with the test slave, Fmax $fmax)"
}

# job FUNCTION ARGS...: one case in the background, UART_JOBS at a time;
# its line goes to a numbered file printed at the end
jobs_max=${UART_JOBS:-2}
njob=0
job() {
    while (( $(jobs -rp | wc -l) >= jobs_max )); do wait -n; done
    njob=$((njob + 1))
    "$@" > "$work/result.$(printf %04d $njob)" 2>&1 &
}

# the longest first
job run_sim cpb8 SEED=1 CLKS_PER_BIT=8 ADDR_WIDTH=10 NRANDOM=300
job run_sim cpb13-slow-host SEED=2 CLKS_PER_BIT=13 HOST_BIT_PERMILLE=1030 NRANDOM=150
job run_sim cpb12-fast-host-aw32 SEED=3 CLKS_PER_BIT=12 HOST_BIT_PERMILLE=970 ADDR_WIDTH=32 NRANDOM=150

M="NRANDOM=100 STOP_AFTER=1"
job run_mutant no-retry-memory fg_uart_csr 's/retry_reg <= last_valid_reg \&\& frame_rw/retry_reg <= 1'"'"'b0 \&\& frame_rw/' $M
job run_mutant info-keeps-memory fg_uart_csr 's/if (do_info_reg || do_bus_reg) last_valid_reg/if (do_bus_reg) last_valid_reg/' $M
job run_mutant crc-ignored fg_uart_csr 's/good_reg <= rx_crc_next == 8'"'"'h00 \&\&/good_reg <= 1'"'"'b1 \&\&/' $M
job run_mutant high-address-bits-ignored fg_uart_csr 's/(addr_reg >> ADDR_WIDTH) != 32'"'"'d0/1'"'"'b0/' $M
job run_mutant bus-timeout-late fg_uart_csr 's/BUS_TIMEOUT_CYCLES - 2 : 0;/BUS_TIMEOUT_CYCLES - 1 : 0;/' $M
job run_mutant no-frame-timeout fg_uart_csr 's/end else if (gap_reg\[GW-1\]) begin/end else if (1'"'"'b0) begin/' $M
job run_mutant framing-error-ignored fg_uart_csr 's/if (rx_frame_err) rx_ferr_reg <= 1/if (1'"'"'b0) rx_ferr_reg <= 1/' $M
job run_mutant rx-samples-at-edge fg_uart_rx 's/localparam HALF_COUNT = CLKS_PER_BIT \/ 2 - 2;/localparam HALF_COUNT = 0;/' $M HOST_BIT_PERMILLE=1040
job run_mutant tx-short-stop-bit fg_uart_tx 's/stop_reg <= bit_reg == 4'"'"'d8;/stop_reg <= bit_reg == 4'"'"'d7;/' $M

job run_pnr up5k up5k sg48 40
job run_synth default CLKS_PER_BIT=104 ADDR_WIDTH=16

for p in "" "ADDR_WIDTH=32" "ADDR_WIDTH=2 CLKS_PER_BIT=4 FRAME_TIMEOUT_BITS=20 BUS_TIMEOUT_CYCLES=1" \
        "CLKS_PER_BIT=5 BUS_TIMEOUT_CYCLES=2" "CLKS_PER_BIT=1000 FRAME_TIMEOUT_BITS=65535 BUS_TIMEOUT_CYCLES=65536"; do
    # shellcheck disable=SC2086
    job run_lint "fg_uart_csr${p:+/${p// /,}}" fg_uart_csr $p
done
job run_lint fg_uart_rx/cpb4 fg_uart_rx CLKS_PER_BIT=4
job run_lint fg_uart_tx/cpb7 fg_uart_tx CLKS_PER_BIT=7

job run_refuse fg_uart_csr/cpb3 fg_uart_csr CLKS_PER_BIT=3
job run_refuse fg_uart_csr/aw33 fg_uart_csr ADDR_WIDTH=33
job run_refuse fg_uart_csr/frame-timeout-10 fg_uart_csr FRAME_TIMEOUT_BITS=10
job run_refuse fg_uart_csr/bus-timeout-0 fg_uart_csr BUS_TIMEOUT_CYCLES=0

wait
cat "$work"/result.* 2> /dev/null > "$work/results"
cat "$work/results"
! grep -q '^FAIL ' "$work/results"
