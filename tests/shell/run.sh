#!/usr/bin/env bash
# tests/shell/run.sh -- tests of `fpgagen -r DIR --backend SPEC --shell`
# against a live Verilator simulation of tests/shell/router.click:
# commands piped in (answers byte for byte, QUIT and end of input), the
# completion candidates and the shown answers (test_complete.c, linked
# with the build's objects), real terminal sessions through a
# pseudo-terminal (tests/tools/ptydrive.c: TAB completion, the listing of candidates,
# history kept in a file, data lines, Ctrl-D, Ctrl-C, Ctrl-Z and fg,
# SIGTERM, the terminal put back), and the shell beside --listen clients.  Prints
# `PASS shell/NAME`, `FAIL shell/NAME: why` or `SKIP shell/NAME: why`;
# exits non-zero when any failed.
#
#   FPGAGEN   the fpgagen binary (default: BUILD/asan/fpgagen)
#   BUILD     build folder (default: build); the design and the test
#             programs are built under BUILD/tests/shell
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
[[ $BUILD = /* ]] || BUILD=$top/$BUILD
FPGAGEN=${FPGAGEN:-$BUILD/asan/fpgagen}
work=$BUILD/tests/shell
mkdir -p "$work"
tmp=$(mktemp -d /tmp/fgsh.XXXXXX)    # short: Unix socket paths
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
    wait 2> /dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

failed=0
pass() { echo "PASS shell/$1"; }
fail() { echo "FAIL shell/$1: $2"; failed=1; }
skip() { echo "SKIP shell/$1: $2"; }
# A file's first lines on one line, control characters shown.
show() { head -c "${2:-400}" "$1" | cat -A | tr '\n' ' '; }

# The sessions' terminal, history and ~/.editrc are the test's own.
export TERM=xterm HOME=$tmp FPGAGEN_HISTORY=$tmp/history
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

# ---- tools and the design ----------------------------------------------------
# The test tools (`make tools`).
for t in ptydrive ctlclient pcapgen; do
    [[ -x $BUILD/tools/$t ]] || { fail "tools" "$BUILD/tools/$t is not built (make tools)"; exit 1; }
done
tools=$BUILD/tools

if "$FPGAGEN" -r --help 2>&1 | grep -q -- '--shell'; then pass usage; else
    fail usage "fpgagen -r --help does not mention --shell"; fi

dir=$work/design
if "$FPGAGEN" -b sim -w 8 -o "$dir" "$here/router.click" > "$tmp/gen.log" 2>&1 &&
   "$FPGAGEN" sim "$dir" --build-only --quiet > "$tmp/build.log" 2>&1; then
    pass build
else
    fail build "$(cat "$tmp/gen.log" "$tmp/build.log" | head -5)"
    exit 1
fi
[[ -f $work/eth0.pcap ]] || "$tools/pcapgen" -o "$work/eth0.pcap" -n 1000 -s 60 --seed 1

# ---- completion and shown answers, without a terminal ------------------------------
# test_complete (tests/shell/test_complete.c) is linked by `make test` with
# the objects of fpgagen's ASan build, so it calls the very
# rt_shell_complete and rt_shell_format the binary has.
if [[ -x $BUILD/asan/tests/shell/test_complete ]]; then
    "$BUILD/asan/tests/shell/test_complete" "$dir/design.json" || failed=1
else
    skip complete "$BUILD/asan/tests/shell/test_complete is not built (make test builds it)"
fi

# ---- the simulation ------------------------------------------------------------------
waitfor() { # socket file, seconds
    local i
    for ((i = 0; i < $2 * 20; i++)); do [[ -S $1 ]] && return 0; sleep 0.05; done
    return 1
}
"$FPGAGEN" sim "$dir" --in eth0="$work/eth0.pcap" --csr unix:"$tmp/sim.sock" --quiet \
    > "$tmp/sim.log" 2>&1 &
pids+=($!)
if ! waitfor "$tmp/sim.sock" 60; then
    fail start-sim "no register socket: $(head -3 "$tmp/sim.log")"
    exit 1
fi
BK=sim:$tmp/sim.sock
shell() { "$FPGAGEN" -r "$dir" --backend "$BK" --shell "$@"; }

# eth0's 1000 frames are all through before the answers are compared.
for ((i = 0; i < 100; i++)); do
    [[ $(printf 'READ c.count\n' | shell 2> /dev/null) == *$'\n1000' ]] && break
    sleep 0.1
done

# ---- commands piped in -------------------------------------------------------------
# piped NAME STATUS: $tmp/NAME.in in, $tmp/NAME.want expected on standard
# output, byte for byte; standard error only the serving line.
piped() {
    local n=$1 want_st=$2
    shell < "$tmp/$n.in" > "$tmp/$n.got" 2> "$tmp/$n.err"; local st=$?
    if [[ $st -ne $want_st ]]; then
        fail "$n" "exit status $st, expected $want_st: $(show "$tmp/$n.err")"
    elif ! cmp -s "$tmp/$n.want" "$tmp/$n.got"; then
        fail "$n" "got $(show "$tmp/$n.got" 600)"
    elif grep -v '^fpgagen: serving ' "$tmp/$n.err" | grep -q .; then
        fail "$n" "standard error: $(show "$tmp/$n.err")"
    else pass "$n"; fi
}

cat > "$tmp/pipe-answers.in" <<'EOF'
READ c.count
write q.capacity 100
READ q.capacity
READ x.count
READ c.nosuch
WRITE c.count 5
READ c.count 5
WRITE q.capacity lots
FROB c.count

HELP
READ list
WRITEDATA q.capacity 2
50
READ q.capacity
READUNTIL c.class
junk

CHECKWRITE c.reset
QUIT
READ c.count
EOF
cat > "$tmp/pipe-answers.want" <<'EOF'
200 Read handler 'c.count' OK
1000
200 Write handler 'q.capacity' OK
200 Read handler 'q.capacity' OK
100
510 No element named 'x'
511 No handler named 'c.nosuch'
530 Handler 'c.count' read-only
590-Read handler 'c.count' error:
590 read handler 'c.count' does not take parameters
520-Write handler 'q.capacity' error:
520 expected integer
501 Command 'FROB' unimplemented
200-Commands supported:
200-READ handler [arg...]   call read handler, return DATA
200-READDATA handler len    call read handler with len data bytes, return DATA
200-READUNTIL handler term  call read handler, take data until term, return DATA
200-WRITE handler [arg...]  call write handler
200-WRITEDATA handler len   call write handler, pass len data bytes
200-WRITEUNTIL handler term call write handler, take data until term
200-CHECKREAD handler       check if read handler is valid
200-CHECKWRITE handler      check if write handler is valid
200-LLRPC elt#number [len]  call LLRPC, pass len data bytes, return DATA
200 QUIT                    close connection
200 Read handler 'list' OK
4
FromDevice@1
c
q
ToDevice@4
200 Write handler 'q.capacity' OK
200 Read handler 'q.capacity' OK
50
590-Read handler 'c.class' error:
590 read handler 'c.class' does not take parameters
200 Write handler 'c.reset' OK
200 Goodbye!
EOF
piped pipe-answers 0

# End of input ends the shell; an unended last line is still a command,
# and a command still waiting for its data gets its answer.
printf 'READ c.class\r\nREAD q.capacity' > "$tmp/pipe-eof.in"
printf "200 Read handler 'c.class' OK\nCounter\n200 Read handler 'q.capacity' OK\n50\n" \
    > "$tmp/pipe-eof.want"
piped pipe-eof 0
# (As on a socket, the data that came is then taken as a command.)
printf 'WRITEDATA q.capacity 5\n12\n' > "$tmp/pipe-eof-data.in"
printf "500 Not enough data\n501 Command '12' unimplemented\n" > "$tmp/pipe-eof-data.want"
piped pipe-eof-data 0
: > "$tmp/pipe-empty.in"
: > "$tmp/pipe-empty.want"
piped pipe-empty 0

# A line longer than the protocol keeps is cut, the rest skipped, and
# the shell goes on with the next line.
{ printf 'READ c.class '; head -c 100000 /dev/zero | tr '\0' y; printf '\nREAD c.class\n'; } \
    > "$tmp/pipe-long.in"
printf "590-Read handler 'c.class' error:\n590 read handler 'c.class' does not take parameters\n200 Read handler 'c.class' OK\nCounter\n" \
    > "$tmp/pipe-long.want"
piped pipe-long 0

if grep -q 'listening on' "$tmp/pipe-eof.err"; then
    fail no-listen "the shell alone listens: $(show "$tmp/pipe-eof.err")"
else pass no-listen; fi

# ---- on a terminal ---------------------------------------------------------------------
# pty NAME STEP...: one session through ptydrive; the transcript is kept.
pty() {
    local n=$1; shift
    if "$tools/ptydrive" -t 15 "$@" -- "$FPGAGEN" -r "$dir" --backend "$BK" --shell \
           ${LISTEN:+--listen "$LISTEN"} > "$tmp/$n.pty" 2> "$tmp/$n.perr"; then
        if grep -q 'Sanitizer\|runtime error' "$tmp/$n.pty"; then
            fail "$n" "sanitizer: $(grep -m1 'Sanitizer\|runtime error' "$tmp/$n.pty")"
        else pass "$n"; fi
    else
        fail "$n" "$(head -1 "$tmp/$n.perr"); transcript: $(tail -c 300 "$tmp/$n.pty" | cat -A | tr '\n' ' ')"
    fi
}
P='fpgagen> '
OK_COUNT="200 Read handler 'c.count' OK\r\n1000\r\n"

rm -f "$FPGAGEN_HISTORY"
# TAB puts in what c.count and c.count_call share; QUIT ends with 0.
pty pty-tab "expect:$P" 'send:READ c.cou\t' 'expect:nt' 'send:\n' "expect:$OK_COUNT" \
    "expect:$P" 'send:QUIT\n' 'expect:200 Goodbye!' 'status:0' restored
if grep -q 'READ.040c.count' "$FPGAGEN_HISTORY" 2> /dev/null; then pass history-saved; else
    fail history-saved "no READ c.count in $(show "$FPGAGEN_HISTORY")"; fi

# Several candidates with nothing in common to add are listed; one is put
# in with a space after it.  The saved history is there (Ctrl-P three
# times: READ classes, QUIT, READ c.count).  A data command prompts for
# its data.  Ctrl-D ends with 0.
pty pty-list "expect:$P" 'send:READ c\t' 'expect:c.       classes  config' "expect:${P}READ c" \
    'send:la\t' 'expect:sses ' 'send:\n' "expect:200 Read handler 'classes' OK\r\n" 'expect:Counter\r\n' \
    "expect:$P" 'send:\x10\x10\x10\n' "expect:$OK_COUNT" \
    "expect:$P" 'send:writedata q.capacity 3\n' 'expect:data> ' 'send:64\n' \
    "expect:200 Write handler 'q.capacity' OK\r\n" "expect:$P" 'send:\x04' 'status:0' restored

# Ctrl-C (SIGINT) on a half-typed line ends cleanly too, even when it
# comes before the line is all read (the terminal drops what is left);
# a history file that cannot be written is no error.
FPGAGEN_HISTORY=$tmp/nowhere/history pty pty-ctrl-c "expect:$P" 'send:READ c.co' 'send:\x03' \
    'status:0' restored
if grep -v '^fpgagen: \(serving\|HELP\)' "$tmp/pty-ctrl-c.pty" | grep -q 'fpgagen:\|rror'; then
    fail history-unwritable "a message: $(show "$tmp/pty-ctrl-c.pty")"
else pass history-unwritable; fi

# Ctrl-Z under a shell with job control: the terminal is the shell's
# while stopped, and fg draws the half-typed line again.  fg is typed at
# the shell's prompt, not ahead of it (typed ahead, bash echoes it twice).
fg_cmd="$FPGAGEN -r $dir --backend $BK --shell"
if "$tools/ptydrive" -t 15 'expect:$ ' "send:$fg_cmd\n" "expect:$P" 'send:READ c' 'expect:READ c' \
       'send:\x1a' \
       'expect:Stopped' 'expect:$ ' 'send:fg\n' "expect:${P}READ c" 'send:.count\n' "expect:$OK_COUNT" \
       "expect:$P" 'send:QUIT\n' 'expect:200 Goodbye!' 'send:exit\n' \
       -- env PS1='$ ' bash --norc --noprofile -i > "$tmp/suspend.pty" 2> "$tmp/suspend.perr"; then
    if grep -q 'Sanitizer\|runtime error' "$tmp/suspend.pty"; then
        fail pty-suspend "sanitizer: $(grep -m1 'Sanitizer\|runtime error' "$tmp/suspend.pty")"
    else pass pty-suspend; fi
else
    fail pty-suspend "$(head -1 "$tmp/suspend.perr"); transcript: $(tail -c 300 "$tmp/suspend.pty" | cat -A | tr '\n' ' ')"
fi

# ---- the shell beside --listen clients ---------------------------------------------------
# On a terminal: a client is answered while a line is half typed and an
# escape sequence half sent; SIGTERM then ends it, the terminal and the
# socket file cleaned up.
LISTEN=unix:$tmp/ctl.sock
pty pty-listen "expect:$P" 'send:READ c.co' 'send:\e' \
    "run:$tools/ctlclient read $LISTEN c.count | grep -qx 1000" \
    "run:$tools/ctlclient read $LISTEN c.class | grep -qx Counter" \
    'send:b' 'send:\x05unt\n' "expect:$OK_COUNT" "expect:$P" 'signal:15' 'status:0' restored
unset LISTEN
if [[ -e $tmp/ctl.sock ]]; then fail listen-cleanup "the socket file is left"; else
    pass listen-cleanup; fi

# Piped: the shell's input stays open while a client reads, then the
# shell answers and QUIT ends both.
mkfifo "$tmp/in.fifo"
shell --listen unix:"$tmp/ctl2.sock" < "$tmp/in.fifo" > "$tmp/listen.got" 2> "$tmp/listen.err" &
sh_pid=$!
pids+=($sh_pid)
exec 3> "$tmp/in.fifo"
if ! waitfor "$tmp/ctl2.sock" 20; then
    fail listen-pipe "no socket: $(show "$tmp/listen.err")"
elif ! got=$("$tools/ctlclient" read unix:"$tmp/ctl2.sock" c.count) || [[ $got != 1000 ]]; then
    fail listen-pipe "the client read '$got'"
else
    printf 'READ q.capacity\nQUIT\n' >&3
    exec 3>&-
    wait "$sh_pid"; st=$?
    if [[ $st -ne 0 ]]; then fail listen-pipe "exit status $st: $(show "$tmp/listen.err")"
    elif [[ $(cat "$tmp/listen.got") != $'200 Read handler \'q.capacity\' OK\n64\n200 Goodbye!' ]]; then
        fail listen-pipe "the shell showed $(show "$tmp/listen.got")"
    elif [[ -e $tmp/ctl2.sock ]]; then fail listen-pipe "the socket file is left"
    else pass listen-pipe; fi
fi
exec 3>&- 2> /dev/null

exit $failed
