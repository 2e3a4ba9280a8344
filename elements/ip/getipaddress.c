/*
 * getipaddress.c -- the GetIPAddress element class: sets the destination
 * annotation from packet data.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "GetIPAddress(OFFSET [, ANNO])\n"
    "GetIPAddress(IP src|dst [, ANNO])\n"
    "\n"
    "=s ip\n"
    "\n"
    "sets the destination annotation from packet data\n"
    "\n"
    "=d\n"
    "\n"
    "Copies the 4 bytes at byte OFFSET of each packet into its destination\n"
    "IP address annotation and emits it. OFFSET is usually 16, the\n"
    "destination address of a packet that starts with its IP header. With\n"
    "the IP keyword instead of OFFSET, the source (`src') or destination\n"
    "(`dst') address of the IP header that the IP header annotation points\n"
    "at is copied.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item OFFSET\n"
    "\n"
    "Unsigned integer. Where the address is in the packet. Required unless\n"
    "IP is given.\n"
    "\n"
    "=item IP\n"
    "\n"
    "Word, `src' or `dst'. Take that address of the IP header instead.\n"
    "\n"
    "=item ANNO\n"
    "\n"
    "Annotation. A 4-byte annotation to set instead of DST_IP. Default is\n"
    "DST_IP.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of GetIPAddress exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "Elements that need to know where a packet goes next, such as\n"
    "ARPQuerier and the IP lookup elements, read the destination address\n"
    "annotation.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> GetIPAddress(16) -> rt :: RadixIPLookup(...);\n"
    "\n"
    "=a\n"
    "\n"
    "ARPQuerier, RadixIPLookup, CheckIPHeader\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

const ElementClass fg_class_getipaddress = {
    .name = "GetIPAddress",
    .group = "ip",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "DST_IP",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
};
