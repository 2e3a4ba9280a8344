// Strip and Unstrip move no bytes: head offsets carry them to where bytes
// must move (ToDevice, fg_axis_shift) or be inserted (fg_axis_prepend).
// Every output is behind a Queue, which drops when back-pressure fills it;
// the elements after a Queue feel the back-pressure themselves.
//
// test: in eth0 raw 60-1514 150
// test: in eth1 raw 60-1514 150
// test: in eth2 raw 60-1514 150
// test: in eth3 raw 60-1514 150
// test: in eth4 raw 60-1514 150
// test: in eth5 raw 60-1514 150
// test: in eth6 raw imix 200
// test: in eth7 mix 60-1514 150
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1.drops
// test: out eth2 subsequence q2.drops
// test: out eth3 subsequence q3.drops
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops
// test: out eth7 subsequence q7.drops

// Strip then Unstrip: the original bytes come back.
FromDevice(eth0) -> Strip(14) -> q0 :: Queue -> Unstrip(14) -> ToDevice(eth0);

// Inside the first beat for W >= 32; ToDevice removes the 3 bytes.
FromDevice(eth1) -> Strip(3) -> q1 :: Queue -> ToDevice(eth1);

// Strip(14) -> ToDevice: the Ethernet header removed at ToDevice.
FromDevice(eth2) -> Strip(14) -> q2 :: Queue -> ToDevice(eth2);

// More than a beat at every width tested (W/8 <= 32); 28 bytes removed
// at ToDevice.
FromDevice(eth3) -> Strip(40) -> Unstrip(12) -> q3 :: Queue -> ToDevice(eth3);

// Nothing stripped before: Unstrip inserts 6 zero bytes.
FromDevice(eth4) -> q4 :: Queue -> Unstrip(6) -> Strip(2) -> ToDevice(eth4);

// Head offsets 20, 14, 17, then 0 with 13 zero bytes inserted.
FromDevice(eth5) -> Strip(20) -> Unstrip(6) -> q5 :: Queue -> Strip(3) -> Unstrip(30)
    -> ToDevice(eth5);

// IMIX through a longer chain.
FromDevice(eth6) -> Strip(7) -> Strip(7) -> Unstrip(10) -> Unstrip(4)
    -> q6 :: Queue -> ToDevice(eth6);

// Two Unstrips in a row without stripped bytes: 1 + 63 inserted.
FromDevice(eth7) -> Unstrip(1) -> Unstrip(63) -> Strip(60)
    -> q7 :: Queue -> ToDevice(eth7);
