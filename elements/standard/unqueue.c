/*
 * unqueue.c -- the Unqueue element class: pulls packets and pushes them on.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "Unqueue([I<keywords> ACTIVE, LIMIT, BURST])\n"
    "\n"
    "=s shaping\n"
    "\n"
    "pulls packets and pushes them on\n"
    "\n"
    "=d\n"
    "\n"
    "Pulls packets from its input as soon as they are available and pushes\n"
    "each out its output: the opposite of Queue.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item ACTIVE\n"
    "\n"
    "Boolean. If false, Unqueue pulls nothing. Default is true.\n"
    "\n"
    "=item LIMIT\n"
    "\n"
    "Integer. If positive, Unqueue stops after pulling LIMIT packets; -1\n"
    "means no limit. Default is -1.\n"
    "\n"
    "=item BURST\n"
    "\n"
    "Integer. The most packets to move each time Unqueue runs; negative\n"
    "means until the input has no more. Default is 1.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of Unqueue exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  ... -> Queue -> Unqueue -> Counter -> Discard;\n"
    "\n"
    "=h count read-only\n"
    "\n"
    "Packets moved so far.\n"
    "\n"
    "=h reset write-only\n"
    "\n"
    "Writing anything sets C<count> to zero, which lets Unqueue move\n"
    "another LIMIT packets.\n"
    "\n"
    "=h active read/write\n"
    "\n"
    "Returns or changes the ACTIVE argument.\n"
    "\n"
    "=h limit read/write\n"
    "\n"
    "Returns or changes the LIMIT argument.\n"
    "\n"
    "=h burst read/write\n"
    "\n"
    "Returns or changes the BURST argument.\n"
    "\n"
    "=a\n"
    "\n"
    "Queue, Discard\n";

static const HandlerSpec handlers[] = {
    {"count", H_READ, "packets moved so far"},
    {"reset", H_WRITE, "sets count to zero"},
    {"active", H_RW, "the ACTIVE argument"},
    {"limit", H_RW, "the LIMIT argument"},
    {"burst", H_RW, "the BURST argument"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_unqueue = {
    .name = "Unqueue",
    .group = "standard",
    .port_count = "1/1",
    .processing = "l/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 16,
    .doc = doc,
    .handlers = handlers,
};
