/*
 * decipttl.c -- the DecIPTTL element class: decrements the IP time to live,
 * separating expired packets.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "DecIPTTL([I<keywords> ACTIVE, MULTICAST])\n"
    "\n"
    "=s ip\n"
    "\n"
    "decrements the IP time to live, separating expired packets\n"
    "\n"
    "=d\n"
    "\n"
    "Expects IP packets with the IP header annotation set. A packet whose\n"
    "time to live is 1 or less has expired: it leaves on output 1 if\n"
    "connected (usually to an ICMPError that reports it), and is dropped\n"
    "otherwise. Any other packet has its time to live decremented, its\n"
    "header checksum updated to match, and leaves on output 0.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item ACTIVE\n"
    "\n"
    "Boolean. If false, packets pass untouched. Default is true.\n"
    "\n"
    "=item MULTICAST\n"
    "\n"
    "Boolean. If false, multicast packets pass untouched. Default is true.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of DecIPTTL exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> CheckIPHeader -> dt :: DecIPTTL -> ...\n"
    "  dt[1] -> ICMPError(10.0.0.1, timeexceeded) -> ...\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Expired packets.\n"
    "\n"
    "=h active read/write\n"
    "\n"
    "Returns or changes the ACTIVE argument.\n"
    "\n"
    "=a\n"
    "\n"
    "ICMPError, CheckIPHeader\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "expired packets"},
    {"active", H_RW, "the ACTIVE argument"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_decipttl = {
    .name = "DecIPTTL",
    .group = "ip",
    .port_count = "1/1-2",
    .processing = "a/ah",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
};
