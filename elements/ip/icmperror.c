/*
 * icmperror.c -- the ICMPError element class: answers packets with ICMP
 * error messages.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "ICMPError(SRC, TYPE [, CODE, I<keywords> BADADDRS, MTU, PMTU,\n"
    "          USE_FIX_ANNO])\n"
    "\n"
    "=s icmp\n"
    "\n"
    "answers packets with ICMP error messages\n"
    "\n"
    "=d\n"
    "\n"
    "For every IP packet it receives, ICMPError emits an ICMP error message\n"
    "of type TYPE and code CODE addressed to the packet's sender, from\n"
    "source address SRC, and destroys the packet. The message quotes the\n"
    "packet's IP header and the start of its payload. ICMPError sets the\n"
    "message's destination address annotation, and its fix-IP-source\n"
    "annotation unless USE_FIX_ANNO is false.\n"
    "\n"
    "Following RFC 1812, no message is sent about an ICMP error message, a\n"
    "fragment other than the first, a link-level broadcast or multicast, a\n"
    "packet to a broadcast or multicast address, a packet from an invalid\n"
    "source address, or a packet from or to one of BADADDRS.\n"
    "\n"
    "TYPE and CODE are numbers or names. Types: unreachable (3),\n"
    "sourcequench (4), redirect (5), timeexceeded (11), parameterproblem\n"
    "(12). Codes: net, host, protocol, port, needfrag for unreachable; net,\n"
    "host for redirect; transit, reassembly for timeexceeded; erroratptr,\n"
    "missingopt, length for parameterproblem. A parameter problem with code\n"
    "erroratptr points at the byte named by the packet's ICMP parameter\n"
    "problem annotation. A redirect names the gateway in the packet's\n"
    "destination address annotation. An unreachable needfrag reports PMTU\n"
    "as the next-hop MTU. When the packet carries a source route, the\n"
    "message carries it reversed.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item SRC\n"
    "\n"
    "IP address. The message's source address. Required.\n"
    "\n"
    "=item TYPE\n"
    "\n"
    "ICMP type, a number or a name. Required.\n"
    "\n"
    "=item CODE\n"
    "\n"
    "ICMP code, a number or a name. Default is 0.\n"
    "\n"
    "=item BADADDRS\n"
    "\n"
    "List of IP addresses. Never answer packets from or to these (typically\n"
    "the local broadcast addresses). Default is empty.\n"
    "\n"
    "=item MTU\n"
    "\n"
    "Unsigned integer. The largest message to send, in bytes. Default is\n"
    "576.\n"
    "\n"
    "=item PMTU\n"
    "\n"
    "Unsigned integer. The next-hop MTU reported in unreachable needfrag\n"
    "messages.\n"
    "\n"
    "=item USE_FIX_ANNO\n"
    "\n"
    "Boolean. Whether to set the fix-IP-source annotation. Default is true.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of ICMPError exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "ICMPError makes a new packet for each one it receives. Its output is\n"
    "normally fed back to the routing lookup, like a packet from an\n"
    "interface; a rate limiter after it is wise.\n"
    "\n"
    "=e\n"
    "\n"
    "  dt :: DecIPTTL;\n"
    "  dt[1] -> ICMPError(10.0.0.1, timeexceeded) -> rt;\n"
    "\n"
    "=h src read/write\n"
    "\n"
    "Returns or changes the source address of messages (SRC).\n"
    "\n"
    "=h mtu read/write\n"
    "\n"
    "Returns or changes the MTU argument.\n"
    "\n"
    "=h pmtu read/write\n"
    "\n"
    "Returns or changes the PMTU argument.\n"
    "\n"
    "=a\n"
    "\n"
    "DecIPTTL, IPGWOptions, FixIPSrc\n";

static const HandlerSpec handlers[] = {
    {"src", H_RW, "the SRC argument"},
    {"mtu", H_RW, "the MTU argument"},
    {"pmtu", H_RW, "the PMTU argument"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_icmperror = {
    .name = "ICMPError",
    .group = "ip",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "DST_IP,ICMP_PARAMPROB,PACKET_TYPE",
    .annos_written = "DST_IP,FIX_IP_SRC",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
};
