#!/usr/bin/env bash
# Installs the Debian packages fpgagen needs, when any is missing.
# Runs `apt-get update` first, as a fresh machine's package lists are empty.
set -euo pipefail

PACKAGES=(
    gcc g++ make clang libclang-rt-14-dev   # compilers (g++ for Verilator), sanitizers, libFuzzer
    graphviz time                       # dot for `fpgagen dot`; peak memory in bench
    verilator iverilog yosys            # simulation, lint, synthesis
    nextpnr-ice40 fpga-icestorm         # iCE40 place and route, bitstreams
    libpcap-dev libjansson-dev libyaml-dev libedit-dev libpci-dev
    linux-headers-amd64                 # driver/ builds against these
)

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing ${missing[*]}"
SUDO=
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
