#!/usr/bin/env bash
# tests/sim/run.sh -- tests of the simulation harness (`fpgagen sim`) on
# the hand-written design in tests/sim/passthrough (eth0 -> FIFO -> eth1
# and eth2 -> FIFO -> eth3, random stalls, registers with the ID block).
# Prints `PASS name` or `FAIL name: why` per test; exits non-zero when any
# failed.
#
#   FPGAGEN   an fpgagen binary; used when it has the sim command, else the
#             harness is linked into a small driver here
#   BUILD     build folder (default: build); the designs are built under
#             BUILD/tests/sim and reused by the next run
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
[[ $BUILD = /* ]] || BUILD=$top/$BUILD
work=$BUILD/tests/sim
mkdir -p "$work"
tmp=$(mktemp -d)
bg=
cleanup() { [[ -n $bg ]] && kill "$bg" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export FPGAGEN_SIM_DIR=$top/sim

failed=0
pass() { echo "PASS sim/$1"; }
fail() { echo "FAIL sim/$1: $2"; failed=1; }

# ---- tools --------------------------------------------------------------
CC=${CC:-gcc}
cflags=(-std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror -Wshadow
        -Wstrict-prototypes -Wno-unused-parameter)
stale() { # target, sources...: true when target is older than a source
    local t=$1; shift
    [[ ! -x $t ]] && return 0
    for s in "$@"; do [[ $s -nt $t ]] && return 0; done
    return 1
}
tool() { # name, sources..., then libraries after --
    local name=$1; shift
    local srcs=() libs=()
    while [[ $# -gt 0 && $1 != -- ]]; do srcs+=("$1"); shift; done
    [[ ${1:-} == -- ]] && shift
    libs=("$@")
    if stale "$work/$name" "${srcs[@]}" "$top"/sim/*.h; then
        "$CC" "${cflags[@]}" -I"$top/sim" -o "$work/$name" "${srcs[@]}" \
            "${libs[@]}" > "$tmp/cc.log" 2>&1 ||
            { fail "build-$name" "$(head -5 "$tmp/cc.log")"; return 1; }
    fi
}
tool pcapgen "$top/tests/tools/pcapgen.c" -- -lpcap || exit 1
tool pcapcmp "$top/tests/tools/pcapcmp.c" -- -lpcap || exit 1
tool csrtest "$here/csrtest.c" "$top/sim/csr_client.c" || exit 1

if [[ -n ${FPGAGEN:-} ]] && "$FPGAGEN" sim --help > /dev/null 2>&1; then
    SIM=("$FPGAGEN" sim)
else
    tool driver "$here/driver.c" "$top"/sim/*.c -- -lpcap -ljansson -lm ||
        exit 1
    SIM=("$work/driver" sim)
fi
sim() { "${SIM[@]}" "$@"; }

# design DIR W: the test design at width W in DIR (content unchanged when
# it is already there, so its build is reused)
design() {
    local dir=$1 w=$2
    mkdir -p "$dir/rtl"
    sed "s/parameter W = 64,/parameter W = $w,/" \
        "$here/passthrough/rtl/fg_sim_top.v" > "$tmp/top.v"
    cmp -s "$tmp/top.v" "$dir/rtl/fg_sim_top.v" || cp "$tmp/top.v" "$dir/rtl/fg_sim_top.v"
    cmp -s "$here/passthrough/rtl/fg_pt_fifo.v" "$dir/rtl/fg_pt_fifo.v" ||
        cp "$here/passthrough/rtl/fg_pt_fifo.v" "$dir/rtl/"
    sed "s/\"width\": 64,/\"width\": $w,/" "$here/passthrough/design.json" \
        > "$dir/design.json"
}

# field N of port P's row in the table in file F
field() { awk -v p="$1" -v d="$2" -v n="$3" '$1 == p && $2 == d { print $n }' "$4"; }

# ---- traffic at three widths, both simulators -----------------------------
for w in 8 64 512; do
    d=$work/pt-w$w
    design "$d" $w
    n=40; [[ $w == 8 ]] && n=20
    "$work/pcapgen" -n $n --seed $w -o "$tmp/a$w.pcap"
    "$work/pcapgen" -n $((n / 2)) --seed $((w + 1)) -o "$tmp/c$w.pcap"
    ins=(--in eth0="$tmp/a$w.pcap" --in eth2="$tmp/c$w.pcap")

    t=w$w/verilator
    if sim "$d" "${ins[@]}" --out eth1="$tmp/b$w.pcap" --out eth3="$tmp/d$w.pcap" \
            > "$tmp/t1" 2> "$tmp/e1"; then
        if ! "$work/pcapcmp" "$tmp/a$w.pcap" "$tmp/b$w.pcap" > "$tmp/cmp"; then
            fail $t "eth0 -> eth1: $(cat "$tmp/cmp")"
        elif ! "$work/pcapcmp" "$tmp/c$w.pcap" "$tmp/d$w.pcap" > "$tmp/cmp"; then
            fail $t "eth2 -> eth3: $(cat "$tmp/cmp")"
        elif [[ $(field eth1 out 3 "$tmp/t1") != "$n" || $(field eth0 in 3 "$tmp/t1") != "$n" ]]; then
            fail $t "table does not count $n packets: $(cat "$tmp/t1")"
        elif [[ $(field eth1 out 9 "$tmp/t1") != */*/* ]]; then
            fail $t "no latency in the table: $(cat "$tmp/t1")"
        else pass $t; fi
    else
        fail $t "exit status $?: $(tail -5 "$tmp/e1")"
    fi

    t=w$w/verilator-backpressure
    if sim "$d" "${ins[@]}" --out eth1="$tmp/bv$w.pcap" --out eth3="$tmp/dv$w.pcap" \
            --backpressure 0.3 --seed 7 > "$tmp/tv" 2> "$tmp/e2"; then
        if ! "$work/pcapcmp" "$tmp/a$w.pcap" "$tmp/bv$w.pcap" > "$tmp/cmp"; then
            fail $t "eth0 -> eth1: $(cat "$tmp/cmp")"
        elif ! "$work/pcapcmp" "$tmp/c$w.pcap" "$tmp/dv$w.pcap" > "$tmp/cmp"; then
            fail $t "eth2 -> eth3: $(cat "$tmp/cmp")"
        elif [[ $(field eth1 out 8 "$tmp/tv") == 0 ]]; then
            fail $t "no tx stall counted under back-pressure"
        elif [[ $(field eth1 out 5 "$tmp/tv") -le $(field eth1 out 5 "$tmp/t1") ]]; then
            fail $t "back-pressure did not lengthen the run"
        else pass $t; fi
    else
        fail $t "exit status $?: $(tail -5 "$tmp/e2")"
    fi

    t=w$w/icarus-identical
    if sim "$d" "${ins[@]}" --out eth1="$tmp/bi$w.pcap" --out eth3="$tmp/di$w.pcap" \
            --backpressure 0.3 --seed 7 --simulator icarus > "$tmp/ti" 2> "$tmp/e3"; then
        if ! cmp -s "$tmp/bv$w.pcap" "$tmp/bi$w.pcap"; then
            fail $t "eth1 pcaps differ between Verilator and Icarus"
        elif ! cmp -s "$tmp/dv$w.pcap" "$tmp/di$w.pcap"; then
            fail $t "eth3 pcaps differ between Verilator and Icarus"
        elif ! diff <(grep -v '^simulated' "$tmp/tv") <(grep -v '^simulated' "$tmp/ti") > "$tmp/diff"; then
            fail $t "tables differ: $(cat "$tmp/diff")"
        else pass $t; fi
    else
        fail $t "exit status $?: $(tail -5 "$tmp/e3")"
    fi
done

d=$work/pt-w64
a=$tmp/a64.pcap

# ---- the build is reused ----------------------------------------------
t=build-reused
if sim "$d" --in eth0="$a" > /dev/null 2> "$tmp/e"; then
    if grep -q "building" "$tmp/e"; then fail $t "rebuilt an unchanged design"
    else pass $t; fi
else fail $t "exit status $?: $(tail -3 "$tmp/e")"; fi

t=build-only
if sim "$d" --build-only > "$tmp/o" 2> "$tmp/e" && [[ ! -s $tmp/o ]] &&
   sim "$d" --build-only --simulator icarus > "$tmp/o" 2> "$tmp/e" && [[ ! -s $tmp/o ]]; then
    pass $t
else fail $t "status or output: $(cat "$tmp/o" "$tmp/e" | head -3)"; fi

# ---- the same seed gives the same run, another seed another ------------
t=seed-reproducible
sim "$d" --in eth0="$a" --out eth1="$tmp/s1.pcap" --backpressure 0.5 --seed 3 --quiet
sim "$d" --in eth0="$a" --out eth1="$tmp/s2.pcap" --backpressure 0.5 --seed 3 --quiet
sim "$d" --in eth0="$a" --out eth1="$tmp/s3.pcap" --backpressure 0.5 --seed 4 --quiet
if ! cmp -s "$tmp/s1.pcap" "$tmp/s2.pcap"; then fail $t "same seed, different pcaps"
elif cmp -s "$tmp/s1.pcap" "$tmp/s3.pcap"; then fail $t "other seed, same timestamps"
else pass $t; fi

# ---- the register socket --------------------------------------------------
t=csr-socket
sock=$tmp/csr.sock
"${SIM[@]}" "$d" --in eth0="$a" --out eth1="$tmp/csr.pcap" --csr unix:"$sock" \
    > "$tmp/tc" 2> "$tmp/ec" &
bg=$!
if "$work/csrtest" "$sock" 64 > "$tmp/c" 2>&1; then
    kill -TERM $bg; wait $bg; st=$?; bg=
    if [[ $st -ne 0 ]]; then fail $t "exit status $st after SIGTERM: $(tail -3 "$tmp/ec")"
    elif [[ -e $sock ]]; then fail $t "socket file left behind"
    elif ! "$work/pcapcmp" "$a" "$tmp/csr.pcap" > "$tmp/cmp"; then fail $t "$(cat "$tmp/cmp")"
    elif ! grep -q '^eth1 ' "$tmp/tc"; then fail $t "no table after SIGTERM"
    else pass $t; fi
else
    fail $t "$(cat "$tmp/c") $(tail -3 "$tmp/ec")"
    kill $bg 2>/dev/null; wait $bg 2>/dev/null; bg=
fi

t=csr-cycle-limit
if timeout 60 "${SIM[@]}" "$d" --csr unix:"$sock" --cycles 300000 --quiet 2> "$tmp/e"; then
    pass $t
else fail $t "exit status $?: $(tail -3 "$tmp/e")"; fi

# ---- waveforms ----------------------------------------------------------
for s in verilator icarus; do
    t=vcd-$s
    if sim "$work/pt-w8" --in eth0="$tmp/a8.pcap" --vcd "$tmp/w-$s.vcd" \
            --simulator $s --quiet 2> "$tmp/e"; then
        if grep -q 'enddefinitions' "$tmp/w-$s.vcd" && grep -q 'rx_tdata' "$tmp/w-$s.vcd"
        then pass $t; else fail $t "no VCD header or signals in the file"; fi
    else fail $t "exit status $?: $(tail -3 "$tmp/e")"; fi
done

# ---- the design misbehaves ----------------------------------------------
"$work/pcapgen" -n 6 --seed 5 --ethertype 88b5 -o "$tmp/fault.pcap"
"$work/pcapgen" -n 30 --seed 6 --ethertype 88b6 --at 3 -o "$tmp/wedge.pcap"
for s in verilator icarus; do
    t=protocol-error-$s
    sim "$d" --in eth0="$tmp/fault.pcap" --simulator $s > /dev/null 2> "$tmp/e"; st=$?
    if [[ $st -ne 3 ]]; then fail $t "exit status $st, expected 3"
    elif ! grep -q "eth1: cycle [0-9]*: protocol error: tkeep of the last beat" "$tmp/e"
    then fail $t "no protocol error reported: $(head -3 "$tmp/e")"
    else pass $t; fi
    t=stall-$s
    sim "$d" --in eth0="$tmp/wedge.pcap" --simulator $s > /dev/null 2> "$tmp/e"; st=$?
    if [[ $st -ne 3 ]]; then fail $t "exit status $st, expected 3"
    elif ! grep -q "stalled: no beat moved" "$tmp/e"; then fail $t "no stall reported"
    else pass $t; fi
done

# ---- bad input: a clear error, the right status, never a crash ---------
head -c 1000 "$a" > "$tmp/trunc.pcap"
echo "this is not a capture" > "$tmp/junk.pcap"
mkdir -p "$tmp/nojson" "$tmp/badjson"
echo '{"width": 64,' > "$tmp/badjson/design.json"
sed 's/"width": 64/"width": 48/' "$d/design.json" > "$tmp/w48.json"
mkdir -p "$tmp/w48"; cp "$tmp/w48.json" "$tmp/w48/design.json"
bad() { # name, expected status, expected text, arguments...
    local name=$1 want=$2 text=$3; shift 3
    sim "$@" > "$tmp/o" 2> "$tmp/e"; local st=$?
    if [[ $st -ne $want ]]; then fail "bad-input/$name" "exit status $st, expected $want: $(head -3 "$tmp/e")"
    elif ! grep -qF -- "$text" "$tmp/e"; then fail "bad-input/$name" "message lacks '$text': $(head -3 "$tmp/e")"
    else pass "bad-input/$name"; fi
}
bad missing-pcap 1 "nosuch.pcap: No such file" "$d" --in eth0="$tmp/nosuch.pcap"
bad truncated-pcap 1 "trunc.pcap: packet" "$d" --in eth0="$tmp/trunc.pcap"
bad not-a-pcap 1 "expected a pcap capture file" "$d" --in eth0="$tmp/junk.pcap"
bad unknown-device 2 "unknown device 'eth9'; the design has eth0 (in), eth1 (out)" \
    "$d" --in eth9="$a"
bad unknown-out-device 2 "unknown device 'wlan0'" "$d" --out wlan0="$tmp/x.pcap"
bad wrong-direction 2 "device 'eth1' has no receive port" "$d" --in eth1="$a"
bad backpressure-2 2 "--backpressure: expected a probability 0 <= P < 1, got '2'" \
    "$d" --in eth0="$a" --backpressure 2
bad backpressure-word 2 "--backpressure" "$d" --backpressure high
bad seed-negative 2 "--seed: expected an unsigned integer" "$d" --seed -3
bad cycles-zero 2 "--cycles: expected a positive integer" "$d" --cycles 0
bad simulator 2 "--simulator: expected verilator or icarus" "$d" --simulator modelsim
bad csr-form 2 "--csr: expected unix:PATH" "$d" --csr /tmp/x.sock
bad csr-icarus 2 "--csr needs --simulator verilator" "$d" --csr unix:/tmp/x --simulator icarus
bad port-form 2 "--in: expected DEV=PCAP" "$d" --in eth0
bad port-twice 2 "device 'eth0' given twice" "$d" --in eth0="$a" --in eth0="$a"
bad unknown-option 2 "unknown option '--fast'" "$d" --fast
bad no-dir 2 "missing operand DIR"
bad dir-missing 1 "no such folder" "$tmp/nowhere"
bad no-design-json 1 "design.json: no such file" "$tmp/nojson"
bad design-json-syntax 1 "invalid JSON" "$tmp/badjson"
bad design-width 1 "'width'" "$tmp/w48"
mkdir -p "$tmp/w32"; cp -r "$d/rtl" "$tmp/w32/"
sed 's/"width": 64/"width": 32/' "$d/design.json" > "$tmp/w32/design.json"
bad width-mismatch-verilator 1 "ports do not match design.json" "$tmp/w32" --quiet
bad width-mismatch-icarus 1 "ports do not match design.json" "$tmp/w32" --simulator icarus --quiet
bad out-folder 1 "does not exist" "$d" --in eth0="$a" --out eth1="$tmp/no/dir/b.pcap"

t=help
if sim --help > "$tmp/h" && grep -q "^Usage: fpgagen sim \[OPTION\]... DIR" "$tmp/h" &&
   grep -q "^  --backpressure P" "$tmp/h"; then pass $t
else fail $t "no usage line or options in --help"; fi

exit $failed
