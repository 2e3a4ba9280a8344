#!/usr/bin/env bash
# backend_uart_ops (runtime/backend_uart.c) end to end against the UART
# register bridge in simulation: builds uart_sim_top (tests/uart/
# uart_sim_top.v: rtl/fg_uart_csr.v in front of a small register map) with
# Verilator and links it with uart_sim.c and the backend; uart_sim then
# serves the bridge's pins on a pseudo-terminal and drives the backend
# through it (docs/uart.md, "Tests").  One line per test: `PASS name`,
# `FAIL name: why` or `SKIP name: why`; exit status 1 if any failed.
#
#   BUILD          build folder (default: build); the simulator is built in
#                  BUILD/tests/uart and rebuilt only when a source changes
#   CLKS_PER_BIT   the bridge's clock cycles per bit in the simulation (8)
#   UART_CFLAGS    extra flags for the C, the shim and the link (e.g.
#                  -fsanitize=address,undefined)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
[[ $BUILD = /* ]] || BUILD=$top/$BUILD
CLKS_PER_BIT=${CLKS_PER_BIT:-8}
out=$BUILD/tests/uart
obj=$out/obj-cpb$CLKS_PER_BIT

for tool in verilator gcc g++ make; do
    if ! command -v $tool > /dev/null 2>&1; then
        echo "SKIP uart/sim: $tool not installed"
        exit 0
    fi
done

mkdir -p "$obj"
exec 9> "$out/lock"
flock 9

rtl_files=("$top/rtl/fg_uart_csr.v" "$top/rtl/fg_uart_rx.v" "$top/rtl/fg_uart_tx.v"
           "$top/rtl/fg_id_block.v" "$here/uart_sim_top.v")
c_files=("$here/uart_sim.c" "$top/runtime/backend_uart.c")
UART_CFLAGS=${UART_CFLAGS:-}
CFLAGS="-std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes $UART_CFLAGS"
fingerprint=$( { cat "${rtl_files[@]}" "${c_files[@]}" "$here/uart_sim_shim.cpp" \
                     "$here/uart_model.h" "$top/runtime/backend.h" "$0";
                 verilator --version; gcc --version | head -n1;
                 echo "$CFLAGS $CLKS_PER_BIT"; } | sha256sum | cut -d' ' -f1)

if [[ ! -x $obj/uart_sim || $(cat "$obj/fingerprint" 2> /dev/null) != "$fingerprint" ]]; then
    rm -f "$obj/fingerprint" "$obj/uart_sim"
    for f in "${c_files[@]}"; do
        o=$obj/$(basename "${f%.c}").o
        # shellcheck disable=SC2086
        if ! gcc $CFLAGS -DUART_SIM_CLKS_PER_BIT="$CLKS_PER_BIT" -I"$top/runtime" -I"$here" \
                -c -o "$o" "$f" > "$obj/cc.log" 2>&1; then
            echo "FAIL uart/build: gcc $(basename "$f"): $(grep -m1 -E 'error' "$obj/cc.log")"
            exit 1
        fi
    done
    extra=()
    command -v ccache > /dev/null 2>&1 && extra+=(-MAKEFLAGS OBJCACHE=ccache)
    # (an empty -LDFLAGS would take the next argument as its value)
    [[ -n $UART_CFLAGS ]] && extra+=(-LDFLAGS "$UART_CFLAGS")
    if ! verilator --cc --exe --build -j 2 -Wall --top-module uart_sim_top \
            -GCLKS_PER_BIT="$CLKS_PER_BIT" --Mdir "$obj" -o uart_sim \
            -CFLAGS "-I$here $UART_CFLAGS" \
            "${rtl_files[@]}" "$here/uart_sim_shim.cpp" "$obj/uart_sim.o" "$obj/backend_uart.o" \
            "${extra[@]}" > "$obj/build.log" 2>&1; then
        echo "FAIL uart/build: verilator: $(grep -m1 -E '%Error|error' "$obj/build.log")"
        exit 1
    fi
    echo "$fingerprint" > "$obj/fingerprint"
fi
echo "PASS uart/build (Verilator model of uart_sim_top, CLKS_PER_BIT=$CLKS_PER_BIT)"

timeout 120 "$obj/uart_sim" > "$obj/run.log" 2>&1
st=$?
sed -E 's/^(PASS|FAIL|SKIP) /\1 uart\//' "$obj/run.log"
if [[ $st -ne 0 ]] && ! grep -q '^FAIL ' "$obj/run.log"; then
    echo "FAIL uart/sim: uart_sim exited with status $st and no FAIL line"
fi
[[ $st -eq 0 ]]
