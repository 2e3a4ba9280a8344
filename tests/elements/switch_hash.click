// HashSwitch on IP addresses: h folds the sum of the destination address
// (4 outputs), h2 takes the sum of both addresses modulo 3.  The hashed
// bytes end in beat 4 (h) and 4 (h2) at W = 64, 33 at W = 8, 1 at W = 256,
// 0 at W = 512; the IPv4 traffic has short frames too.  eth7 gets h3's
// single output.
// test: widths 8 64 256 512
// test: in eth0 ipv4 34-1514 300
// test: in eth1 ipv4 imix 300
// test: in eth2 raw 14-100 200
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1.drops
// test: out eth2 subsequence q2.drops
// test: out eth3 subsequence q3.drops
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops
// test: out eth7 subsequence q7.drops

FromDevice(eth0) -> h :: HashSwitch(30, 4);
h[0] -> q0 :: Queue -> ToDevice(eth0);
h[1] -> q1 :: Queue -> ToDevice(eth1);
h[2] -> q2 :: Queue -> ToDevice(eth2);
h[3] -> q3 :: Queue -> ToDevice(eth3);

FromDevice(eth1) -> h2 :: HashSwitch(26, 8);
h2[0] -> q4 :: Queue -> ToDevice(eth4);
h2[1] -> q5 :: Queue -> ToDevice(eth5);
h2[2] -> q6 :: Queue -> ToDevice(eth6);

FromDevice(eth2) -> h3 :: HashSwitch(20, 2) -> q7 :: Queue -> ToDevice(eth7);
