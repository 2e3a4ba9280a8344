#!/usr/bin/env bash
# fpgagen dot: a Tee with three outputs has three numbered output cells,
# and each edge leaves from its own port cell.
set -u
command -v dot > /dev/null || { echo "graphviz 'dot' is not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/t.click" <<'CLICK'
t :: Tee(3);
FromDevice(eth0) -> t;
t[0] -> d0 :: Discard;
t[1] -> d1 :: Discard;
t[2] -> d2 :: Discard;
CLICK
"$FPGAGEN" dot "$tmp/t.click" > "$tmp/t.dot" 2> "$tmp/err" || { echo "fpgagen dot failed"; cat "$tmp/err"; exit 1; }
dot -Tsvg "$tmp/t.dot" > "$tmp/t.svg" 2> "$tmp/dot.err" || { echo "dot rejected the graph"; cat "$tmp/dot.err"; exit 1; }
fail=0
for p in 0 1 2; do
    grep -qF "\"t\":o$p:s -> \"d$p\":i0:n" "$tmp/t.dot" || { echo "edge from t output $p is missing"; fail=1; }
    grep -qF "<td port=\"o$p\"" "$tmp/t.dot" || { echo "t has no cell for output $p"; fail=1; }
done
for want in '>1</text>' '>2</text>' '>d2<'; do
    grep -qF -- "$want" "$tmp/t.svg" || { echo "SVG lacks $want"; fail=1; }
done
exit $fail
