#!/usr/bin/env bash
# Null's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect args "args.click:1:31: error: Null 'n': takes no arguments" <<'CLICK'
FromDevice(eth0) -> n :: Null(1) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
