#!/usr/bin/env bash
# EtherEncap's configuration errors: exit status 1 and the exact diagnostic.
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
expect range "range.click:1:37: error: EtherEncap 'e': ETHERTYPE: 0x10000 out of range 0 to 65535" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x10000, 1:2:3:4:5:6, 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:37: error: EtherEncap 'e': ETHERTYPE: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(ip, 1:2:3:4:5:6, 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
expect missing_dst "missing_dst.click:1:21: error: EtherEncap 'e': missing mandatory DST argument" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x0800, 1:2:3:4:5:6) -> Queue -> ToDevice(eth1);
CLICK
expect bad_src "bad_src.click:1:49: error: EtherEncap 'e': SRC: expected Ethernet address" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x0800, SRC 1:2:3:4:5:6:7, DST 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
expect extra "extra.click:1:71: error: EtherEncap 'e': too many arguments" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x0800, 1:2:3:4:5:6, 7:8:9:a:b:c, 0) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
