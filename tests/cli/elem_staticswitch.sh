#!/usr/bin/env bash
# StaticSwitch's configuration errors: each bad router makes `fpgagen -b
# sim` exit 1 with exactly one error, at the argument.  An OUTPUT the
# element does not have is no error (Click drops every packet then).
. "$(dirname "$0")/lib/config_errors.bash"
q='-> Queue -> ToDevice(eth0)'
expect_one missing "FromDevice(eth0) -> ss :: StaticSwitch $q;" \
    "1:21: error: StaticSwitch 'ss': missing mandatory OUTPUT argument"
expect_one not_integer "FromDevice(eth0) -> ss :: StaticSwitch(0x) $q;" \
    "1:40: error: StaticSwitch 'ss': OUTPUT: expected integer"
expect_one two_args "FromDevice(eth0) -> ss :: StaticSwitch(0, 0) $q;" \
    "1:43: error: StaticSwitch 'ss': too many arguments"

printf '%s\n' "FromDevice(eth0) -> ss :: StaticSwitch(7) $q;" > "$tmp/good.click"
"$FPGAGEN" -b sim -o "$tmp/out_good" "$tmp/good.click" > "$tmp/good.out" 2>&1 ||
    { echo "StaticSwitch(7) with one output: not accepted"; cat "$tmp/good.out"; fail=1; }
exit $fail
