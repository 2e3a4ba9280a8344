#!/usr/bin/env bash
# fpgagen doc works for every class that fpgagen elements lists: exit 0,
# NAME and SYNOPSIS naming the class, a handler section exactly when the
# class has handlers, and no POD formatting codes left in the text.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
"$FPGAGEN" elements > "$tmp/list" || { echo "fpgagen elements failed"; exit 1; }
n=0
for cls in $(tail -n +2 "$tmp/list" | awk '{print $1}'); do
    n=$((n + 1))
    "$FPGAGEN" doc "$cls" > "$tmp/out" 2> "$tmp/err"; st=$?
    if [[ $st -ne 0 ]]; then echo "doc $cls: exit status $st"; cat "$tmp/err"; fail=1; continue; fi
    [[ $(sed -n 2p "$tmp/out") == "    $cls - "* ]] || { echo "doc $cls: bad NAME"; fail=1; }
    sed -n '/^SYNOPSIS$/{n;p}' "$tmp/out" | grep -q "^    $cls\b" ||
        { echo "doc $cls: synopsis does not start with the class"; fail=1; }
    grep -qE '[IBCL]<[^ ]' "$tmp/out" && { echo "doc $cls: formatting codes left"; fail=1; }
done
[[ $n -ge 38 ]] || { echo "only $n classes listed"; fail=1; }
# Classes without handlers have no handler section; Counter has one.
"$FPGAGEN" doc Null | grep -q '^ELEMENT HANDLERS$' && { echo "Null has a handler section"; fail=1; }
"$FPGAGEN" doc Counter | grep -q '^ELEMENT HANDLERS$' || { echo "Counter lacks a handler section"; fail=1; }
exit $fail
