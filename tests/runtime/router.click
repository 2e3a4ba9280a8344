// The runtime tests' design: eth0's frames pass a Counter and a Queue to
// eth1; eth2's longer stream is stripped, counted by a second Counter and
// sent by a Switch to one of two Counters (output 0 at the start).
FromDevice(eth0) -> c :: Counter -> q :: Queue(64) -> ToDevice(eth1);
FromDevice(eth2) -> Strip(14) -> c2 :: Counter -> sw :: Switch;
sw[0] -> s0 :: Counter -> Discard;
sw[1] -> s1 :: Counter -> Discard;
