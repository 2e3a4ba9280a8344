#!/usr/bin/env bash
# CheckPaint's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect missing "missing.click:1:21: error: CheckPaint 'c': missing mandatory COLOR argument" <<'CLICK'
FromDevice(eth0) -> c :: CheckPaint -> Queue -> ToDevice(eth1);
CLICK
expect negative "negative.click:1:37: error: CheckPaint 'c': COLOR: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> c :: CheckPaint(-1) -> Queue -> ToDevice(eth1);
CLICK
expect range "range.click:1:43: error: CheckPaint 'c': COLOR: 300 out of range 0 to 255" <<'CLICK'
FromDevice(eth0) -> c :: CheckPaint(COLOR 300) -> Queue -> ToDevice(eth1);
CLICK
expect other "other.click:1:40: error: CheckPaint 'c': ANNO: only PAINT is supported in hardware" <<'CLICK'
FromDevice(eth0) -> c :: CheckPaint(3, ICMP_PARAMPROB) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
