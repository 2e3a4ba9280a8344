#!/usr/bin/env bash
# Tee's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect arms "arms.click:1:30: error: Tee 't': N: 3 arms, but 2 outputs are used" <<'CLICK'
FromDevice(eth0) -> t :: Tee(3);
t[0] -> Queue -> ToDevice(eth1);
t[1] -> Discard;
CLICK
expect arms_keyword "arms_keyword.click:1:32: error: Tee 't': N: 2 arms, but 1 output is used" <<'CLICK'
FromDevice(eth0) -> t :: Tee(N 2) -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:32: error: Tee 't': N: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> t :: Tee(N x) -> Queue -> ToDevice(eth1);
CLICK
exit $fail
