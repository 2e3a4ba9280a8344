/*
 * ipfilter.c -- the IPFilter element class: filters IP packets by tcpdump-
 * like patterns.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "IPFilter(ACTION_1 PATTERN_1, ..., ACTION_N PATTERN_N)\n"
    "\n"
    "=s ip\n"
    "\n"
    "filters IP packets by tcpdump-like patterns\n"
    "\n"
    "=d\n"
    "\n"
    "Each argument is a rule: an ACTION followed by a PATTERN in\n"
    "IPClassifier's syntax. Each packet is handled by the first rule whose\n"
    "pattern it matches: the ACTION is an output number to send it to,\n"
    "`allow' (output 0) or `drop' (also `deny') to destroy it. A packet\n"
    "that no rule matches is dropped. Input packets must have their IP\n"
    "header annotation set.\n"
    "\n"
    "See IPClassifier for the pattern syntax.\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of IPFilter exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "  IPFilter(allow dst port 22, allow src net 10.0.0.0/8, deny all)\n"
    "\n"
    "=h program read-only\n"
    "\n"
    "A human-readable listing of the decision program compiled from the\n"
    "rules.\n"
    "\n"
    "=a\n"
    "\n"
    "IPClassifier, Classifier, CheckIPHeader\n";

static const HandlerSpec handlers[] = {
    {"program", H_READ, "the decision program, for humans"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_ipfilter = {
    .name = "IPFilter",
    .group = "ip",
    .port_count = "1/-",
    .processing = "h/h",
    .flow_code = NULL,
    .annos_read = "",
    .annos_written = "",
    .csr_bytes = 0,
    .doc = doc,
    .handlers = handlers,
};
