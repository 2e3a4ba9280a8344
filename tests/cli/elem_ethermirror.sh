#!/usr/bin/env bash
# EtherMirror takes no arguments: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect one "one.click:1:38: error: EtherMirror 'm': too many arguments" <<'CLICK'
FromDevice(eth0) -> m :: EtherMirror(3) -> Queue -> ToDevice(eth1);
CLICK
expect keyword "keyword.click:1:38: error: EtherMirror 'm': too many arguments" <<'CLICK'
FromDevice(eth0) -> m :: EtherMirror(SRC 1:2:3:4:5:6) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
