#!/usr/bin/env bash
# Discard's configuration errors: exit status 1 and the exact diagnostic.
. "$(dirname "$0")/lib/config_errors.bash"
expect push_inactive "push_inactive.click:1:41: error: Discard 'd': ACTIVE: meaningless in push context" <<'CLICK'
FromDevice(eth0) -> d :: Discard(ACTIVE false);
CLICK
expect active_word "active_word.click:1:41: error: Discard 'd': ACTIVE: expected true or false" <<'CLICK'
FromDevice(eth0) -> d :: Discard(ACTIVE maybe);
CLICK
expect burst_negative "burst_negative.click:1:40: error: Discard 'd': BURST: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> d :: Discard(BURST -1);
CLICK
expect positional "positional.click:1:34: error: Discard 'd': too many arguments" <<'CLICK'
FromDevice(eth0) -> d :: Discard(5);
CLICK
# In pull context ACTIVE false is allowed.
cat > "$tmp/pull.click" <<'CLICK'
FromDevice(eth0) -> Queue -> d :: Discard(ACTIVE false, BURST 0);
CLICK
(cd "$tmp" && "$FPGAGEN" -b sim -o "$tmp/pull" pull.click) 2> "$tmp/err" ||
    { echo "pull: generation failed"; cat "$tmp/err"; fail=1; }
exit $fail
