#!/usr/bin/env bash
# Front-end benchmark: time and peak memory of `fpgagen flatten` and
# `fpgagen check` on generated routers of 1,000 to 100,000 elements.
# Each router is built from blocks of ten elements that use a compound
# class, chains, anonymous elements, a Tee and a Queue (push and pull).
# A second table times the project writer (`fpgagen -b sim -w 64 -o DIR`)
# on two routers it can build: one long chain, and one wide merge.
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

# A chain of n elements from eth0 to eth1: Counters, Nulls and a Strip
# and Unstrip in every ten, so that head offsets change along it.
gen_chain() { # elements
    awk -v n="$1" 'BEGIN {
        print "FromDevice(eth0)"
        for (i = 0; i < n - 3; i++) {
            k = i % 10
            printf "    -> %s\n", k == 0 ? "Counter" : k == 5 ? "Strip(1)" : k == 6 ? "Unstrip(1)" : "Null"
        }
        print "    -> Queue(64) -> ToDevice(eth1);"
    }'
}

# RoundRobinSwitches fanning out in two levels (an element has at most
# 4,096 ports), each output through a Strip and a Null, and every branch
# merging back into one Queue: one arbiter input per branch, realigners
# where the branches' head offsets differ.
gen_merge() { # elements
    awk -v n="$1" 'BEGIN {
        b = int((n - 4) * 64 / 129)
        print "FromDevice(eth0) -> rr :: RoundRobinSwitch;"
        print "q :: Queue(64) -> ToDevice(eth1);"
        for (i = 0; i < b; i++) {
            if (i % 64 == 0)
                printf "rr[%d] -> rr%d :: RoundRobinSwitch;\n", i / 64, i / 64
            printf "rr%d[%d] -> Strip(%d) -> Null -> q;\n", int(i / 64), i % 64, i % 4
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

# A project of 100,000 elements is hundreds of MiB of Verilog: each is
# written to a directory under $TMPDIR (a tmpfs keeps the disk out of the
# figures) and removed once timed.
proj=$(mktemp -d)
trap 'rm -rf "$proj"' EXIT
echo
printf '%-10s %10s %12s %14s %10s %12s %14s\n' elements "chain s" "chain MiB" "chain us/el" \
    "merge s" "merge MiB" "merge us/el"
for n in $SIZES; do
    gen_chain "$n" > "$out/chain_$n.click"
    gen_merge "$n" > "$out/merge_$n.click"
    read -r as am <<< "$(measure "$FPGAGEN" -b sim -w 64 -o "$proj/chain" "$out/chain_$n.click")"
    rm -rf "$proj/chain"
    read -r bs bm <<< "$(measure "$FPGAGEN" -b sim -w 64 -o "$proj/merge" "$out/merge_$n.click")"
    rm -rf "$proj/merge"
    awk -v n="$n" -v as="$as" -v am="$am" -v bs="$bs" -v bm="$bm" 'BEGIN {
        printf "%-10s %10s %12s %14.2f %10s %12s %14.2f\n", n, as, am, as * 1e6 / n, bs, bm, bs * 1e6 / n }'
done
