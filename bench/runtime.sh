#!/usr/bin/env bash
# Runtime benchmark: READs per second through TCP loopback to `fpgagen -r`
# on the sim backend, with 1 client and with 32 clients at once, each
# client keeping one READ in flight.  Three handlers: c.count (a 64-bit
# register: two bus reads), q.capacity (one bus read) and c.class (no
# bus: the server alone).  The design is tests/runtime/router.click at
# W = 8, idle (its traffic done), so the simulator answers register
# requests as fast as it can.
#
#   bench/runtime.sh [FPGAGEN]          (env BUILD, BENCH_SECONDS per point)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
FPGAGEN=${1:-$top/build/fpgagen}
BUILD=${BUILD:-$top/build}
SECONDS_PER=${BENCH_SECONDS:-3}
out=$BUILD/bench/runtime
mkdir -p "$out"
tmp=$(mktemp -d /tmp/fgrtb.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
    wait "${pids[@]}" 2> /dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

"$FPGAGEN" -b sim -w 8 -o "$out/design" "$top/tests/runtime/router.click" > /dev/null
"$FPGAGEN" sim "$out/design" --build-only --quiet
"$BUILD/tools/pcapgen" -o "$out/eth0.pcap" -n 100 -s 60 --seed 1

"$FPGAGEN" sim "$out/design" --in eth0="$out/eth0.pcap" --csr unix:"$tmp/sim.sock" \
    --quiet > "$out/sim.log" 2>&1 &
pids+=($!)
for ((i = 0; i < 600; i++)); do [[ -S $tmp/sim.sock ]] && break; sleep 0.05; done
"$FPGAGEN" -r "$out/design" --backend sim:"$tmp/sim.sock" --listen tcp:127.0.0.1:0 \
    > /dev/null 2> "$out/runtime.log" &
pids+=($!)
port=
for ((i = 0; i < 200; i++)); do
    port=$(sed -n 's/^fpgagen: listening on tcp:127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out/runtime.log")
    [[ -n $port ]] && break
    sleep 0.05
done
[[ -n $port ]] || { echo "bench/runtime.sh: the runtime did not start:" >&2; cat "$out/runtime.log" >&2; exit 1; }
addr=tcp:127.0.0.1:$port

printf '%-12s %-20s %14s %14s\n' handler "reaches" "1 client" "32 clients"
for h in c.count q.capacity c.class; do
    case $h in
        c.count) what="2 register reads" ;;
        q.capacity) what="1 register read" ;;
        *) what="no register" ;;
    esac
    one=$("$BUILD/tools/ctlclient" bench "$addr" 1 "$SECONDS_PER" "$h")
    many=$("$BUILD/tools/ctlclient" bench "$addr" 32 "$SECONDS_PER" "$h")
    printf '%-12s %-20s %11s/s %11s/s\n' "$h" "$what" "$one" "$many"
done
