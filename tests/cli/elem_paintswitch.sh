#!/usr/bin/env bash
# PaintSwitch's configuration errors: exit status 1 and the exact diagnostic.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
# expect NAME 'ERROR LINE' < CONFIG: generating CONFIG fails with that first error.
expect() {
    cat > "$tmp/$1.click"
    (cd "$tmp" && "$FPGAGEN" -b sim -o "$tmp/out_$1" "$1.click") > "$tmp/out" 2> "$tmp/err"; st=$?
    [[ $st -eq 1 ]] || { echo "$1: exit status $st, expected 1"; cat "$tmp/err"; fail=1; }
    got=$(grep -m1 'error:' "$tmp/err")
    [[ $got == "$2" ]] || { echo "$1: got '$got'"; echo "$1: expected '$2'"; fail=1; }
}
expect unknown "unknown.click:1:38: error: PaintSwitch 's': ANNO: expected annotation name" <<'CLICK'
FromDevice(eth0) -> s :: PaintSwitch(FOO) -> Queue -> ToDevice(eth1);
CLICK
expect wide "wide.click:1:43: error: PaintSwitch 's': ANNO: AGGREGATE is not a one-byte annotation" <<'CLICK'
FromDevice(eth0) -> s :: PaintSwitch(ANNO AGGREGATE) -> Queue -> ToDevice(eth1);
CLICK
expect extra "extra.click:1:45: error: PaintSwitch 's': too many arguments" <<'CLICK'
FromDevice(eth0) -> s :: PaintSwitch(PAINT, 3) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
