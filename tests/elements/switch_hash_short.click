// HashSwitch where the hashed bytes are in the first beat (h: byte 0 at
// every width), far into the packet (h2: bytes 100..119, so most frames
// are too short and go to output 0, and the wait is 119 beats at W = 8).
// test: in eth0 raw 14-300 300
// test: in eth1 raw 60-300 300
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1.drops
// test: out eth2 subsequence q2.drops
// test: out eth3 subsequence q3.drops
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops

FromDevice(eth0) -> h :: HashSwitch(0, 1);
h[0] -> q0 :: Queue -> ToDevice(eth0);
h[1] -> q1 :: Queue -> ToDevice(eth1);

FromDevice(eth1) -> h2 :: HashSwitch(100, 20);
h2[0] -> q2 :: Queue -> ToDevice(eth2);
h2[1] -> q3 :: Queue -> ToDevice(eth3);
h2[2] -> q4 :: Queue -> ToDevice(eth4);
h2[3] -> q5 :: Queue -> ToDevice(eth5);
h2[4] -> q6 :: Queue -> ToDevice(eth6);
