#!/usr/bin/env bash
# Strip's configuration errors: exit status 1 and the exact diagnostic.
# Then the head offsets that Strip, Unstrip and EtherEncap give their
# outputs (design.json), and the realignment where two heads merge.
. "$(dirname "$0")/lib/config_errors.bash"
expect missing "missing.click:1:21: error: Strip 's': missing mandatory LENGTH argument" <<'CLICK'
FromDevice(eth0) -> s :: Strip -> Queue -> ToDevice(eth1);
CLICK
expect word "word.click:1:32: error: Strip 's': LENGTH: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> s :: Strip(x14) -> Queue -> ToDevice(eth1);
CLICK
expect negative "negative.click:1:32: error: Strip 's': LENGTH: expected unsigned integer" <<'CLICK'
FromDevice(eth0) -> s :: Strip(-1) -> Queue -> ToDevice(eth1);
CLICK
expect range "range.click:1:39: error: Strip 's': LENGTH: 65536 out of range 0 to 65535" <<'CLICK'
FromDevice(eth0) -> s :: Strip(LENGTH 65536) -> Queue -> ToDevice(eth1);
CLICK
expect extra "extra.click:1:36: error: Strip 's': too many arguments" <<'CLICK'
FromDevice(eth0) -> s :: Strip(14, 2) -> Queue -> ToDevice(eth1);
CLICK

command -v jq > /dev/null || { echo "jq not installed"; exit 77; }
cat > "$tmp/good.click" <<'CLICK'
FromDevice(eth0) -> a :: Strip(20) -> b :: Unstrip(6) -> c :: EtherEncap(0x0800, 1:2:3:4:5:6, 7:8:9:a:b:c)
    -> d :: Unstrip(3) -> e :: Strip(5) -> Queue -> t :: ToDevice(eth1);
FromDevice(eth2) -> x :: Strip(14) -> u :: Unstrip(4) -> Queue -> ToDevice(eth3);
FromDevice(eth4) -> Strip(4) -> u;
CLICK
if ! "$FPGAGEN" -b sim -o "$tmp/good" "$tmp/good.click" > "$tmp/out" 2>&1; then
    echo "good: generation failed"; cat "$tmp/out"; exit 1
fi
heads=$(jq -r '.elements[] | select(.name | test("^[a-z]$")) |
               "\(.name) \(.head_in | map(tostring) | join(",")) \(.head_out | map(tostring) | join(","))"' \
        "$tmp/good/design.json" | tr '\n' ';')
want="a 0 20;b 20 14;c 14 0;d 0 0;e 0 5;t 5 ;x 0 14;u 4 0;"
[[ $heads == "$want" ]] || { echo "heads: $heads"; echo "expected: $want"; fail=1; }
# Unstrip(3) at head 0 inserts 3 zero bytes; Unstrip(6) at head 20 moves none.
grep -q 'fg_axis_prepend #(.DATA_WIDTH(64), .USER_WIDTH(32), .BYTES(3))' "$tmp/good/rtl/"fg_unstrip*.v ||
    { echo "no 3-byte insert in Unstrip d"; fail=1; }
[[ $(grep -l fg_axis_prepend "$tmp/good/rtl/"fg_unstrip*.v | wc -l) == 1 ]] ||
    { echo "Unstrip b inserts bytes"; fail=1; }
# Heads 14 and 4 meet at u: 10 bytes shifted out of x's path.
grep -q 'fg_axis_shift #(.DATA_WIDTH(64), .USER_WIDTH(32), .SHIFT_BYTES(10))' "$tmp/good/rtl/fg_top.v" ||
    { echo "no 10-byte realignment before u"; fail=1; }
exit $fail
