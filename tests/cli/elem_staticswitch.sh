#!/usr/bin/env bash
# StaticSwitch's configuration errors: each bad router makes `fpgagen -b
# sim` exit 1 with exactly one error, at the argument.  An OUTPUT the
# element does not have is no error (Click drops every packet then).
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { # name, router text, expected error (after "FILE:")
    printf '%s\n' "$2" > "$tmp/$1.click"
    "$FPGAGEN" -b sim -o "$tmp/out_$1" "$tmp/$1.click" > "$tmp/$1.out" 2> "$tmp/$1.err"; st=$?
    [[ $st -eq 1 ]] || { echo "$1: exit status $st, expected 1"; fail=1; }
    local got n
    got=$(grep -m1 ': error: ' "$tmp/$1.err")
    n=$(grep -c ': error: ' "$tmp/$1.err")
    [[ $got == "$tmp/$1.click:$3" ]] ||
        { echo "$1: got      '$got'"; echo "$1: expected '$tmp/$1.click:$3'"; fail=1; }
    [[ $n -eq 1 ]] || { echo "$1: $n errors, expected 1"; cat "$tmp/$1.err"; fail=1; }
}
q='-> Queue -> ToDevice(eth0)'
bad missing "FromDevice(eth0) -> ss :: StaticSwitch $q;" \
    "1:21: error: StaticSwitch 'ss': missing mandatory OUTPUT argument"
bad not_integer "FromDevice(eth0) -> ss :: StaticSwitch(0x) $q;" \
    "1:40: error: StaticSwitch 'ss': OUTPUT: expected integer"
bad two_args "FromDevice(eth0) -> ss :: StaticSwitch(0, 0) $q;" \
    "1:43: error: StaticSwitch 'ss': too many arguments"

printf '%s\n' "FromDevice(eth0) -> ss :: StaticSwitch(7) $q;" > "$tmp/good.click"
"$FPGAGEN" -b sim -o "$tmp/out_good" "$tmp/good.click" > "$tmp/good.out" 2>&1 ||
    { echo "StaticSwitch(7) with one output: not accepted"; cat "$tmp/good.out"; fail=1; }
exit $fail
