#!/usr/bin/env bash
# Idle's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect args "args.click:1:31: error: Idle 'i': takes no arguments" <<'CLICK'
FromDevice(eth0) -> i :: Idle(3);
CLICK
exit $fail
