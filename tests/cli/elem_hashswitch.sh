#!/usr/bin/env bash
# HashSwitch's configuration errors: each bad router makes `fpgagen -b sim`
# exit 1 with exactly one error, at the argument.
. "$(dirname "$0")/lib/config_errors.bash"
q='-> Queue -> ToDevice(eth0)'
expect_one no_length "FromDevice(eth0) -> h :: HashSwitch(30) $q;" \
    "1:21: error: HashSwitch 'h': missing mandatory LENGTH argument"
expect_one zero_length "FromDevice(eth0) -> h :: HashSwitch(30, 0) $q;" \
    "1:41: error: HashSwitch 'h': LENGTH: length must be > 0"
expect_one zero_keyword "FromDevice(eth0) -> h :: HashSwitch(LENGTH 0, OFFSET 3) $q;" \
    "1:44: error: HashSwitch 'h': LENGTH: length must be > 0"
expect_one negative "FromDevice(eth0) -> h :: HashSwitch(-1, 4) $q;" \
    "1:37: error: HashSwitch 'h': OFFSET: expected unsigned integer"
expect_one far "FromDevice(eth0) -> h :: HashSwitch(3000, 4) $q;" \
    "1:37: error: HashSwitch 'h': OFFSET: 3000 out of range 0 to 2048"
expect_one too_long "FromDevice(eth0) -> h :: HashSwitch(2000, 100) $q;" \
    "1:43: error: HashSwitch 'h': LENGTH: OFFSET + LENGTH is 2100, more than the 2048 bytes fpgagen can hold back"
expect_one three_args "FromDevice(eth0) -> h :: HashSwitch(1, 2, 3) $q;" \
    "1:43: error: HashSwitch 'h': too many arguments"
exit $fail
