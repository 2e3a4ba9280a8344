// Classifier on the sim board, second design: head offsets and W = 512.
//
// ip classifies the IP header behind Strip(14): every tested byte is
// stream byte 14 + offset, so the lanes shift with the head.  ToDevice
// sends from the head, as Click does, so eth2..eth5 carry IP packets.
// e runs Click's classic split without a catch-all on short frames: at
// W = 512 a 60-byte frame is one beat, decided as it arrives, and frames
// follow each other back to back; what matches nothing is dropped.
//
// test: widths 8 64 512
// test: in eth0 mix 60-130 400
// test: in eth1 ipv4 60-600 300
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1.drops
// test: out eth2 subsequence q2.drops
// test: out eth3 subsequence q3.drops
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops

FromDevice(eth0) -> e :: Classifier(12/0806 20/0001, 12/0800 !23/06);
e[0] -> q0 :: Queue -> ToDevice(eth0);
e[1] -> q1 :: Queue -> ToDevice(eth1);

FromDevice(eth1) -> Strip(14)
    -> ip :: Classifier(9/06 0/45, 9/11 16/80%80, !0/45 !9/06, 16/??%00);
ip[0] -> q2 :: Queue -> ToDevice(eth2);
ip[1] -> q3 :: Queue -> ToDevice(eth3);
ip[2] -> q4 :: Queue -> ToDevice(eth4);
ip[3] -> q5 :: Queue -> ToDevice(eth5);
