/*
 * randomsource.c -- the RandomSource element class: generates packets of
 * random bytes.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "RandomSource(LENGTH [, LIMIT, BURST, ACTIVE, I<keywords> STOP,\n"
    "             END_CALL])\n"
    "\n"
    "=s basicsources\n"
    "\n"
    "generates packets of random bytes\n"
    "\n"
    "=d\n"
    "\n"
    "Emits packets of LENGTH random bytes, BURST at a time, for as long as\n"
    "it is active and until it has sent LIMIT of them. Each packet's\n"
    "timestamp annotation is set to the time it was made.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item LENGTH\n"
    "\n"
    "Unsigned integer. The packet length in bytes. Required.\n"
    "\n"
    "=item LIMIT\n"
    "\n"
    "Integer. How many packets to send in all; negative means no limit.\n"
    "Default is -1.\n"
    "\n"
    "=item BURST\n"
    "\n"
    "Integer. How many packets to send each time it runs. Default is 1.\n"
    "\n"
    "=item ACTIVE\n"
    "\n"
    "Boolean. Whether to send packets at all. Default is true.\n"
    "\n"
    "=item STOP\n"
    "\n"
    "Boolean. If true, stop the router once LIMIT packets have been sent.\n"
    "Default is false.\n"
    "\n"
    "=item END_CALL\n"
    "\n"
    "Handler call. A write handler to call once LIMIT packets have been\n"
    "sent; not allowed together with STOP.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of RandomSource exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  RandomSource(64, LIMIT 100) -> Queue -> ToDevice(eth0);\n"
    "\n"
    "=h count read-only\n"
    "\n"
    "Packets sent so far.\n"
    "\n"
    "=h reset write-only\n"
    "\n"
    "Writing anything sets C<count> to zero, so that another LIMIT packets\n"
    "are sent if the source is active.\n"
    "\n"
    "=h length read/write\n"
    "\n"
    "Returns or changes the packet length (the LENGTH argument).\n"
    "\n"
    "=h limit read/write\n"
    "\n"
    "Returns or changes the LIMIT argument.\n"
    "\n"
    "=h burst read/write\n"
    "\n"
    "Returns or changes the BURST argument.\n"
    "\n"
    "=h active read/write\n"
    "\n"
    "Returns or changes the ACTIVE argument.\n"
    "\n"
    "=a\n"
    "\n"
    "InfiniteSource\n";

static const HandlerSpec handlers[] = {
    {"count", H_READ, "packets sent so far"},
    {"reset", H_WRITE, "sets count to zero"},
    {"length", H_RW, "the LENGTH argument"},
    {"limit", H_RW, "the LIMIT argument"},
    {"burst", H_RW, "the BURST argument"},
    {"active", H_RW, "the ACTIVE argument"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_randomsource = {
    .name = "RandomSource",
    .group = "standard",
    .port_count = "0/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 32,
    .doc = doc,
    .handlers = handlers,
};
