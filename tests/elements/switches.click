// Switch, StaticSwitch and RoundRobinSwitch, each sending to several outputs.
// sw (Switch(1)) sends everything to eth1, ss (StaticSwitch(1)) to eth4, and
// rr (RoundRobinSwitch) packet k to eth5 + k mod 3.  The outputs not chosen
// must stay silent.  Changing sw's output at run time through its switch
// register is a runtime test.
// test: widths 8 64 256 512
// test: in eth0 raw 60-1514 300
// test: in eth1 mix imix 300
// test: in eth2 raw 14-200 400
// test: out eth0 exact
// test: out eth1 subsequence q1.drops
// test: out eth2 exact
// test: out eth3 exact
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops
// test: out eth7 subsequence q7.drops

FromDevice(eth0) -> sw :: Switch(1);
sw[0] -> q0 :: Queue -> ToDevice(eth0);
sw[1] -> q1 :: Queue -> ToDevice(eth1);
sw[2] -> q2 :: Queue -> ToDevice(eth2);

FromDevice(eth1) -> ss :: StaticSwitch(1);
ss[0] -> q3 :: Queue -> ToDevice(eth3);
ss[1] -> q4 :: Queue -> ToDevice(eth4);

FromDevice(eth2) -> rr :: RoundRobinSwitch;
rr[0] -> q5 :: Queue -> ToDevice(eth5);
rr[1] -> q6 :: Queue -> ToDevice(eth6);
rr[2] -> q7 :: Queue -> ToDevice(eth7);
