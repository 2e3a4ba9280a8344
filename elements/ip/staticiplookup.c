/*
 * staticiplookup.c -- the StaticIPLookup element class: IP routing table
 * fixed by the configuration.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "StaticIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)\n"
    "\n"
    "=s iproute\n"
    "\n"
    "IP routing table fixed by the configuration\n"
    "\n"
    "=d\n"
    "\n"
    "Each argument is a route: a destination prefix ADDR/MASK, an optional\n"
    "gateway GW, and an output number OUT. For every packet, the element\n"
    "looks up the destination IP address annotation, takes the route with\n"
    "the longest matching prefix, sets the annotation to that route's GW\n"
    "when it has one, and emits the packet on output OUT. A packet that\n"
    "matches no route is dropped.\n"
    "\n"
    "StaticIPLookup behaves like LinearIPLookup, but its routes are those\n"
    "of the configuration and cannot be changed while the router runs.\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of StaticIPLookup exists yet: fpgagen\n"
    "checks configurations that use it, but cannot generate Verilog for it.\n"
    "Its latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "Deliver packets for this host (18.26.4.24) and for the local broadcast\n"
    "address to output 0, the local network to output 1, and everything\n"
    "else to the gateway 18.26.4.1 on output 1:\n"
    "\n"
    "  rt :: StaticIPLookup(18.26.4.24/32 0, 18.26.4.255/32 0,\n"
    "                       18.26.4.0/24 1, 0.0.0.0/0 18.26.4.1 1);\n"
    "\n"
    "=h table read-only\n"
    "\n"
    "The routing table as text, one route per line.\n"
    "\n"
    "=h lookup read-only\n"
    "\n"
    "Read with an IP address as its argument; returns the output, and the\n"
    "gateway if there is one, that the table gives for it.\n"
    "\n"
    "=a\n"
    "\n"
    "LinearIPLookup, RadixIPLookup\n";

static const HandlerSpec handlers[] = {
    {"table", H_READ, "the routing table, one route per line"},
    {"lookup", H_READ,
     "output and gateway for an address (read with an argument)"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_staticiplookup = {
    .name = "StaticIPLookup",
    .group = "ip",
    .port_count = "1/-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "DST_IP",
    .annos_written = "DST_IP",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
};
