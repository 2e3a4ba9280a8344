/*
 * fixipsrc.c -- the FixIPSrc element class: sets the IP source address when
 * an annotation asks for it.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "FixIPSrc(IPADDR)\n"
    "\n"
    "=s ip\n"
    "\n"
    "sets the IP source address when an annotation asks for it\n"
    "\n"
    "=d\n"
    "\n"
    "Expects IP packets. When a packet's fix-IP-source annotation is set,\n"
    "FixIPSrc clears it, replaces the IP source address with IPADDR and\n"
    "updates the header checksum; other packets pass untouched. Standards\n"
    "require some generated packets, such as ICMP errors, to carry the\n"
    "address of the interface they leave by; ICMPError sets the annotation\n"
    "so that a FixIPSrc on each output path can put that address in.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item IPADDR\n"
    "\n"
    "IP address. The address of the outgoing interface. Required.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of FixIPSrc exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> FixIPSrc(10.0.0.1) -> ... -> ToDevice(eth0);\n"
    "\n"
    "=a\n"
    "\n"
    "ICMPError\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

const ElementClass fg_class_fixipsrc = {
    .name = "FixIPSrc",
    .group = "ip",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "FIX_IP_SRC",
    .annos_written = "FIX_IP_SRC",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
};
