#!/usr/bin/env bash
# EtherRewrite's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect missing_dst "missing_dst.click:1:21: error: EtherRewrite 'r': missing mandatory DST argument" <<'CLICK'
FromDevice(eth0) -> r :: EtherRewrite(1:2:3:4:5:6) -> Queue -> ToDevice(eth1);
CLICK
expect short "short.click:1:39: error: EtherRewrite 'r': SRC: expected Ethernet address" <<'CLICK'
FromDevice(eth0) -> r :: EtherRewrite(1:2:3:4:5, 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
expect bad_dst "bad_dst.click:1:60: error: EtherRewrite 'r': DST: expected Ethernet address" <<'CLICK'
FromDevice(eth0) -> r :: EtherRewrite(SRC 1:2:3:4:5:6, DST 07:08:09:0a:0b:0g) -> Queue -> ToDevice(eth1);
CLICK
expect twice "twice.click:1:60: error: EtherRewrite 'r': SRC given more than once" <<'CLICK'
FromDevice(eth0) -> r :: EtherRewrite(SRC 1:2:3:4:5:6, SRC 1:2:3:4:5:6, DST 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
