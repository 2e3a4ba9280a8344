#!/usr/bin/env bash
# Classifier's configuration errors: exit status 1 and the exact diagnostic,
# at the line and column of the character at fault; and the warning for a
# pattern that no packet can reach.
. "$(dirname "$0")/lib/config_errors.bash"
# Two outputs used: c[0] to eth1, c[1] dropped.
tail='c[0] -> Queue -> ToDevice(eth1); c[1] -> Discard;'
expect bad_hex "bad_hex.click:1:51: error: Classifier 'c': pattern 1: expected a hex digit or '?', got 'x'" <<CLICK
FromDevice(eth0) -> c :: Classifier(12/0806, 12/08x6); $tail
CLICK
expect no_slash "no_slash.click:1:39: error: Classifier 'c': pattern 0: expected '/' after the offset, got ':'" <<CLICK
FromDevice(eth0) -> c :: Classifier(12:0806, -); $tail
CLICK
expect no_digit "no_digit.click:1:45: error: Classifier 'c': pattern 0: expected a digit, got 'o'" <<CLICK
FromDevice(eth0) -> c :: Classifier(12/0806 or 12/0800, -); $tail
CLICK
expect odd "odd.click:1:57: error: Classifier 'c': pattern 1: value has an odd number of hex digits" <<CLICK
FromDevice(eth0) -> c :: Classifier(12/0806 20/0001, 12/080); $tail
CLICK
expect mask "mask.click:1:43: error: Classifier 'c': pattern 0: mask has too many hex digits" <<CLICK
FromDevice(eth0) -> c :: Classifier(30/80%c0ff, -); $tail
CLICK
expect offset "offset.click:1:37: error: Classifier 'c': pattern 0: offset too large (bytes past 65535 cannot be tested)" <<CLICK
FromDevice(eth0) -> c :: Classifier(70000/00, -); $tail
CLICK
# Click's rule: one pattern per output port in use.
expect count "count.click:1:21: error: Classifier 'c': need 2 arguments, one per output port" <<CLICK
FromDevice(eth0) -> c :: Classifier(12/0806, 12/0800, -); $tail
CLICK
# The culprit on a later line of the configuration.
expect line2 "line2.click:3:25: error: Classifier 'c': pattern 1: expected a hex digit or '?', got '#'" <<CLICK
FromDevice(eth0)
    -> c :: Classifier(12/0806,
                   12/08#0);
$tail
CLICK
# The caret is under the character at fault.
sed -n 2,3p "$tmp/err" > "$tmp/caret"
printf '%s\n' "    3 |                    12/08#0);" "      |                         ^" > "$tmp/want"
diff -u "$tmp/want" "$tmp/caret" || { echo "line2: excerpt differs"; fail=1; }

# A pattern that an earlier one covers: a warning, exit 0; -Werror fails.
cat > "$tmp/shadow.click" <<CLICK
FromDevice(eth0) -> c :: Classifier(12/0800, 12/0800 23/06); $tail
CLICK
(cd "$tmp" && "$FPGAGEN" -b sim -o "$tmp/out_shadow" shadow.click) > "$tmp/out" 2> "$tmp/err"; st=$?
[[ $st -eq 0 ]] || { echo "shadow: exit status $st, expected 0"; cat "$tmp/err"; fail=1; }
want="shadow.click:1:46: warning: Classifier 'c': pattern 1 matches no packets"
got=$(grep -m1 'warning:' "$tmp/err")
[[ $got == "$want" ]] || { echo "shadow: got '$got'"; echo "shadow: expected '$want'"; fail=1; }
(cd "$tmp" && "$FPGAGEN" -Werror -b sim -o "$tmp/out_shadow2" shadow.click) > "$tmp/out" 2> "$tmp/err"; st=$?
[[ $st -eq 1 ]] || { echo "shadow -Werror: exit status $st, expected 1"; cat "$tmp/err"; fail=1; }
exit $fail
