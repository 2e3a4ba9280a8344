/*
 * setipchecksum.c -- the SetIPChecksum element class: computes IP header
 * checksums.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "SetIPChecksum\n"
    "\n"
    "=s ip\n"
    "\n"
    "computes IP header checksums\n"
    "\n"
    "=d\n"
    "\n"
    "Expects IP packets. Computes the checksum of each IP header and stores\n"
    "it in the header. The header is the one the IP header annotation\n"
    "points at, or the start of the packet when the annotation is not set.\n"
    "A packet too short for its header, or whose header length field is\n"
    "below 20, is dropped and counted.\n"
    "\n"
    "Elements that change IP headers, such as DecIPTTL, update the checksum\n"
    "themselves, so SetIPChecksum is rarely needed.\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of SetIPChecksum exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> SetIPChecksum -> ...\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Malformed packets dropped.\n"
    "\n"
    "=a\n"
    "\n"
    "CheckIPHeader, DecIPTTL\n";

static const HandlerSpec handlers[] = {
    {"drops", H_READ, "malformed packets dropped"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_setipchecksum = {
    .name = "SetIPChecksum",
    .group = "ip",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 8,
    .doc = doc,
    .handlers = handlers,
};
