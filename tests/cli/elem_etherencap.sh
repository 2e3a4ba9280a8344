#!/usr/bin/env bash
# EtherEncap's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect range "range.click:1:37: error: EtherEncap 'e': ETHERTYPE: 0x10000 out of range 0 to 65535" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x10000, 1:2:3:4:5:6, 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:37: error: EtherEncap 'e': ETHERTYPE: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(ip, 1:2:3:4:5:6, 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
expect missing_dst "missing_dst.click:1:21: error: EtherEncap 'e': missing mandatory DST argument" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x0800, 1:2:3:4:5:6) -> Queue -> ToDevice(eth1);
CLICK
expect bad_src "bad_src.click:1:49: error: EtherEncap 'e': SRC: expected Ethernet address" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x0800, SRC 1:2:3:4:5:6:7, DST 7:8:9:a:b:c) -> Queue -> ToDevice(eth1);
CLICK
expect extra "extra.click:1:71: error: EtherEncap 'e': too many arguments" <<'CLICK'
FromDevice(eth0) -> e :: EtherEncap(0x0800, 1:2:3:4:5:6, 7:8:9:a:b:c, 0) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
