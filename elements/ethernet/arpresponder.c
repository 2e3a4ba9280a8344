/*
 * arpresponder.c -- the ARPResponder element class: answers ARP requests.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "ARPResponder(IP/MASK [IP/MASK...] ETH, IP2/MASK2 ETH2, ...)\n"
    "\n"
    "=s arp\n"
    "\n"
    "answers ARP requests\n"
    "\n"
    "=d\n"
    "\n"
    "Expects ARP request frames, Ethernet header included. When the address\n"
    "asked for falls in one of the IP/MASK prefixes of an argument,\n"
    "ARPResponder emits on output 0 an ARP reply that gives the Ethernet\n"
    "address ETH of that argument. Requests it cannot answer go out output\n"
    "1 if it is connected, and are dropped otherwise. Answering for whole\n"
    "prefixes makes it usable for proxy ARP as well as for a host's own\n"
    "addresses.\n"
    "\n"
    "Each argument lists one or more IP addresses or prefixes and ends with\n"
    "an Ethernet address; a bare IP address stands for a /32 prefix. A\n"
    "reply carries the device and VLAN annotations of the request it\n"
    "answers.\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of ARPResponder exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "=e\n"
    "\n"
    "Answer for 10.0.0.1 itself, and as a proxy for 10.0.1.0/24:\n"
    "\n"
    "  c :: Classifier(12/0806 20/0001, ...);\n"
    "  c[0] -> ARPResponder(10.0.0.1 10.0.1.0/24 00:0a:95:9d:68:16)\n"
    "       -> Queue -> ToDevice(eth0);\n"
    "\n"
    "=h table read-only\n"
    "\n"
    "The current table, one IP prefix and its Ethernet address per line.\n"
    "\n"
    "=h lookup read-only\n"
    "\n"
    "Read with an IP address as its argument; returns the Ethernet address\n"
    "ARPResponder would give for it, if any.\n"
    "\n"
    "=h add write-only\n"
    "\n"
    "Adds entries; the text has the form of one argument, `IP/MASK\n"
    "[IP/MASK...] ETH'.\n"
    "\n"
    "=h remove write-only\n"
    "\n"
    "Removes the entry with exactly the prefix IP/MASK.\n"
    "\n"
    "=a\n"
    "\n"
    "ARPQuerier, Classifier\n";

static const HandlerSpec handlers[] = {
    {"table", H_READ, "the table, one prefix per line"},
    {"lookup", H_READ,
     "Ethernet address for an IP address (read with an argument)"},
    {"add", H_WRITE, "adds entries: IP/MASK [IP/MASK...] ETH"},
    {"remove", H_WRITE, "removes the entry for IP/MASK"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_arpresponder = {
    .name = "ARPResponder",
    .group = "ethernet",
    .port_count = "1/1-2",
    .processing = "a/ah",
    .flow_code = NULL,
    .annos_read = "VLAN_TCI",
    .annos_written = "VLAN_TCI",
    .csr_bytes = 64,
    .doc = doc,
    .handlers = handlers,
};
