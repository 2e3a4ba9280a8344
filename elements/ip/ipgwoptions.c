/*
 * ipgwoptions.c -- the IPGWOptions element class: processes the IP options
 * every router must handle.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "IPGWOptions(MYADDR [, OTHERADDRS])\n"
    "\n"
    "=s ip\n"
    "\n"
    "processes the IP options every router must handle\n"
    "\n"
    "=d\n"
    "\n"
    "Processes the IP options that every router on a packet's path must\n"
    "handle, whoever the packet is for: Record Route and Timestamp (source\n"
    "routes are not handled here). Addresses recorded are MYADDR, the\n"
    "address of the interface the packet will leave by, so IPGWOptions\n"
    "belongs on the output path (RFC 1812, 4.2.2.2). The header checksum is\n"
    "updated when an option changes.\n"
    "\n"
    "A packet with a malformed option leaves on output 1 if it is connected\n"
    "(and is dropped otherwise), with its ICMP parameter problem annotation\n"
    "set to the offset of the bad byte, for an ICMPError of type 12.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item MYADDR\n"
    "\n"
    "IP address. The address of the outgoing interface. Required.\n"
    "\n"
    "=item OTHERADDRS\n"
    "\n"
    "List of IP addresses. The router's other interface addresses, used for\n"
    "the Timestamp option. Default is empty.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of IPGWOptions exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> gw :: IPGWOptions(10.0.0.1) -> ...\n"
    "  gw[1] -> ICMPError(10.0.0.1, parameterproblem) -> ...\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets with bad options.\n"
    "\n"
    "=a\n"
    "\n"
    "ICMPError, FixIPSrc\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "packets with bad options"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_ipgwoptions = {
    .name = "IPGWOptions",
    .group = "ip",
    .port_count = "1/1-2",
    .processing = "a/ah",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "ICMP_PARAMPROB",
    .csr_bytes = 8,
    .doc = doc,
    .handlers = handlers,
};
