// HashSwitch after a Strip: the hashed bytes are packet bytes 5..7, stream
// bytes 19..21 (the head offset is 14), and the 8 outputs fold the sum.
// ToDevice sends each packet from its head, without the 14 bytes.
// test: widths 8 64 256 512
// test: in eth0 mix imix 400
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1.drops
// test: out eth2 subsequence q2.drops
// test: out eth3 subsequence q3.drops
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops
// test: out eth7 subsequence q7.drops

FromDevice(eth0) -> Strip(14) -> h :: HashSwitch(5, 3);
h[0] -> q0 :: Queue -> ToDevice(eth0);
h[1] -> q1 :: Queue -> ToDevice(eth1);
h[2] -> q2 :: Queue -> ToDevice(eth2);
h[3] -> q3 :: Queue -> ToDevice(eth3);
h[4] -> q4 :: Queue -> ToDevice(eth4);
h[5] -> q5 :: Queue -> ToDevice(eth5);
h[6] -> q6 :: Queue -> ToDevice(eth6);
h[7] -> q7 :: Queue -> ToDevice(eth7);
