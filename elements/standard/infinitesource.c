/*
 * infinitesource.c -- the InfiniteSource element class: generates copies of
 * one packet as fast as it can.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "InfiniteSource([DATA, LIMIT, BURST, ACTIVE, I<keywords> LENGTH, STOP,\n"
    "               END_CALL, TIMESTAMP])\n"
    "\n"
    "=s basicsources\n"
    "\n"
    "generates copies of one packet as fast as it can\n"
    "\n"
    "=d\n"
    "\n"
    "Emits packets whose contents are DATA, BURST at a time, for as long as\n"
    "it is active and until it has sent LIMIT of them. With a push output\n"
    "it sends whenever it gets to run; with a pull output it hands a packet\n"
    "to every pull.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item DATA\n"
    "\n"
    "String. The packet contents. Default is a packet of at least 64 bytes.\n"
    "\n"
    "=item LENGTH\n"
    "\n"
    "Integer. If given, packets are padded or cut to this length.\n"
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
    "=item TIMESTAMP\n"
    "\n"
    "Boolean. Whether to set each packet's timestamp annotation. Default is\n"
    "true.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of InfiniteSource exists yet: fpgagen\n"
    "checks configurations that use it, but cannot generate Verilog for it.\n"
    "Its latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  InfiniteSource(LIMIT 1000) -> Queue -> ToDevice(eth0);\n"
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
    "=h data read/write\n"
    "\n"
    "Returns or changes the packet contents (the DATA argument).\n"
    "\n"
    "=h length read/write\n"
    "\n"
    "Returns or changes the LENGTH argument.\n"
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
    "RandomSource, Unqueue\n";

static const HandlerSpec handlers[] = {
    {"count", H_READ, "packets sent so far"},
    {"reset", H_WRITE, "sets count to zero"},
    {"data", H_RW, "the DATA argument"},
    {"length", H_RW, "the LENGTH argument"},
    {"limit", H_RW, "the LIMIT argument"},
    {"burst", H_RW, "the BURST argument"},
    {"active", H_RW, "the ACTIVE argument"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_infinitesource = {
    .name = "InfiniteSource",
    .group = "standard",
    .port_count = "0/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 64,
    .doc = doc,
    .handlers = handlers,
};
