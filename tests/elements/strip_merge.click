// Paths with different head offsets that merge: the generator realigns
// the longer heads with fg_axis_shift before the arbiter.  Without
// back-pressure on the outputs the Queues never fill, so every packet
// must come out (in any order where paths merge).  Strip(70) leaves
// nothing of the shortest frames: ToDevice drops them, as Click's does.
//
// test: backpressure 0
// test: in eth0 raw 60-1514 120
// test: in eth1 raw 60-1514 120
// test: in eth2 raw imix 150
// test: in eth3 mix 60-1514 100
// test: in eth4 raw 60-1514 200
// test: out eth0 multiset
// test: out eth2 multiset
// test: out eth4 exact

// Heads 14 and 4 merge at 4 (10 bytes shifted out of the first path);
// Unstrip(4) gives the second path its frames back.
FromDevice(eth0) -> Strip(14) -> u :: Unstrip(4);
FromDevice(eth1) -> Strip(4) -> u;
u -> Queue -> ToDevice(eth0);

// Heads 14 and 20 merge at 14: EtherEncap writes over the 14 stripped
// bytes on both paths.
FromDevice(eth2) -> Strip(14) -> e :: EtherEncap(0x0800, 00:00:5e:00:53:01, 00:00:5e:00:53:02);
FromDevice(eth3) -> Strip(20) -> e;
e -> Queue -> ToDevice(eth2);

FromDevice(eth4) -> Strip(70) -> Queue -> ToDevice(eth4);
