#!/usr/bin/env bash
# fpgagen -b sim -o DIR on graphs of N elements in a row: a chain that is
# written, a chain between a Tee and a merge that is refused (the walk up
# from the merge passes every element), and a loop whose heads have no
# fixed point.  Every pass over the graph after the check is iterative, so
# the command runs with a small stack: a walk that recursed once per
# element would overflow it.  N is 20,000, not 100,000, to keep this test
# to a few seconds under ASan (bench/frontend.sh times 100,000); the
# time-out only turns a hang into a failure.
set -u
N=${N:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "$*"; fail=1; }

# chain N: FromDevice(eth0), a Tee, N - 6 elements (Counters, Nulls, a
# Strip and an Unstrip in every ten) and a Null, then the rest of the
# graph (three elements) from stdin.
chain() {
    awk -v n="$1" 'BEGIN {
        print "FromDevice(eth0) -> t :: Tee(2);"
        print "t[0]"
        for (i = 0; i < n - 6; i++) {
            k = i % 10
            printf "    -> %s\n", k == 0 ? "Counter" : k == 5 ? "Strip(1)" : k == 6 ? "Unstrip(1)" : "Null"
        }
        print "    -> last :: Null;"
    }'
    cat
}

run() { # name, expected status: generates $tmp/name.click
    (ulimit -s 512; exec timeout 900 "$FPGAGEN" -b sim -w 64 -o "$tmp/$1" "$tmp/$1.click") \
        > "$tmp/$1.log" 2>&1
    local st=$?
    [[ $st -eq $2 ]] || { bad "$1: exit status $st, expected $2:"; head -n 5 "$tmp/$1.log"; }
}

chain "$N" > "$tmp/chain.click" <<'C'
last -> Queue(64) -> ToDevice(eth1);
t[1] -> Discard;
C
run chain 0
got=$(grep -c '"index": ' "$tmp/chain/design.json" 2> /dev/null)
[[ $got -eq $N ]] || bad "chain: design.json has $got elements, expected $N"
grep -q '^module fg_top' "$tmp/chain/rtl/fg_top.v" 2> /dev/null || bad "chain: no fg_top"

chain "$N" > "$tmp/merge.click" <<'C'
last -> m :: Null -> Queue(64) -> ToDevice(eth1);
t[1] -> m;
C
run merge 1
grep -q "error: paths from Tee 't' merge again at 'm' input 0 with no Queue between" \
    "$tmp/merge.log" || bad "merge: no deadlock error"

awk -v n="$N" 'BEGIN {
    print "FromDevice(eth0) -> Queue(64) -> ToDevice(eth1);"
    print "first :: Null"
    for (i = 0; i < n - 6; i++)
        print i == n / 2 ? "    -> Strip(1)" : "    -> Null"
    print "    -> t :: Tee(2);"
    print "t[0] -> first;"
    print "t[1] -> Queue(64) -> ToDevice(eth2);"
}' > "$tmp/loop.click"
run loop 1
grep -q "error: a cycle in the graph strips bytes on every turn; its head offset has no fixed point" \
    "$tmp/loop.log" || bad "loop: no fixed-point error"
exit $fail
