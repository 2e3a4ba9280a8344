#!/usr/bin/env bash
# Front-end benchmark: time and peak memory of `fpgagen flatten` and
# `fpgagen check` on generated routers of 1,000 to 100,000 elements.
# Each router is built from blocks of ten elements that use a compound
# class, chains, anonymous elements, a Tee and a Queue (push and pull).
set -euo pipefail
FPGAGEN=${1:-build/fpgagen}
SIZES=${SIZES:-1000 10000 100000}
out=${BENCH_OUT:-build/bench}
mkdir -p "$out"

gen() { # blocks
    awk -v n="$1" 'BEGIN {
        print "elementclass Stage { $color | input -> Paint($color) -> Counter -> output }"
        for (i = 0; i < n; i++) {
            printf "f%d :: FromDevice(eth%d);\n", i, i % 8
            printf "f%d -> Stage(%d) -> Strip(14) -> Null -> t%d :: Tee(2);\n", i, i % 256, i
            printf "t%d[0] -> Discard;\n", i
            printf "t%d[1] -> c%d :: Counter -> q%d :: Queue(64) -> ToDevice(eth%d);\n", i, i, i, (i + 1) % 8
        }
    }'
}

measure() { # command...; prints "seconds peakMiB"
    /usr/bin/time -f '%e %M' -o "$out/time" "$@" > /dev/null 2> "$out/stderr" || {
        echo "bench: '$*' failed:" >&2; cat "$out/stderr" >&2; exit 1; }
    awk '{ printf "%.3f %.1f", $1, $2 / 1024 }' "$out/time"
}

printf '%-10s %10s %12s %14s %10s %12s %14s\n' elements "flatten s" "flatten MiB" "flatten us/el" \
    "check s" "check MiB" "check us/el"
for n in $SIZES; do
    f=$out/router_$n.click
    gen $((n / 10)) > "$f"
    read -r fs fm <<< "$(measure "$FPGAGEN" flatten "$f")"
    read -r cs cm <<< "$(measure "$FPGAGEN" check "$f")"
    awk -v n="$n" -v fs="$fs" -v fm="$fm" -v cs="$cs" -v cm="$cm" 'BEGIN {
        printf "%-10s %10s %12s %14.2f %10s %12s %14.2f\n", n, fs, fm, fs * 1e6 / n, cs, cm, cs * 1e6 / n }'
done
