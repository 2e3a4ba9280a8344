#!/usr/bin/env bash
# fpgagen -b sim -o DIR: a complete project, the same bytes every time,
# clean under Verilator -Wall, Icarus and Yosys; bad requests get clear
# errors and exit status 1 (2 for bad usage).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "$*"; fail=1; }

cat > "$tmp/r.click" <<'C'
FromDevice(eth0) -> c :: Counter -> Queue(64) -> ToDevice(eth1);
C
"$FPGAGEN" -b sim -w 64 -o "$tmp/a" "$tmp/r.click" || bad "generate failed"
for f in Makefile design.json csr.h csr.json regmap.md graph.dot rtl/fg_top.v rtl/fg_sim_top.v \
         rtl/fg_counter.v rtl/fg_csr_decoder.v rtl/fg_axis_fifo.v; do
    [[ -s $tmp/a/$f ]] || bad "missing $f"
done
"$FPGAGEN" -b sim -w 64 -o "$tmp/b" "$tmp/r.click" || bad "second generate failed"
diff -r "$tmp/a" "$tmp/b" > "$tmp/diff" || { bad "output differs between runs:"; head "$tmp/diff"; }
grep -q '"name": "c"' "$tmp/a/design.json" || bad "design.json lacks element c"
grep -q 'FG_C_COUNT' "$tmp/a/csr.h" || bad "csr.h lacks FG_C_COUNT"
make -s -C "$tmp/a" lint > "$tmp/lint" 2>&1 || { bad "make lint failed:"; head -20 "$tmp/lint"; }

# Errors, each with its exact first line.
expect() { # status, expected first line of stderr, args...
    local want_st=$1 want=$2; shift 2
    "$FPGAGEN" "$@" > /dev/null 2> "$tmp/err"; local st=$?
    [[ $st -eq $want_st ]] || bad "fpgagen $*: status $st, expected $want_st"
    local got
    got=$(head -n 1 "$tmp/err" | sed "s|$tmp/||g")
    [[ $got == "$want" ]] || bad "fpgagen $*: got '$got', expected '$want'"
}
expect 1 "fpgagen: error: board 'nosuch': cannot read $(cd ../.. && pwd)/boards/nosuch.yaml: No such file or directory" \
    -b nosuch -o "$tmp/c" "$tmp/r.click"
expect 2 "fpgagen generate: bad width '24' (8, 16, ..., 512)" -b sim -w 24 -o "$tmp/c" "$tmp/r.click"
expect 1 "fpgagen: error: board 'narrow' does not support a 8-bit datapath" \
    -b ../boards/narrow.yaml -w 8 -o "$tmp/c" "$tmp/r.click"
printf 'FromDevice(eth1) -> Queue -> ToDevice(eth0);\n' > "$tmp/dir.click"
expect 1 "dir.click:1:12: error: FromDevice 'FromDevice@1': device 'eth1' has no rx port" \
    -b ../boards/narrow.yaml -o "$tmp/c" "$tmp/dir.click"
expect 2 "fpgagen generate: missing -o DIR" -b sim "$tmp/r.click"
printf 'FromDevice(eth9) -> Queue -> ToDevice(eth1);\n' > "$tmp/dev.click"
expect 1 "dev.click:1:12: error: FromDevice 'FromDevice@1': board 'sim' has no device 'eth9' (it has eth0, eth1, eth2, eth3, eth4, eth5, eth6, eth7)" \
    -b sim -o "$tmp/c" "$tmp/dev.click"
printf 'FromDevice(eth0) -> Queue -> ToDevice(eth1);\nFromDevice(eth0) -> Discard;\n' > "$tmp/twice.click"
expect 1 "twice.click:2:1: error: FromDevice 'FromDevice@4': device 'eth0' is already read by 'FromDevice@1'" \
    -b sim -o "$tmp/c" "$tmp/twice.click"
printf 'FromDevice(eth0) -> Queue(-3) -> ToDevice(eth1);\n' > "$tmp/conf.click"
expect 1 "conf.click:1:27: error: Queue 'Queue@2': CAPACITY: expected unsigned integer" \
    -b sim -o "$tmp/c" "$tmp/conf.click"
printf 'FromDevice(eth0) -> t :: Tee(2);\nt[0] -> Strip(14) -> e :: Unstrip(14);\nt[1] -> Strip(20) -> e;\ne -> Queue -> ToDevice(eth1);\n' > "$tmp/tee.click"
expect 1 "tee.click:3:19: error: paths from Tee 't' merge again at 'e' input 0 with no Queue between: the hardware would deadlock" \
    -b sim -o "$tmp/c" "$tmp/tee.click"
printf 'FromDevice(eth0) -> Queue -> ToDevice(eth1);\nn :: Null -> Strip(1) -> t :: Tee;\nt[0] -> n;\nt[1] -> Queue -> ToDevice(eth2);\n' > "$tmp/loop.click"
expect 1 "loop.click: error: a cycle in the graph strips bytes on every turn; its head offset has no fixed point" \
    -b sim -o "$tmp/c" "$tmp/loop.click"

printf 'FromDevice(eth0) -> Strip(65535)\n  -> s :: Strip(1) -> Queue -> ToDevice(eth1);\n' > "$tmp/long.click"
expect 1 "long.click:2:6: error: packets would leave 's' 65536 bytes into the stream: the Strips up to it remove more bytes than the longest packet has (65535)" \
    -b sim -o "$tmp/c" "$tmp/long.click"

# A loop that strips a byte on every turn but meets a path of head 20: its
# heads settle at 20 (the least fixed point), one byte realigned per turn.
printf 'FromDevice(eth0) -> Strip(20) -> m :: Null -> rr :: RoundRobinSwitch;\nrr[0] -> Strip(1) -> m;\nrr[1] -> Queue -> ToDevice(eth1);\n' > "$tmp/settle.click"
"$FPGAGEN" -b sim -w 64 -o "$tmp/settle" "$tmp/settle.click" || bad "settle: generate failed"
tr -d ' \n' < "$tmp/settle/design.json" 2> /dev/null |
    grep -q '"name":"m","class":"Null",[^}]*"head_in":\[20\],"head_out":\[20\]' ||
    bad "settle: the head of m is not 20"
grep -q 'Realign: drop 1 head bytes' "$tmp/settle/rtl/fg_top.v" 2> /dev/null ||
    bad "settle: no realigner of one byte"
exit $fail
