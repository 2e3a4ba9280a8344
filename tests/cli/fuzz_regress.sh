#!/usr/bin/env bash
# Inputs the front-end fuzzer once found slow or crashing: each must now be
# accepted or rejected (exit 0 or 1) within a few seconds, under the
# sanitizers of the test binary.
set -u
fail=0
for f in ../fuzz/regress/*.click; do
    timeout 20 "$FPGAGEN" check "$f" > /dev/null 2>&1; st=$?
    case $st in
        0|1) ;;
        124) echo "$f: still takes more than 20 s"; fail=1 ;;
        *) echo "$f: exit status $st"; fail=1 ;;
    esac
done
exit $fail
