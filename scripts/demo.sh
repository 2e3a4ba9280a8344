#!/usr/bin/env bash
# `make demo`: a tour of the front end on the shipped examples -- check,
# flatten, draw, and the element documentation.
set -euo pipefail
FPGAGEN=${1:-build/fpgagen}
cd "$(dirname "$0")/.."
out=build/demo
mkdir -p "$out"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step fpgagen check examples/classify.click
"$FPGAGEN" check examples/classify.click && echo "(no problems)"

step fpgagen flatten examples/classify.click
"$FPGAGEN" flatten examples/classify.click

step "fpgagen dot examples/classify.click | dot -Tsvg > $out/classify.svg"
"$FPGAGEN" dot examples/classify.click | dot -Tsvg > "$out/classify.svg"
echo "wrote $out/classify.svg ($(wc -c < "$out/classify.svg") bytes)"

step fpgagen check examples/iprouter.click
"$FPGAGEN" check examples/iprouter.click || true

step fpgagen doc Counter
"$FPGAGEN" doc Counter | sed -n '1,25p'

step "fpgagen elements | head"
"$FPGAGEN" elements | head
