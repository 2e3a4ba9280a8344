/*
 * radixiplookup.c -- the RadixIPLookup element class: IP routing table with
 * a radix trie.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "RadixIPLookup(ADDR1/MASK1 [GW1] OUT1, ADDR2/MASK2 [GW2] OUT2, ...)\n"
    "\n"
    "=s iproute\n"
    "\n"
    "IP routing table with a radix trie\n"
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
    "RadixIPLookup keeps its routes in a radix trie, so lookups take a\n"
    "bounded number of steps whatever the table size, and routes can be\n"
    "added and removed while the router runs.\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of RadixIPLookup exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  rt :: RadixIPLookup(10.0.0.0/8 0, 192.168.1.0/24 1,\n"
    "                      0.0.0.0/0 192.168.1.254 1);\n"
    "\n"
    "C<WRITE rt.add 10.1.0.0/16 2> then sends 10.1.x.x to output 2.\n"
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
    "=h add write-only\n"
    "\n"
    "Adds a route, written as `ADDR/MASK [GW] OUT'.\n"
    "\n"
    "=h set write-only\n"
    "\n"
    "Sets a route, written as `ADDR/MASK [GW] OUT', whether or not one for\n"
    "that prefix exists.\n"
    "\n"
    "=h remove write-only\n"
    "\n"
    "Removes the route for the prefix ADDR/MASK.\n"
    "\n"
    "=h ctrl write-only\n"
    "\n"
    "Takes one command per line: `add ADDR/MASK [GW] OUT', `set ADDR/MASK\n"
    "[GW] OUT' or `remove ADDR/MASK'. The commands take effect together: if\n"
    "one fails, none does.\n"
    "\n"
    "=a\n"
    "\n"
    "LinearIPLookup, StaticIPLookup, GetIPAddress, CheckIPHeader\n";

static const HandlerSpec handlers[] = {
    {"table", H_READ, "the routing table, one route per line"},
    {"lookup", H_READ,
     "output and gateway for an address (read with an argument)"},
    {"add", H_WRITE, "adds a route: ADDR/MASK [GW] OUT"},
    {"set", H_WRITE, "adds or replaces a route: ADDR/MASK [GW] OUT"},
    {"remove", H_WRITE, "removes the route for ADDR/MASK"},
    {"ctrl", H_WRITE, "several add/set/remove commands as one change"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_radixiplookup = {
    .name = "RadixIPLookup",
    .group = "ip",
    .port_count = "1/-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "DST_IP",
    .annos_written = "DST_IP",
    .csr_bytes = 64,
    .doc = doc,
    .handlers = handlers,
};
