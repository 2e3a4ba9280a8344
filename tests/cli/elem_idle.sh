#!/usr/bin/env bash
# Idle's configuration errors: exit status 1 and the exact diagnostic.
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
expect args "args.click:1:31: error: Idle 'i': takes no arguments" <<'CLICK'
FromDevice(eth0) -> i :: Idle(3);
CLICK
exit $fail
