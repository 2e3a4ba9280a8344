#!/usr/bin/env bash
# fpgagen doc with a name that is not a class: exit status 1, nothing on
# stdout, and a message on stderr that names the class.  Class names are
# case-sensitive, as in Click.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
for name in NoSuch counter COUNTER Queue2; do
    "$FPGAGEN" doc "$name" > "$tmp/out" 2> "$tmp/err"; st=$?
    [[ $st -eq 1 ]] || { echo "doc $name: exit status $st, expected 1"; fail=1; }
    [[ ! -s $tmp/out ]] || { echo "doc $name: stdout not empty"; fail=1; }
    grep -q "'$name'" "$tmp/err" ||
        { echo "doc $name: stderr does not name the class:"; cat "$tmp/err"; fail=1; }
done
# Usage errors are not "unknown class".
"$FPGAGEN" doc > "$tmp/out" 2> "$tmp/err"; st=$?
[[ $st -eq 2 ]] || { echo "doc without a class: exit status $st, expected 2"; fail=1; }
exit $fail
