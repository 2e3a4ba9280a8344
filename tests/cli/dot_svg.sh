#!/usr/bin/env bash
# fpgagen dot: a push/pull router renders with dot -Tsvg; the SVG names
# every element and class, numbers the ports, and draws the pull edge
# dashed and the push edges solid.
set -u
command -v dot > /dev/null || { echo "graphviz 'dot' is not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/r.click" <<'CLICK'
src :: FromDevice(eth0) -> cnt :: Counter -> q :: Queue(64) -> out :: ToDevice(eth1);
CLICK
"$FPGAGEN" dot "$tmp/r.click" > "$tmp/r.dot" 2> "$tmp/err" || { echo "fpgagen dot failed"; cat "$tmp/err"; exit 1; }
dot -Tsvg "$tmp/r.dot" > "$tmp/r.svg" 2> "$tmp/dot.err" || { echo "dot rejected the graph"; cat "$tmp/dot.err"; exit 1; }
[[ ! -s $tmp/dot.err ]] || { echo "dot complained:"; cat "$tmp/dot.err"; exit 1; }
fail=0
for want in '>src<' '>cnt<' '>q<' '>out<' '>FromDevice(eth0)<' '>Counter<' '>Queue(64)<' '>ToDevice(eth1)<'; do
    grep -qF -- "$want" "$tmp/r.svg" || { echo "SVG lacks $want"; fail=1; }
done
# One port cell per port: 3 output cells and 3 input cells, each "0".
n=$(grep -c '>0</text>' "$tmp/r.svg")
[[ $n -eq 6 ]] || { echo "expected 6 port labels '0', found $n"; fail=1; }
# Edges: three, exactly one dashed (q -> out is pull).
edges=$(grep -c 'class="edge"' "$tmp/r.svg")
[[ $edges -eq 3 ]] || { echo "expected 3 edges, found $edges"; fail=1; }
dashed=$(grep -c 'stroke-dasharray' "$tmp/r.svg")
[[ $dashed -eq 1 ]] || { echo "expected 1 dashed edge, found $dashed"; fail=1; }
grep -q '"q":o0:s -> "out":i0:n \[style=dashed' "$tmp/r.dot" || { echo "q -> out is not drawn as pull"; fail=1; }
grep -q '"cnt":o0:s -> "q":i0:n \[style=solid' "$tmp/r.dot" || { echo "cnt -> q is not drawn as push"; fail=1; }
exit $fail
