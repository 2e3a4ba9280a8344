#!/usr/bin/env bash
# Unstrip's configuration errors: exit status 1 and the exact diagnostic.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
# expect NAME 'ERROR LINE' < CONFIG: generating CONFIG fails (exit status 1)
# and its first error is exactly ERROR LINE.
expect() {
    cat > "$tmp/$1.click"
    (cd "$tmp" && "$FPGAGEN" -b sim -o "$(mktemp -d -p "$tmp")" "$1.click") > "$tmp/out" 2> "$tmp/err"; st=$?
    [[ $st -eq 1 ]] || { echo "$1: exit status $st, expected 1"; cat "$tmp/err"; fail=1; }
    got=$(grep -m1 'error:' "$tmp/err")
    [[ $got == "$2" ]] || { echo "$1: got '$got'"; echo "$1: expected '$2'"; fail=1; }
}
expect missing "missing.click:1:21: error: Unstrip 'u': missing mandatory LENGTH argument" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip() -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:41: error: Unstrip 'u': LENGTH: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip(LENGTH fourteen) -> Queue -> ToDevice(eth1);
CLICK
expect range "range.click:1:34: error: Unstrip 'u': LENGTH: 100000 out of range 0 to 65535" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip(100000) -> Queue -> ToDevice(eth1);
CLICK
expect unknown "unknown.click:1:37: error: Unstrip 'u': too many arguments" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip(4, BYTES 2) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
