#!/usr/bin/env bash
# fpgagen doc Counter: the doc block laid out in sections, with every
# Counter handler and its mode.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
"$FPGAGEN" doc Counter > "$tmp/out" 2> "$tmp/err"; st=$?
[[ $st -eq 0 ]] || { echo "exit status $st, expected 0"; cat "$tmp/err"; exit 1; }
[[ ! -s $tmp/err ]] || { echo "stderr not empty:"; cat "$tmp/err"; fail=1; }

sections=$(grep -E '^[A-Z][A-Z ]+$' "$tmp/out" | tr '\n' ',')
[[ $sections == "NAME,SYNOPSIS,DESCRIPTION,NOTES,EXAMPLES,ELEMENT HANDLERS,SEE ALSO," ]] ||
    { echo "sections: $sections"; fail=1; }
grep -qx '    Counter - counts packets and bytes and measures their rates' "$tmp/out" ||
    { echo "no NAME line"; fail=1; }
grep -qx '    Counter(\[keywords COUNT_CALL, BYTE_COUNT_CALL\])' "$tmp/out" ||
    { echo "no synopsis"; fail=1; }

# The handler list, in order, exactly.
handlers=$(sed -n '/^ELEMENT HANDLERS$/,/^SEE ALSO$/p' "$tmp/out" |
           grep -E '^    [a-z_]+ \(' | sed 's/^ *//' | tr '\n' ',')
want="count (read-only),byte_count (read-only),rate (read-only),bit_rate (read-only),"
want+="byte_rate (read-only),reset (write-only),reset_counts (write-only),"
want+="count_call (read/write),byte_count_call (write-only),"
[[ $handlers == "$want" ]] || { echo "handlers: $handlers"; echo "expected: $want"; fail=1; }
exit $fail
