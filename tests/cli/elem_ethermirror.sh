#!/usr/bin/env bash
# EtherMirror takes no arguments: exit status 1 and the exact diagnostic.
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
expect one "one.click:1:38: error: EtherMirror 'm': too many arguments" <<'CLICK'
FromDevice(eth0) -> m :: EtherMirror(3) -> Queue -> ToDevice(eth1);
CLICK
expect keyword "keyword.click:1:38: error: EtherMirror 'm': too many arguments" <<'CLICK'
FromDevice(eth0) -> m :: EtherMirror(SRC 1:2:3:4:5:6) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
