#!/usr/bin/env bash
# Unstrip's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect missing "missing.click:1:21: error: Unstrip 'u': missing mandatory LENGTH argument" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip() -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:41: error: Unstrip 'u': LENGTH: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip(LENGTH fourteen) -> Queue -> ToDevice(eth1);
CLICK
expect range "range.click:1:34: error: Unstrip 'u': LENGTH: 100000 out of range 0 to 65535" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip(100000) -> Queue -> ToDevice(eth1);
CLICK
expect unknown "unknown.click:1:37: error: Unstrip 'u': too many arguments" <<'CLICK'
FromDevice(eth0) -> u :: Unstrip(4, BYTES 2) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
