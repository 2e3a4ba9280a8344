/*
 * markipheader.c -- the MarkIPHeader element class: sets the IP header
 * annotation.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "MarkIPHeader([OFFSET])\n"
    "\n"
    "=s ip\n"
    "\n"
    "sets the IP header annotation\n"
    "\n"
    "=d\n"
    "\n"
    "Marks each packet as an IP packet whose header starts OFFSET bytes in,\n"
    "by setting its IP header annotation, and emits it. Nothing is checked,\n"
    "the packet is not cut to its IP length, and the destination address\n"
    "annotation is left alone: CheckIPHeader does all of that.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item OFFSET\n"
    "\n"
    "Unsigned integer. Where the IP header starts. Default is 0.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of MarkIPHeader exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> MarkIPHeader(14) -> IPClassifier(tcp, -) -> ...\n"
    "\n"
    "=a\n"
    "\n"
    "CheckIPHeader, IPClassifier\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

const ElementClass fg_class_markipheader = {
    .name = "MarkIPHeader",
    .group = "ip",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
};
