#!/usr/bin/env bash
# fpgagen check: a class with no hardware implementation gives a warning
# and exit status 0; under -Werror the same warning is an error marked
# [-Werror] and the exit status is 1.  The class is the first of a few
# simple ones that still warns; when all of them have hardware, skip.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
found=
"$FPGAGEN" elements > "$tmp/list" 2> /dev/null
for cls in Counter Null Paint Print Strip; do
    printf 'FromDevice(eth0) -> x :: %s -> Discard;\n' "$cls" > "$tmp/w.click"
    "$FPGAGEN" check "$tmp/w.click" > /dev/null 2> "$tmp/err"; st=$?
    [[ $st -eq 0 ]] || { echo "check $cls: exit status $st, expected 0"; cat "$tmp/err"; exit 1; }
    if grep -q "warning: '$cls' has no hardware implementation yet" "$tmp/err"; then
        found=$cls; break
    fi
    # `fpgagen elements` has a HARDWARE column (yes/no): a "no" must warn.
    hw=$(awk -v c="$cls" '$1 == c { print $4 }' "$tmp/list")
    [[ $hw != no ]] || { echo "'$cls' has no hardware but check did not warn"; cat "$tmp/err"; exit 1; }
done
[[ -n $found ]] || { echo "every candidate class has a hardware implementation"; exit 77; }
fail=0
grep -q "^$tmp/w.click:1:[0-9]*: warning: '$found' has no hardware implementation yet\$" "$tmp/err" ||
    { echo "warning not in the gcc layout:"; cat "$tmp/err"; fail=1; }
"$FPGAGEN" check -Werror "$tmp/w.click" > /dev/null 2> "$tmp/err2"; st=$?
[[ $st -eq 1 ]] || { echo "check -Werror: exit status $st, expected 1"; fail=1; }
grep -q "^$tmp/w.click:1:[0-9]*: error: '$found' has no hardware implementation yet \[-Werror\]\$" "$tmp/err2" ||
    { echo "-Werror did not turn the warning into an error:"; cat "$tmp/err2"; fail=1; }
# The same warnings, one for one.
[[ $(grep -c 'has no hardware' "$tmp/err") -eq $(grep -c 'has no hardware' "$tmp/err2") ]] ||
    { echo "-Werror changed the number of diagnostics"; fail=1; }
exit $fail
