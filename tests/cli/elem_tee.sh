#!/usr/bin/env bash
# Tee's configuration errors: exit status 1 and the exact diagnostic.
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
expect arms "arms.click:1:30: error: Tee 't': N: 3 arms, but 2 outputs are used" <<'CLICK'
FromDevice(eth0) -> t :: Tee(3);
t[0] -> Queue -> ToDevice(eth1);
t[1] -> Discard;
CLICK
expect arms_keyword "arms_keyword.click:1:32: error: Tee 't': N: 2 arms, but 1 output is used" <<'CLICK'
FromDevice(eth0) -> t :: Tee(N 2) -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:32: error: Tee 't': N: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> t :: Tee(N x) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
