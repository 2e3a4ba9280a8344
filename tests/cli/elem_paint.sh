#!/usr/bin/env bash
# Paint's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect missing "missing.click:1:21: error: Paint 'p': missing mandatory COLOR argument" <<'CLICK'
FromDevice(eth0) -> p :: Paint -> Queue -> ToDevice(eth1);
CLICK
expect range "range.click:1:32: error: Paint 'p': COLOR: 256 out of range 0 to 255" <<'CLICK'
FromDevice(eth0) -> p :: Paint(256) -> Queue -> ToDevice(eth1);
CLICK
expect wide "wide.click:1:35: error: Paint 'p': ANNO: DST_IP is not a one-byte annotation" <<'CLICK'
FromDevice(eth0) -> p :: Paint(3, DST_IP) -> Queue -> ToDevice(eth1);
CLICK
expect other "other.click:1:40: error: Paint 'p': ANNO: only PAINT is supported in hardware" <<'CLICK'
FromDevice(eth0) -> p :: Paint(3, ANNO ICMP_PARAMPROB) -> Queue -> ToDevice(eth1);
CLICK
expect unknown "unknown.click:1:35: error: Paint 'p': ANNO: expected annotation name" <<'CLICK'
FromDevice(eth0) -> p :: Paint(3, FOO) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
