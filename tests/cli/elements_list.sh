#!/usr/bin/env bash
# fpgagen elements: a header, then one row per element class in name
# order, each giving the class, its ports, processing, hardware status and
# summary.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
"$FPGAGEN" elements > "$tmp/out" 2> "$tmp/err"; st=$?
[[ $st -eq 0 ]] || { echo "exit status $st, expected 0"; cat "$tmp/err"; exit 1; }
[[ ! -s $tmp/err ]] || { echo "stderr not empty:"; cat "$tmp/err"; fail=1; }

read -r -a head < "$tmp/out"
[[ "${head[*]:0:5}" == "CLASS PORTS PROCESSING HARDWARE SUMMARY" ]] ||
    { echo "header: '${head[*]}'"; fail=1; }

want="ARPQuerier ARPResponder CheckIPHeader CheckLength CheckPaint Classifier
Counter DecIPTTL Discard DropBroadcasts EtherEncap EtherMirror EtherRewrite
FixIPSrc FromDevice GetIPAddress HashSwitch ICMPError IPClassifier IPFilter
IPGWOptions Idle InfiniteSource LinearIPLookup MarkIPHeader Null Paint
PaintSwitch Print PullTee Queue RadixIPLookup RandomSource RoundRobinSwitch
SetIPChecksum SimpleQueue StaticIPLookup StaticSwitch Strip Switch Tee
ToDevice Unqueue Unstrip"
got=$(tail -n +2 "$tmp/out" | awk '{print $1}' | tr '\n' ' ')
[[ $got == "$(echo $want) " ]] ||
    { echo "classes listed: $got"; echo "expected:       $(echo $want)"; fail=1; }

# Rows carry Click's facts for the class (ports, processing), and the
# hardware column matches `fpgagen doc` (which says "not implemented yet"
# where there is none).
row() { grep "^$1 " "$tmp/out" | awk '{print $2, $3}'; }
for spec in "Counter:1/1 a/a" "Queue:1/1-2 h/lh" "ToDevice:1/0 l/l" \
            "FromDevice:0/1 h/h" "Idle:-/- a/a" "ARPQuerier:2/1-2 h/h" \
            "CheckIPHeader:1/1-2 a/ah" "Classifier:1/- h/h"; do
    cls=${spec%%:*}
    [[ $(row "$cls") == "${spec#*:}" ]] ||
        { echo "$cls row: '$(row "$cls")', expected '${spec#*:}'"; fail=1; }
done
for cls in Counter ARPQuerier; do
    hw=$(grep "^$cls " "$tmp/out" | awk '{print $4}')
    if "$FPGAGEN" doc "$cls" | grep -q 'not implemented yet'; then want=no; else want=yes; fi
    [[ $hw == "$want" ]] || { echo "$cls hardware column '$hw', expected '$want'"; fail=1; }
done
grep -q '^Counter .* counts packets and bytes' "$tmp/out" ||
    { echo "Counter row has no summary"; fail=1; }
exit $fail
