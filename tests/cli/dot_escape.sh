#!/usr/bin/env bash
# fpgagen dot: compound names ('/'), anonymous names ('@') and
# configuration strings with quotes, backslashes, '<' and '&' come out
# escaped so that dot accepts the graph and the SVG shows them as written.
set -u
command -v dot > /dev/null || { echo "graphviz 'dot' is not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/e.click" <<'CLICK'
elementclass Box { input -> inner :: Counter -> output }
FromDevice(eth0) -> b :: Box -> p :: Print("a<b> & \"c\" \\d") -> Discard;
CLICK
"$FPGAGEN" dot "$tmp/e.click" > "$tmp/e.dot" 2> "$tmp/err" || { echo "fpgagen dot failed"; cat "$tmp/err"; exit 1; }
dot -Tsvg "$tmp/e.dot" > "$tmp/e.svg" 2> "$tmp/dot.err" || { echo "dot rejected the graph"; cat "$tmp/dot.err"; exit 1; }
[[ ! -s $tmp/dot.err ]] || { echo "dot complained:"; cat "$tmp/dot.err"; exit 1; }
fail=0
for want in '>b/inner<' '>FromDevice@1<' '>Discard@4<' '&lt;b&gt; &amp;' '\d'; do
    grep -qF -- "$want" "$tmp/e.svg" || { echo "SVG lacks $want"; fail=1; }
done
grep -qF '"b/inner" [label=<' "$tmp/e.dot" || { echo "node b/inner is not quoted"; fail=1; }
grep -qF '"FromDevice@1":o0:s -> "b/inner":i0:n' "$tmp/e.dot" || { echo "edge into the compound is missing"; fail=1; }
exit $fail
