/*
 * arpquerier.c -- the ARPQuerier element class: puts Ethernet headers on IP
 * packets, finding next hops by ARP.
 */
#include "fpgagen.h"

static const char doc[] =
    "=c\n"
    "\n"
    "ARPQuerier(IP, ETH, I<keywords>)\n"
    "ARPQuerier(NAME, I<keywords>)\n"
    "\n"
    "=s arp\n"
    "\n"
    "puts Ethernet headers on IP packets, finding next hops by ARP\n"
    "\n"
    "=d\n"
    "\n"
    "Carries out the sending half of ARP for the host or interface with IP\n"
    "address IP and Ethernet address ETH.\n"
    "\n"
    "Input 0 takes IP packets whose destination address annotation names\n"
    "the next hop. When that address's Ethernet address is known, the\n"
    "packet gets an Ethernet header and leaves on output 0. Otherwise the\n"
    "packet is kept and an ARP query for the address is sent instead (out\n"
    "output 1 if it exists, else output 0). Input 1 takes ARP replies,\n"
    "Ethernet header included; a reply for an address being asked about is\n"
    "recorded, and the packets kept for it are sent.\n"
    "\n"
    "Packets for 0.0.0.0 are dropped. Packets for 255.255.255.255 and the\n"
    "BROADCAST address get the Ethernet broadcast address; multicast IP\n"
    "addresses map to 01:00:5e:xx:yy:zz, where xx:yy:zz are the low 23 bits\n"
    "of the address (RFC 1112).\n"
    "\n"
    "Keyword arguments are:\n"
    "\n"
    "=over 8\n"
    "\n"
    "=item CAPACITY\n"
    "\n"
    "Unsigned integer. The most packets kept waiting for replies, in all.\n"
    "Default is 2048.\n"
    "\n"
    "=item ENTRY_CAPACITY\n"
    "\n"
    "Unsigned integer. The most entries in the ARP table; 0 means no limit.\n"
    "Default is 0.\n"
    "\n"
    "=item ENTRY_PACKET_CAPACITY\n"
    "\n"
    "Unsigned integer. The most packets kept waiting for any one address; 0\n"
    "means no limit. Default is 0.\n"
    "\n"
    "=item TIMEOUT\n"
    "\n"
    "Time. How long an entry stays valid. Default is 5 minutes.\n"
    "\n"
    "=item POLL_TIMEOUT\n"
    "\n"
    "Time. How old an entry must be before ARPQuerier asks again to renew\n"
    "it; 0 means never. Default is 1 minute.\n"
    "\n"
    "=item BROADCAST\n"
    "\n"
    "IP address. The local broadcast address. Default is the broadcast\n"
    "address of IP's prefix, when IP is given with one.\n"
    "\n"
    "=item BROADCAST_POLL\n"
    "\n"
    "Boolean. Whether renewal queries are broadcast rather than sent to the\n"
    "known Ethernet address. Default is false.\n"
    "\n"
    "=item TABLE\n"
    "\n"
    "Element. An ARPTable element to keep the entries in; CAPACITY,\n"
    "ENTRY_CAPACITY, ENTRY_PACKET_CAPACITY and TIMEOUT are then ignored.\n"
    "Default is a table of its own.\n"
    "\n"
    "=back\n"
    "\n"
    "=n\n"
    "\n"
    "No hardware implementation of ARPQuerier exists yet: fpgagen checks\n"
    "configurations that use it, but cannot generate Verilog for it. Its\n"
    "latency, throughput, resource use and which of its handlers the\n"
    "runtime serves will be stated here once it does.\n"
    "\n"
    "In the one-argument form, NAME must stand for both an IP and an\n"
    "Ethernet address (see Click's AddressInfo). ARPQuerier sends at most\n"
    "10 queries a second for any one address. Queries carry the VLAN\n"
    "annotation of the packet that caused them.\n"
    "\n"
    "=e\n"
    "\n"
    "  c :: Classifier(12/0806 20/0002, 12/0800, -);\n"
    "  a :: ARPQuerier(10.0.0.1, 00:0a:95:9d:68:16);\n"
    "  FromDevice(eth0) -> c;\n"
    "  c[0] -> [1] a;\n"
    "  ... -> GetIPAddress(16) -> a;\n"
    "  a -> Queue -> ToDevice(eth0);\n"
    "\n"
    "=h ipaddr read/write\n"
    "\n"
    "Returns or changes the IP address ARPQuerier puts in its queries (the\n"
    "IP argument).\n"
    "\n"
    "=h broadcast read/write\n"
    "\n"
    "Returns or changes the local broadcast address.\n"
    "\n"
    "=h table read-only\n"
    "\n"
    "The ARP table as text, one entry per line.\n"
    "\n"
    "=h stats read-only\n"
    "\n"
    "The numbers of packets dropped and queries sent, as text.\n"
    "\n"
    "=h queries read-only\n"
    "\n"
    "ARP queries sent.\n"
    "\n"
    "=h responses read-only\n"
    "\n"
    "ARP replies received.\n"
    "\n"
    "=h drops read-only\n"
    "\n"
    "Packets dropped.\n"
    "\n"
    "=h count read-only\n"
    "\n"
    "Entries in the ARP table.\n"
    "\n"
    "=h length read-only\n"
    "\n"
    "Packets kept waiting for ARP replies.\n"
    "\n"
    "=h insert write-only\n"
    "\n"
    "Adds an entry; the text is `IP ETH'.\n"
    "\n"
    "=h delete write-only\n"
    "\n"
    "Deletes the entry for the IP address written.\n"
    "\n"
    "=h clear write-only\n"
    "\n"
    "Writing anything removes every entry and sets the counts to zero.\n"
    "\n"
    "=a\n"
    "\n"
    "ARPResponder, GetIPAddress, EtherEncap\n";

static const HandlerSpec handlers[] = {
    {"ipaddr", H_RW, "the IP address used in queries"},
    {"broadcast", H_RW, "the BROADCAST address"},
    {"table", H_READ, "the ARP table, one entry per line"},
    {"stats", H_READ, "drops and queries sent, as text"},
    {"queries", H_READ, "ARP queries sent"},
    {"responses", H_READ, "ARP replies received"},
    {"drops", H_READ, "packets dropped"},
    {"count", H_READ, "entries in the ARP table"},
    {"length", H_READ, "packets waiting for replies"},
    {"insert", H_WRITE, "adds an entry: IP ETH"},
    {"delete", H_WRITE, "deletes the entry for an IP address"},
    {"clear", H_WRITE, "empties the table and zeroes the counts"},
    {NULL, 0, NULL},
};

const ElementClass fg_class_arpquerier = {
    .name = "ARPQuerier",
    .group = "ethernet",
    .port_count = "2/1-2",
    .processing = "h/h",
    .flow_code = "xy/x",
    .annos_read = "DST_IP,VLAN_TCI",
    .annos_written = "VLAN_TCI",
    .csr_bytes = 128,
    .doc = doc,
    .handlers = handlers,
};
