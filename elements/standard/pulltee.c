/*
 * pulltee.c -- the PullTee element class: copies each pulled packet to push
 * outputs.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "PullTee([N])\n"
    "\n"
    "=s basictransfer\n"
    "\n"
    "copies each pulled packet to push outputs\n"
    "\n"
    "=d\n"
    "\n"
    "PullTee's input and output 0 are pull; its other outputs are push.\n"
    "Each time output 0 pulls a packet through it, PullTee pushes a copy of\n"
    "that packet out of every other output.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item N\n"
    "\n"
    "Unsigned integer. The number of outputs expected. Default is the\n"
    "number of outputs used.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of PullTee exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  q :: Queue -> pt :: PullTee -> ToDevice(eth0);\n"
    "  pt[1] -> Counter -> Discard;\n"
    "\n"
    "=a\n"
    "\n"
    "Tee\n";

static const HandlerSpec handlers[] = {
    {NULL, 0, NULL},
};

const ElementClass fg_class_pulltee = {
    .name = "PullTee",
    .group = "standard",
    .port_count = "1/1-",
    .processing = "l/lh",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
};
