#!/usr/bin/env bash
# CheckLength's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect missing "missing.click:1:21: error: CheckLength 'c': missing mandatory LENGTH argument" <<'CLICK'
FromDevice(eth0) -> c :: CheckLength -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:38: error: CheckLength 'c': LENGTH: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> c :: CheckLength(abc) -> Queue -> ToDevice(eth1);
CLICK
expect range "range.click:1:38: error: CheckLength 'c': LENGTH: 4294967296 out of range 0 to 4294967295" <<'CLICK'
FromDevice(eth0) -> c :: CheckLength(4294967296) -> Queue -> ToDevice(eth1);
CLICK
expect too_long "too_long.click:1:38: error: CheckLength 'c': LENGTH: 20000 is more than the 16384 bytes the hardware can hold" <<'CLICK'
FromDevice(eth0) -> c :: CheckLength(20000) -> Queue -> ToDevice(eth1);
CLICK
expect max_less "max_less.click:1:55: error: CheckLength 'c': MAX_LENGTH: 1500 is less than LENGTH 2000" <<'CLICK'
FromDevice(eth0) -> c :: CheckLength(2000, MAX_LENGTH 1500) -> Queue -> ToDevice(eth1);
CLICK
expect max_range "max_range.click:1:54: error: CheckLength 'c': MAX_LENGTH: 20000 out of range 0 to 16384" <<'CLICK'
FromDevice(eth0) -> c :: CheckLength(100, MAX_LENGTH 20000) -> Queue -> ToDevice(eth1);
CLICK
expect extra "extra.click:1:43: error: CheckLength 'c': too many arguments" <<'CLICK'
FromDevice(eth0) -> c :: CheckLength(100, 200) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
