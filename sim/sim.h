/*
 * sim.h -- `fpgagen sim`: the simulation harness's entry points.
 *
 *   fpgagen sim DIR --in eth0=a.pcap --out eth1=b.pcap [OPTION]...
 *
 * docs/sim.md describes the command, the traffic it drives, the table it
 * prints and the register socket's wire protocol.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include "model.h"

/* The `fpgagen sim` command; argv[0] is "sim".  Builds the design when
 * needed and runs it (Verilator: replaces the process with the design's
 * simulator; Icarus: runs vvp and writes the results itself).
 * Returns the exit status: 0 success, 1 error, 2 bad usage, 3 the design
 * broke the stream protocol or stalled. */
int sim_main(int argc, char **argv);

/* main() of a design's Verilator simulator (DIR/sim/obj/fgsim): the same
 * arguments as sim_main, run on the compiled model behind ops. */
int sim_exe_main(int argc, char **argv, const SimModelOps *ops);

#endif
