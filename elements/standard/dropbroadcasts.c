/*
 * dropbroadcasts.c -- the DropBroadcasts element class: drops link-level
 * broadcast and multicast packets.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "DropBroadcasts\n"
    "\n"
    "=s annotations\n"
    "\n"
    "drops link-level broadcast and multicast packets\n"
    "\n"
    "=d\n"
    "\n"
    "Drops every packet that arrived as a link-level broadcast or\n"
    "multicast, as its packet type annotation says (FromDevice sets it). A\n"
    "router uses it because it must not forward link-level broadcasts.\n"
    "Dropped packets go out output 1 if it is connected.\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of DropBroadcasts exists yet: fpgagen\n"
    "checks configurations that use it, but cannot generate Verilog for it.\n"
    "Its latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> DropBroadcasts -> ...\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets dropped.\n"
    "\n"
    "=a\n"
    "\n"
    "FromDevice, ICMPError\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "packets dropped"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_dropbroadcasts = {
    .name = "DropBroadcasts",
    .group = "standard",
    .port_count = "1/1-2",
    .processing = "a/ah",
    .flow_code = NULL,
    .annos_read = "PACKET_TYPE",
    .annos_written = "",
    .csr_bytes = 8,
    .doc = doc,
    .handlers = handlers,
};
