#!/usr/bin/env bash
# The Linux driver and the backends that reach a board without the
# simulator: fpgagen.ko builds cleanly (build.sh), the chardev and pci
# backends work against stand-ins for the device file and for sysfs
# (test_backends.c), and the pci backend's libpci lookup works on this
# machine's real bus (pci_lookup.c).  The shared checks of fpgagen_regs.h
# are unit tests (tests/unit/test_driver_regs.c).
#
# Prints one PASS/FAIL/SKIP line per check; exits 1 when any failed.
#
#   CC     C compiler (default gcc)
#   KDIR   the kernel build tree for build.sh
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
CC=${CC:-gcc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

pass() { echo "PASS driver/$1"; }
fail() { failed=1; echo "FAIL driver/$1"; [[ -n ${2:-} && -f $2 ]] && sed 's/^/    /' "$2" | head -30; }
skip() { echo "SKIP driver/$1: $2"; }

# What the Makefile gives the unit tests: C11, its warnings, the sanitizers.
CFLAGS=(-std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
        -Wno-unused-parameter -Wno-missing-field-initializers
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
        -I"$top/tests/unit")
BACKENDS=("$top/runtime/backend_chardev.c" "$top/runtime/backend_pci.c")

# ---- the module -------------------------------------------------------------
bash "$here/build.sh" > "$work/build.log" 2>&1; st=$?
case $st in
    0) pass build ;;
    77) skip build "$(tail -n 1 "$work/build.log")" ;;
    *) fail "build: $(tail -n 1 "$work/build.log")" "$work/build.log" ;;
esac

# ---- the backends against stand-ins ------------------------------------------
if $CC "${CFLAGS[@]}" -o "$work/test_backends" "$here/test_backends.c" \
        "$top/tests/unit/unit_main.c" "${BACKENDS[@]}" -lpci > "$work/cc.log" 2>&1; then
    "$work/test_backends" > "$work/out" 2>&1; st=$?
    sed 's/^\(PASS\|FAIL\|SKIP\) /\1 driver\//' "$work/out"
    grep -q '^FAIL ' "$work/out" && failed=1
    if [[ $st -ne 0 ]] && ! grep -q '^FAIL ' "$work/out"; then
        fail "test_backends: exited with status $st and no FAIL line (crash?)"
    fi
else
    fail "test_backends: does not build" "$work/cc.log"
fi

# ---- libpci on the real bus ----------------------------------------------------
if $CC "${CFLAGS[@]}" -o "$work/pci_lookup" "$here/pci_lookup.c" "${BACKENDS[@]}" \
        -lpci > "$work/cc.log" 2>&1; then
    "$work/pci_lookup" > "$work/out" 2>&1; st=$?
    case $st in
        0) pass "pci_lookup ($(tail -n 1 "$work/out"))" ;;
        77) skip pci_lookup "$(tail -n 1 "$work/out")" ;;
        *) fail "pci_lookup: exit status $st" "$work/out" ;;
    esac
else
    fail "pci_lookup: does not build" "$work/cc.log"
fi

exit $failed
