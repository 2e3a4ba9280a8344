/*
 * checkipheader.c -- the CheckIPHeader element class: checks IP headers and
 * drops bad packets.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "CheckIPHeader([OFFSET, I<keywords> OFFSET, INTERFACES, BADSRC,\n"
    "              GOODDST, CHECKSUM, VERBOSE, DETAILS])\n"
    "\n"
    "=s ip\n"
    "\n"
    "checks IP headers and drops bad packets\n"
    "\n"
    "=d\n"
    "\n"
    "Expects packets with an IP header OFFSET bytes in. Checks that the\n"
    "packet is long enough, that the version is 4, that the header length\n"
    "and total length fields make sense, and (unless CHECKSUM is false)\n"
    "that the header checksum is right; with INTERFACES, BADSRC or GOODDST\n"
    "it also checks the source address (RFC 1812, 5.3.7). A good packet is\n"
    "cut to the length its IP header gives (removing Ethernet padding, for\n"
    "example), gets its IP header and destination IP address annotations\n"
    "set, and leaves on output 0. A bad packet leaves on output 1 if it is\n"
    "connected, and is dropped otherwise.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item OFFSET\n"
    "\n"
    "Unsigned integer. Where the IP header starts. Default is 0.\n"
    "\n"
    "=item CHECKSUM\n"
    "\n"
    "Boolean. Whether to check the header checksum. Default is true.\n"
    "\n"
    "=item BADSRC\n"
    "\n"
    "List of IP addresses. Packets from these sources are bad, unless their\n"
    "destination is in GOODDST. Default is empty.\n"
    "\n"
    "=item GOODDST\n"
    "\n"
    "List of IP addresses. Packets to these destinations are exempt from\n"
    "the BADSRC check. Default is empty.\n"
    "\n"
    "=item INTERFACES\n"
    "\n"
    "List of IP addresses with prefixes: the router's own interfaces. Sets\n"
    "BADSRC to their broadcast addresses plus 0.0.0.0 and 255.255.255.255,\n"
    "and GOODDST to the interface addresses. Default is none.\n"
    "\n"
    "=item VERBOSE\n"
    "\n"
    "Boolean. Report every bad packet rather than only the first. Default\n"
    "is false.\n"
    "\n"
    "=item DETAILS\n"
    "\n"
    "Boolean. Keep a count for each reason a packet was bad, for the\n"
    "drop_details handler. Default is false.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of CheckIPHeader exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "Click also accepts an older form, CheckIPHeader([BADSRC2, OFFSET,\n"
    "I<keywords>]), in which a positional address list acts like BADSRC and\n"
    "also marks 0.0.0.0 and 255.255.255.255 as bad.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> ...\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Bad packets seen.\n"
    "\n"
    "=h drop_details read-only\n"
    "\n"
    "The bad packets counted by reason, one reason per line. Present only\n"
    "when DETAILS is true.\n"
    "\n"
    "=a\n"
    "\n"
    "MarkIPHeader, SetIPChecksum, DecIPTTL, Strip\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "bad packets seen"},
    {"drop_details", H_READ, "bad packets by reason (with DETAILS)"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_checkipheader = {
    .name = "CheckIPHeader",
    .group = "ip",
    .port_count = "1/1-2",
    .processing = "a/ah",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "DST_IP",
    .csr_bytes = 32,
    .doc = doc,
    .handlers = handlers,
};
