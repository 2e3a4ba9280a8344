#!/usr/bin/env bash
# fpgagen dot on a router with an error: exit status 1, the diagnostic on
# stderr, nothing on stdout.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'FromDevice(eth0) -> ToDevice(eth1);\n' > "$tmp/bad.click"
"$FPGAGEN" dot "$tmp/bad.click" > "$tmp/out" 2> "$tmp/err"; st=$?
fail=0
[[ $st -eq 1 ]] || { echo "exit status $st, expected 1"; fail=1; }
[[ ! -s $tmp/out ]] || { echo "stdout is not empty:"; head -5 "$tmp/out"; fail=1; }
grep -q "error: 'FromDevice@1' push output 0 is connected to 'ToDevice@2' pull input 0" "$tmp/err" ||
    { echo "expected diagnostic missing:"; cat "$tmp/err"; fail=1; }
exit $fail
