/*
 * print.c -- the Print element class: prints packet contents.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "Print([LABEL, MAXLENGTH, I<keywords> CONTENTS, TIMESTAMP, PRINTANNO,\n"
    "      HEADROOM, ACTIVE])\n"
    "\n"
    "=s debugging\n"
    "\n"
    "prints packet contents\n"
    "\n"
    "=d\n"
    "\n"
    "Prints a line for every packet that passes, then emits the packet\n"
    "unchanged. The line starts with LABEL and the packet length, followed\n"
    "by the first MAXLENGTH bytes of the packet.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item LABEL\n"
    "\n"
    "String. Printed at the start of each line. Default is empty.\n"
    "\n"
    "=item MAXLENGTH\n"
    "\n"
    "Integer. How many bytes of each packet to print; negative prints the\n"
    "whole packet. Default is 24.\n"
    "\n"
    "=item CONTENTS\n"
    "\n"
    "Word: NONE, HEX or ASCII. How to print the packet bytes. Default is\n"
    "HEX.\n"
    "\n"
    "=item TIMESTAMP\n"
    "\n"
    "Boolean. Whether to print each packet's timestamp. Default is false.\n"
    "\n"
    "=item PRINTANNO\n"
    "\n"
    "Boolean. Whether to print each packet's annotation bytes. Default is\n"
    "false.\n"
    "\n"
    "=item HEADROOM\n"
    "\n"
    "Boolean. Whether to print the room before and after the packet data.\n"
    "Default is false.\n"
    "\n"
    "=item ACTIVE\n"
    "\n"
    "Boolean. Whether to print at all. Default is true.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of Print exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "Printing is a job for software: in hardware, the packets would have to\n"
    "be copied to the runtime to be printed.\n"
    "\n"
    "=e\n"
    "\n"
    "  FromDevice(eth0) -> Print(in, 32) -> Discard;\n"
    "\n"
    "=h active read/write\n"
    "\n"
    "Returns or changes the ACTIVE argument.\n"
    "\n"
    "=a\n"
    "\n"
    "Counter\n";

static const HandlerSpec handlers[] = {
    {"active", H_RW, "the ACTIVE argument"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_print = {
    .name = "Print",
    .group = "standard",
    .port_count = "1/1",
    .processing = "a/a",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 4,
    .doc = doc,
    .handlers = handlers,
};
