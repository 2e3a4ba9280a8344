#!/usr/bin/env bash
# Switch's configuration errors: each bad router makes `fpgagen -b sim`
# exit 1 with exactly one error, at the argument, in Click's terms.
. "$(dirname "$0")/lib/config_errors.bash"
q='-> Queue -> ToDevice(eth0)'
expect_one too_big "FromDevice(eth0) -> sw :: Switch(2); sw[0] $q; sw[1] -> Queue -> ToDevice(eth1);" \
    "1:34: error: Switch 'sw': OUTPUT: output must be < 2"
expect_one keyword "FromDevice(eth0) -> sw :: Switch(OUTPUT 1) $q;" \
    "1:41: error: Switch 'sw': OUTPUT: output must be < 1"
expect_one no_outputs "FromDevice(eth0) -> sw :: Switch;" \
    "1:21: error: Switch 'sw': OUTPUT: output must be negative: 'sw' has no outputs"
expect_one not_integer "FromDevice(eth0) -> sw :: Switch(one) $q;" \
    "1:34: error: Switch 'sw': OUTPUT: expected integer"
expect_one range "FromDevice(eth0) -> sw :: Switch(-2147483649) $q;" \
    "1:34: error: Switch 'sw': OUTPUT: -2147483649 out of range -2147483648 to 2147483647"
expect_one two_args "FromDevice(eth0) -> sw :: Switch(0, 1) $q;" \
    "1:37: error: Switch 'sw': too many arguments"
exit $fail
