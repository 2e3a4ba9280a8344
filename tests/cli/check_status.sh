#!/usr/bin/env bash
# fpgagen check exit status: 0 for a router without errors (warnings
# allowed), 1 with an error (reported on stderr, nothing on stdout), and
# every error of a file reported in one run, in source order.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
cat > "$tmp/good.click" <<'CLICK'
FromDevice(eth0) -> c :: Counter -> q :: Queue(64) -> Unqueue -> Queue -> ToDevice(eth1);
CLICK
"$FPGAGEN" check "$tmp/good.click" > "$tmp/out" 2> "$tmp/err"; st=$?
[[ $st -eq 0 ]] || { echo "good: exit status $st, expected 0"; cat "$tmp/err"; fail=1; }
grep -q 'error:' "$tmp/err" && { echo "good: unexpected error"; cat "$tmp/err"; fail=1; }
[[ ! -s $tmp/out ]] || { echo "good: stdout not empty"; fail=1; }

cat > "$tmp/bad.click" <<'CLICK'
a :: FromDevice(eth0);
a -> x :: NoSuchElementClass -> Discard;
b :: Counter;
c :: FromDevice(eth1) -> ToDevice(eth2);
CLICK
"$FPGAGEN" check "$tmp/bad.click" > "$tmp/out" 2> "$tmp/err"; st=$?
[[ $st -eq 1 ]] || { echo "bad: exit status $st, expected 1"; fail=1; }
[[ ! -s $tmp/out ]] || { echo "bad: stdout not empty"; fail=1; }
# Lines 2, 3 and 4 each have an error, reported in that order.
got=$(grep -o "^$tmp/bad.click:[0-9]*:[0-9]*: error" "$tmp/err" | cut -d: -f2 | tr '\n' ' ')
[[ $got == "2 3 3 4 " ]] || { echo "bad: error lines '$got', expected '2 3 3 4 '"; cat "$tmp/err"; fail=1; }
exit $fail
