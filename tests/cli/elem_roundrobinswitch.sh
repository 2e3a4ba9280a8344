#!/usr/bin/env bash
# RoundRobinSwitch takes no arguments: `fpgagen -b sim` exits 1 with one
# error at the first one.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
printf '%s\n' "FromDevice(eth0) -> rr :: RoundRobinSwitch(2) -> Queue -> ToDevice(eth0);" > "$tmp/bad.click"
"$FPGAGEN" -b sim -o "$tmp/out" "$tmp/bad.click" > "$tmp/bad.out" 2> "$tmp/bad.err"; st=$?
[[ $st -eq 1 ]] || { echo "exit status $st, expected 1"; fail=1; }
want="$tmp/bad.click:1:44: error: RoundRobinSwitch 'rr': too many arguments"
got=$(grep -m1 ': error: ' "$tmp/bad.err")
[[ $got == "$want" ]] || { echo "got      '$got'"; echo "expected '$want'"; fail=1; }
[[ $(grep -c ': error: ' "$tmp/bad.err") -eq 1 ]] || { echo "more than one error"; cat "$tmp/bad.err"; fail=1; }
exit $fail
