#!/usr/bin/env bash
# Switch's configuration errors: each bad router makes `fpgagen -b sim`
# exit 1 with exactly one error, at the argument, in Click's terms.
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
bad too_big "FromDevice(eth0) -> sw :: Switch(2); sw[0] $q; sw[1] -> Queue -> ToDevice(eth1);" \
    "1:34: error: Switch 'sw': OUTPUT: output must be < 2"
bad keyword "FromDevice(eth0) -> sw :: Switch(OUTPUT 1) $q;" \
    "1:41: error: Switch 'sw': OUTPUT: output must be < 1"
bad no_outputs "FromDevice(eth0) -> sw :: Switch;" \
    "1:21: error: Switch 'sw': OUTPUT: output must be negative: 'sw' has no outputs"
bad not_integer "FromDevice(eth0) -> sw :: Switch(one) $q;" \
    "1:34: error: Switch 'sw': OUTPUT: expected integer"
bad range "FromDevice(eth0) -> sw :: Switch(-2147483649) $q;" \
    "1:34: error: Switch 'sw': OUTPUT: -2147483649 out of range -2147483648 to 2147483647"
bad two_args "FromDevice(eth0) -> sw :: Switch(0, 1) $q;" \
    "1:37: error: Switch 'sw': too many arguments"
exit $fail
