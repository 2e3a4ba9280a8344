// demo.click -- the router `make demo` compiles for the sim board.
//
// Frames from eth0 are counted and sorted by Ethernet type: ARP goes out
// on eth1; IPv4 has its Ethernet header stripped and restored around a
// paint (no byte moves: the header stays in the stream), is mirrored back
// to its sender and leaves on eth2; everything else is counted and
// dropped.
in :: FromDevice(eth0);
cl :: Classifier(12/0806, 12/0800, -);

in -> all :: Counter -> cl;
cl[0] -> arp :: Counter -> Queue(64) -> ToDevice(eth1);
cl[1] -> ip :: Counter
      -> Strip(14) -> Paint(1) -> Unstrip(14)
      -> EtherMirror -> out :: Queue(256) -> ToDevice(eth2);
cl[2] -> other :: Counter -> Discard;
