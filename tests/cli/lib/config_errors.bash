# tests/cli/lib/config_errors.bash -- sourced by the element scripts in
# tests/cli that check configuration errors (not a test itself: tests/run
# runs tests/cli/*.sh only).  Sets up $tmp and $fail; the script ends
# with `exit $fail`.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0

# expect NAME 'ERROR LINE' < CONFIG: generating CONFIG (written to NAME.click)
# fails with exit status 1 and its first error is exactly ERROR LINE.
expect() {
    cat > "$tmp/$1.click"
    (cd "$tmp" && "$FPGAGEN" -b sim -o "$(mktemp -d -p "$tmp")" "$1.click") > "$tmp/out" 2> "$tmp/err"; st=$?
    [[ $st -eq 1 ]] || { echo "$1: exit status $st, expected 1"; cat "$tmp/err"; fail=1; }
    got=$(grep -m1 'error:' "$tmp/err")
    [[ $got == "$2" ]] || { echo "$1: got '$got'"; echo "$1: expected '$2'"; fail=1; }
}

# expect_one NAME 'ROUTER' 'LINE:COL: error: ...': generating ROUTER fails
# with exit status 1 and exactly one error, that one (after "FILE:").
expect_one() {
    printf '%s\n' "$2" > "$tmp/$1.click"
    "$FPGAGEN" -b sim -o "$tmp/out_$1" "$tmp/$1.click" > "$tmp/$1.out" 2> "$tmp/$1.err"; st=$?
    [[ $st -eq 1 ]] || { echo "$1: exit status $st, expected 1"; fail=1; }
    local got n
    got=$(grep -m1 ': error: ' "$tmp/$1.err")
    n=$(grep -c ': error: ' "$tmp/$1.err")
    [[ $got == "$tmp/$1.click:$3" ]] ||
        { echo "$1: got      '$got'"; echo "$1: expected '$tmp/$1.click:$3'"; fail=1; }
    [[ $n -eq 1 ]] || { echo "$1: $n errors, expected 1"; cat "$tmp/$1.err"; fail=1; }
}
