#!/usr/bin/env bash
# HashSwitch's configuration errors: each bad router makes `fpgagen -b sim`
# exit 1 with exactly one error, at the argument.
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
bad no_length "FromDevice(eth0) -> h :: HashSwitch(30) $q;" \
    "1:21: error: HashSwitch 'h': missing mandatory LENGTH argument"
bad zero_length "FromDevice(eth0) -> h :: HashSwitch(30, 0) $q;" \
    "1:41: error: HashSwitch 'h': LENGTH: length must be > 0"
bad zero_keyword "FromDevice(eth0) -> h :: HashSwitch(LENGTH 0, OFFSET 3) $q;" \
    "1:44: error: HashSwitch 'h': LENGTH: length must be > 0"
bad negative "FromDevice(eth0) -> h :: HashSwitch(-1, 4) $q;" \
    "1:37: error: HashSwitch 'h': OFFSET: expected unsigned integer"
bad far "FromDevice(eth0) -> h :: HashSwitch(3000, 4) $q;" \
    "1:37: error: HashSwitch 'h': OFFSET: 3000 out of range 0 to 2048"
bad too_long "FromDevice(eth0) -> h :: HashSwitch(2000, 100) $q;" \
    "1:43: error: HashSwitch 'h': LENGTH: OFFSET + LENGTH is 2100, more than the 2048 bytes fpgagen can hold back"
bad three_args "FromDevice(eth0) -> h :: HashSwitch(1, 2, 3) $q;" \
    "1:43: error: HashSwitch 'h': too many arguments"
exit $fail
