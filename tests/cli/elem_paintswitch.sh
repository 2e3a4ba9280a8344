#!/usr/bin/env bash
# PaintSwitch's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect unknown "unknown.click:1:38: error: PaintSwitch 's': ANNO: expected annotation name" <<'CLICK'
FromDevice(eth0) -> s :: PaintSwitch(FOO) -> Queue -> ToDevice(eth1);
CLICK
expect wide "wide.click:1:43: error: PaintSwitch 's': ANNO: AGGREGATE is not a one-byte annotation" <<'CLICK'
FromDevice(eth0) -> s :: PaintSwitch(ANNO AGGREGATE) -> Queue -> ToDevice(eth1);
CLICK
expect extra "extra.click:1:45: error: PaintSwitch 's': too many arguments" <<'CLICK'
FromDevice(eth0) -> s :: PaintSwitch(PAINT, 3) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
