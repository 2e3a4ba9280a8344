// Switches that drop (a negative output, or one the element does not
// have), switches with one output or none, and a two-way RoundRobinSwitch
// after a one-way Switch.  Nothing may leave eth0..eth3; eth4 gets all of
// eth3's traffic; eth5 and eth6 share eth4's in turn.
// test: in eth0 raw 60-1514 200
// test: in eth1 raw 14-300 300
// test: in eth2 mix imix 200
// test: in eth3 raw 60-1514 200
// test: in eth4 raw 14-120 300
// test: in eth5 raw 60-200 100
// test: out eth0 exact
// test: out eth1 exact
// test: out eth2 exact
// test: out eth3 exact
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops

FromDevice(eth0) -> neg :: Switch(-1);
neg[0] -> q0 :: Queue -> ToDevice(eth0);
neg[1] -> q1 :: Queue -> ToDevice(eth1);

FromDevice(eth1) -> none :: StaticSwitch(2);
none[0] -> q2 :: Queue -> ToDevice(eth2);
none[1] -> q3 :: Queue -> ToDevice(eth3);

FromDevice(eth2) -> StaticSwitch(-1);
FromDevice(eth5) -> Switch(-1);

FromDevice(eth3) -> one :: Switch -> rr1 :: RoundRobinSwitch -> q4 :: Queue -> ToDevice(eth4);

FromDevice(eth4) -> rr :: RoundRobinSwitch;
rr[0] -> q5 :: Queue -> ToDevice(eth5);
rr[1] -> q6 :: Queue -> ToDevice(eth6);
