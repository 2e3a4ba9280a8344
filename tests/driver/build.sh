#!/usr/bin/env bash
# Builds fpgagen.ko with `make -C driver` and checks the result: the module
# exists, neither the compiler nor modpost warned (the Makefile builds with
# W=1), its license is GPL and it takes ids=; and a KDIR that is no kernel
# tree is refused with a clear message.  The build runs in a scratch copy
# of driver/, so that a test run neither races with nor litters the tree.
#
# Exits 0 when all hold, 1 with the reason when not, 77 with a reason when
# there are no kernel headers to build against.
#
#   KDIR   the kernel build tree (default: the Makefile's choice)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kdir=$(make -s --no-print-directory -C "$top/driver" kdir)
if [[ -z $kdir || ! -f $kdir/Makefile ]]; then
    echo "no kernel headers: neither /lib/modules/$(uname -r)/build nor /usr/src/linux-headers-*-amd64 (install linux-headers-amd64)"
    exit 77
fi

mkdir "$work/driver"
cp "$top"/driver/Makefile "$top"/driver/*.c "$top"/driver/*.h "$work/driver/"
if ! make -C "$work/driver" > "$work/log" 2>&1; then
    cat "$work/log"
    echo "make -C driver failed against $kdir"
    exit 1
fi
ko=$work/driver/fpgagen.ko
if [[ ! -f $ko ]]; then
    cat "$work/log"
    echo "make -C driver succeeded but built no fpgagen.ko"
    exit 1
fi
if grep -qi 'warning' "$work/log"; then
    grep -i -B2 -A4 'warning' "$work/log"
    echo "fpgagen.ko built with warnings against $kdir"
    exit 1
fi
modinfo=$(readelf -p .modinfo "$ko" 2>&1)
for want in 'license=GPL' 'parm=ids:' 'parmtype=ids:charp'; do
    if ! grep -q "$want" <<< "$modinfo"; then
        echo "$modinfo"
        echo "fpgagen.ko lacks $want in .modinfo"
        exit 1
    fi
done

if make -C "$work/driver" KDIR="$work/nowhere" > "$work/log" 2>&1 \
        || ! grep -q "KDIR=$work/nowhere is not a kernel build tree" "$work/log"; then
    cat "$work/log"
    echo "make -C driver KDIR=<not a kernel tree> was not refused clearly"
    exit 1
fi

echo "fpgagen.ko built with no warnings (W=1) against $kdir"
