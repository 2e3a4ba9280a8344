/*
 * simplequeue.c -- the SimpleQueue element class: stores packets in a FIFO
 * queue, without notification.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "SimpleQueue\n"
    "SimpleQueue(CAPACITY)\n"
    "\n"
    "=s storage\n"
    "\n"
    "stores packets in a FIFO queue, without notification\n"
    "\n"
    "=d\n"
    "\n"
    "Stores the packets pushed into its input in first-in, first-out order\n"
    "until output 0 pulls them. When CAPACITY packets are already waiting,\n"
    "an arriving packet is dropped and counted, or pushed out output 1 if\n"
    "that output is connected.\n"
    "\n"
    "SimpleQueue does not tell its neighbours when it becomes empty,\n"
    "non-empty or full; Queue does, and is the usual choice.\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item CAPACITY\n"
    "\n"
    "Unsigned integer. The most packets the queue holds at once. Default is\n"
    "1000.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of SimpleQueue exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  InfiniteSource(LIMIT 10) -> SimpleQueue(16) -> Unqueue -> Discard;\n"
    "\n"
    "=h length read-only\n"
    "\n"
    "Packets in the queue now.\n"
    "\n"
    "=h highwater_length read-only\n"
    "\n"
    "The largest number of packets the queue has held at one time since it\n"
    "was created or its counts were last reset.\n"
    "\n"
    "=h capacity read/write\n"
    "\n"
    "Returns or changes the queue's capacity (the CAPACITY argument).\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets refused because the queue was full. A refused packet leaves on\n"
    "output 1 when that output is connected, and is destroyed otherwise.\n"
    "\n"
    "=h reset_counts write-only\n"
    "\n"
    "Writing anything sets C<drops> to zero and C<highwater_length> to the\n"
    "current length.\n"
    "\n"
    "=h reset write-only\n"
    "\n"
    "Writing anything removes every packet from the queue; they leave on\n"
    "output 1 when it is connected and are destroyed otherwise.\n"
    "\n"
    "=a\n"
    "\n"
    "Queue, Unqueue\n";

static const HandlerSpec handlers[] = {
    {"length", H_READ, "packets in the queue now"},
    {"highwater_length", H_READ, "most packets the queue has held at once"},
    {"capacity", H_RW, "the CAPACITY argument"},
    {"drops", H_READ, "packets dropped because the queue was full"},
    {"reset_counts", H_WRITE, "clears drops and highwater_length"},
    {"reset", H_WRITE, "empties the queue"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_simplequeue = {
    .name = "SimpleQueue",
    .group = "standard",
    .port_count = "1/1-2",
    .processing = "h/lh",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 32,
    .doc = doc,
    .handlers = handlers,
};
