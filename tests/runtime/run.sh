#!/usr/bin/env bash
# tests/runtime/run.sh -- tests of `fpgagen -r` against a live Verilator
# simulation of tests/runtime/router.click: the ID check, Click's
# ControlSocket protocol byte for byte (transcripts NAME.in -> NAME.out),
# counters that move with traffic, a Switch whose writes move the traffic,
# 32 clients at once, and clients that send too much, garbage, or stop
# half-way.  Prints `PASS name` or `FAIL name: why` per test; exits
# non-zero when any failed.
#
#   FPGAGEN   the fpgagen binary (default: BUILD/fpgagen)
#   BUILD     build folder (default: build); the design is built under
#             BUILD/tests/runtime and reused by the next run
#   KEEP=1    keep the transcripts of failed tests in BUILD/tests/runtime
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
[[ $BUILD = /* ]] || BUILD=$top/$BUILD
FPGAGEN=${FPGAGEN:-$BUILD/fpgagen}
work=$BUILD/tests/runtime
mkdir -p "$work"
tmp=$(mktemp -d /tmp/fgrt.XXXXXX)    # short: Unix socket paths
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
    wait 2> /dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

failed=0
pass() { echo "PASS runtime/$1"; }
fail() { echo "FAIL runtime/$1: $2"; failed=1; }

# ---- tools and the design ----------------------------------------------------
# The test tools (`make tools`).
for t in ctlclient pcapgen; do
    [[ -x $BUILD/tools/$t ]] || { fail "tools" "$BUILD/tools/$t is not built (make tools)"; exit 1; }
done
PCAPGEN=$BUILD/tools/pcapgen
cl() { "$BUILD/tools/ctlclient" "$@"; }

if ! "$FPGAGEN" -r --help > /dev/null 2>&1; then
    fail command "$FPGAGEN has no -r command"
    exit 1
fi

dir=$work/design
if "$FPGAGEN" -b sim -w 8 -o "$dir" "$here/router.click" > "$tmp/gen.log" 2>&1 &&
   "$FPGAGEN" sim "$dir" --build-only --quiet > "$tmp/build.log" 2>&1; then
    pass build
else
    fail build "$(cat "$tmp/gen.log" "$tmp/build.log" | head -5)"
    exit 1
fi
# eth0: 1000 frames of 60 bytes (c.count ends at 1000); eth2: a stream
# that lasts seconds at W = 8 (c2 counts while the tests run).
[[ -f $work/eth0.pcap ]] || "$PCAPGEN" -o "$work/eth0.pcap" -n 1000 -s 60 --seed 1
[[ -f $work/eth2.pcap ]] || "$PCAPGEN" -o "$work/eth2.pcap" -n 200000 -s 60 --seed 2

waitfor() { # socket file, seconds
    local i
    for ((i = 0; i < $2 * 20; i++)); do [[ -S $1 ]] && return 0; sleep 0.05; done
    return 1
}

"$FPGAGEN" sim "$dir" --in eth0="$work/eth0.pcap" --in eth2="$work/eth2.pcap" \
    --csr unix:"$tmp/sim.sock" --quiet > "$tmp/sim.log" 2>&1 &
pids+=($!)
if ! waitfor "$tmp/sim.sock" 60; then
    fail start-sim "no register socket: $(head -3 "$tmp/sim.log")"
    exit 1
fi
BK=sim:$tmp/sim.sock

# ---- refusals ------------------------------------------------------------------
refuse() { # name, expected text, fpgagen arguments...
    local name=$1 want=$2; shift 2
    timeout 20 "$FPGAGEN" "$@" > "$tmp/out" 2> "$tmp/err"; local st=$?
    if [[ $st -ne 1 && $st -ne 2 ]]; then
        fail "$name" "exit status $st, expected 1 or 2"
    elif ! grep -q -- "$want" "$tmp/err"; then
        fail "$name" "no '$want' in: $(head -2 "$tmp/err")"
    else pass "$name"; fi
}
mkdir -p "$tmp/other" "$tmp/moved"
sed 's/"hash": "[0-9a-f]*"/"hash": "00000000deadbeef"/' "$dir/design.json" > "$tmp/other/design.json"
refuse refuse-hash "holds a different design: its hash is" -r "$tmp/other" --backend "$BK" \
    --listen unix:"$tmp/x.sock"
# The ID block read at an element's block instead: the magic is wrong.
base=$(awk '/"name": "c",/ { f = 1 } f && /"base":/ { gsub(/[^0-9]/, ""); print; exit }' \
    "$dir/design.json")
sed "s/\"id_base\": 0/\"id_base\": $base/" "$dir/design.json" > "$tmp/moved/design.json"
refuse refuse-magic "no fpgagen design answers there" -r "$tmp/moved" --backend "$BK" \
    --listen unix:"$tmp/x.sock"
refuse refuse-nosim "cannot connect to the simulation" -r "$dir" --backend sim:"$tmp/none.sock"
refuse refuse-scheme "unknown scheme 'foo'" -r "$dir" --backend foo:bar
refuse usage-backend "missing --backend" -r "$dir"
refuse usage-listen "not a TCP port" -r "$dir" --backend "$BK" --listen tcp:99999
refuse no-design "design.json" -r "$tmp/nowhere" --backend "$BK"

# ---- the server ----------------------------------------------------------------
ADDR=unix:$tmp/ctl.sock
"$FPGAGEN" -r "$dir" --backend "$BK" --listen "$ADDR" > /dev/null 2> "$tmp/rt.log" &
rt=$!
pids+=($rt)
if waitfor "$tmp/ctl.sock" 20; then pass start; else
    fail start "$(head -3 "$tmp/rt.log")"
    exit 1
fi

# Counters move while eth2's traffic flows.
a=$(cl read "$ADDR" c2.count); sleep 0.3; b=$(cl read "$ADDR" c2.count)
r=$(cl read "$ADDR" c2.rate)
if [[ $a =~ ^[0-9]+$ && $b =~ ^[0-9]+$ ]] && ((a > 0 && b > a)); then
    pass counter-grows
else fail counter-grows "c2.count read $a then $b"; fi
if [[ $r =~ ^[0-9]+(\.[0-9]+)?$ && $r != 0 ]]; then pass rate-flowing; else
    fail rate-flowing "c2.rate read '$r' while traffic flows"; fi

# ---- a Switch moves the stream --------------------------------------------------
# eth2's stream goes through sw, whose outputs 0 and 1 are counted by s0
# and s1.  flow GROWS [STILL...]: two readings of the handlers 0.15 s
# apart in which GROWS grew and each STILL kept its value, within 20
# tries; $seen holds the last readings.
num() { [[ $1 =~ ^[0-9]+$ ]]; }
flow() {
    local i j ok h a=() b=()
    for ((i = 0; i < 20; i++)); do
        a=() b=()
        for h; do a+=("$(cl read "$ADDR" "$h" 2>&1)"); done
        sleep 0.15
        for h; do b+=("$(cl read "$ADDR" "$h" 2>&1)"); done
        seen="$* read ${a[*]} then ${b[*]} (c2.count $(cl read "$ADDR" c2.count 2>&1))"
        ok=1
        num "${a[0]}" && num "${b[0]}" && ((b[0] > a[0])) || ok=0
        for ((j = 1; j < ${#a[@]}; j++)); do
            num "${a[j]}" && [[ ${a[j]} == "${b[j]}" ]] || ok=0
        done
        ((ok)) && return 0
    done
    return 1
}
switch_to() { # value: WRITE sw.switch VALUE, answered exactly 200 ... OK
    printf 'WRITE sw.switch %s\r\n' "$1" > "$tmp/sw.in"
    printf "Click::ControlSocket/1.3\r\n200 Write handler 'sw.switch' OK\r\n" > "$tmp/sw.want"
    cl send "$ADDR" "$tmp/sw.in" > "$tmp/sw.got" 2>&1
    cmp -s "$tmp/sw.want" "$tmp/sw.got" ||
        { seen="WRITE sw.switch $1 answered $(tail -n +2 "$tmp/sw.got" | tr -d '\r' | tr '\n' ' ')"; return 1; }
}
switch_is() { # value: READ sw.switch gives VALUE
    local v
    v=$(cl read "$ADDR" sw.switch 2>&1)
    [[ $v == "$1" ]] || { seen="READ sw.switch gave '$v', not '$1'"; return 1; }
}
# Output 0 at the start: s0 grows, s1 stays at 0.
if switch_is 0 && flow s0.count s1.count && [[ $(cl read "$ADDR" s1.count) == 0 ]]; then
    pass switch-output0
else fail switch-output0 "$seen"; fi
# Output 1: s1 grows, s0 stops.
if switch_to 1 && switch_is 1 && flow s1.count s0.count; then pass switch-output1; else
    fail switch-output1 "$seen"; fi
# A negative output drops every packet, as in Click: both counters stop and
# sw.drops grows.
if switch_to -1 && switch_is -1 && flow sw.drops s0.count s1.count; then pass switch-negative; else
    fail switch-negative "$seen"; fi
# Back to output 0: s0 grows again, s1 stays still.
if switch_to 0 && switch_is 0 && flow s0.count s1.count; then pass switch-back-to-0; else
    fail switch-back-to-0 "$seen"; fi

# eth0's 1000 frames are all through before the transcripts.
for ((i = 0; i < 200; i++)); do
    [[ $(cl read "$ADDR" c.count) == 1000 ]] && break
    sleep 0.05
done

transcript() { # name [address] [chunk]: NAME.in sent, NAME.out expected
    local n=$1 addr=${2:-$ADDR}
    if ! cl send "$addr" "$here/$n.in" ${3:-} > "$tmp/$n.got" 2> "$tmp/$n.err"; then
        fail "transcript-$n" "$(head -2 "$tmp/$n.err")"
    elif ! cmp -s "$here/$n.out" "$tmp/$n.got"; then
        [[ ${KEEP:-} == 1 ]] && cp "$tmp/$n.got" "$work/$n.got"
        fail "transcript-$n" "differs from $n.out: $(diff <(cat -A "$here/$n.out") \
            <(cat -A "$tmp/$n.got") | head -4 | tr '\n' ' ')"
    else pass "transcript-$n"; fi
}
transcript basic
transcript data
transcript errors
transcript halfclose
# Switch's handlers as Click's Switch answers them: switch and config
# reads and writes; switchneg, negative outputs and outputs it does not
# have (stored as -1); switcharg, what Click's Switch refuses with its own
# message (it parses the bytes written as they are: WRITEUNTIL's line end
# included).
transcript switch
transcript switchneg
transcript switcharg
# Click's Counter and Switch LLRPCs: raw 32-bit values in host order.
transcript llrpc
# The same bytes one at a time: commands split across reads.
if cl send "$ADDR" "$here/basic.in" 1 > "$tmp/bytewise.got" &&
   cmp -s "$here/basic.out" "$tmp/bytewise.got"; then pass transcript-bytewise; else
    fail transcript-bytewise "basic.in sent byte by byte answers differently"; fi

ver=$("$FPGAGEN" --version | awk '{ print $2 }')
if [[ $(cl read "$ADDR" version) == "$ver" ]]; then pass version; else
    fail version "READ version is not '$ver'"; fi
cls=$(cl read "$ADDR" classes)
if grep -qx Counter <<< "$cls" && grep -qx Queue <<< "$cls"; then pass classes; else
    fail classes "no Counter and Queue lines in: $(head -c 80 <<< "$cls")"; fi

# ---- many clients ----------------------------------------------------------------
if out=$(cl many "$ADDR" 32 100 c.count 1000); then pass concurrent-32; else
    fail concurrent-32 "$out"; fi
if out=$(cl many "$ADDR" 32 50 q.ports $'1 input\npush\t-\tc [0]\n1 output\npull\t-\t[0] ToDevice@4\n'); then
    pass concurrent-ports; else fail concurrent-ports "$out"; fi

# ---- clients that misbehave ------------------------------------------------------
{
    printf 'WRITE c.count_call '; head -c 102400 /dev/zero | tr '\0' x; printf '\r\n'
    head -c 102400 /dev/zero | tr '\0' A; printf '\n'
    printf 'READ c.class '; head -c 102400 /dev/zero | tr '\0' y; printf '\n'
    printf 'READDATA c.count 70000\n'; head -c 70000 /dev/zero
    printf 'WRITEDATA q.capacity 70000\n'; head -c 70000 /dev/zero | tr '\0' 7
    printf 'READ 2.class\r\n'
    printf 'WRITEUNTIL q.capacity END\n'
    for ((i = 0; i < 3000; i++)); do printf '%063d\n' "$i"; done
    printf 'READ 2.class\r\n'
} > "$tmp/longline.in"
if cl send "$ADDR" "$tmp/longline.in" > "$tmp/longline.got" 2> "$tmp/longline.err" &&
   cmp -s "$here/longline.out" "$tmp/longline.got"; then pass long-lines; else
    fail long-lines "$(head -c 300 "$tmp/longline.got" | cat -A | head -5 | tr '\n' ' ')"; fi

gpids=()
for s in 1 2 3 4; do
    cl garbage "$ADDR" 200000 $s > "$tmp/g$s.log" 2>&1 &
    gpids+=($!)
done
cl stall "$ADDR" 4 > /dev/null 2>&1 &
stall=$!
if out=$(cl many "$ADDR" 32 100 c.count 1000); then
    pass clients-beside-garbage
else fail clients-beside-garbage "$out"; fi
gfail=0
for p in "${gpids[@]}"; do wait "$p" || gfail=1; done
for s in 1 2 3 4; do grep -q . "$tmp/g$s.log" && gfail=1; done
if ((gfail)); then fail garbage "$(cat "$tmp"/g*.log | head -2)"; else pass garbage; fi
if kill -0 "$stall" 2> /dev/null && out=$(cl many "$ADDR" 8 20 2.class Counter); then
    pass beside-stalled-client
else fail beside-stalled-client "${out:-the stalled client ended early}"; fi
wait "$stall" 2> /dev/null

# ---- read-only, over TCP -----------------------------------------------------------
"$FPGAGEN" -r "$dir" --backend "$BK" --listen tcp:127.0.0.1:0 --readonly > /dev/null 2> "$tmp/ro.log" &
ro=$!
pids+=($ro)
port=
for ((i = 0; i < 200; i++)); do
    port=$(sed -n 's/^fpgagen: listening on tcp:127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/ro.log")
    [[ -n $port ]] && break
    sleep 0.05
done
if [[ -z $port ]]; then fail readonly-tcp "no port in: $(head -2 "$tmp/ro.log")"; else
    transcript readonly "tcp:127.0.0.1:$port"
fi
kill "$ro" 2> /dev/null

# ---- reset, and the end ------------------------------------------------------------
printf 'WRITE c.reset\nREAD c.count\nREAD c.byte_count\nREAD c.rate\nWRITE c.reset_counts x\nREAD c.count\nQUIT\n' > "$tmp/reset.in"
printf 'Click::ControlSocket/1.3\r\n200 Write handler %s OK\r\n200 Read handler %s OK\r\nDATA 1\r\n0200 Read handler %s OK\r\nDATA 1\r\n0200 Read handler %s OK\r\nDATA 1\r\n0200 Write handler %s OK\r\n200 Read handler %s OK\r\nDATA 1\r\n0200 Goodbye!\r\n' \
    "'c.reset'" "'c.count'" "'c.byte_count'" "'c.rate'" "'c.reset_counts'" "'c.count'" > "$tmp/reset.out"
if cl send "$ADDR" "$tmp/reset.in" > "$tmp/reset.got" && cmp -s "$tmp/reset.out" "$tmp/reset.got"; then
    pass reset
else fail reset "$(cat -A "$tmp/reset.got" | head -6 | tr '\n' ' ')"; fi

if kill -0 "$rt" 2> /dev/null; then pass alive; else fail alive "the runtime died: $(tail -2 "$tmp/rt.log")"; fi
kill -TERM "$rt"
wait "$rt"; st=$?
if [[ $st -eq 0 && ! -e $tmp/ctl.sock ]]; then pass sigterm; else
    fail sigterm "exit status $st, socket $(ls "$tmp/ctl.sock" 2>&1)"; fi

exit $failed
