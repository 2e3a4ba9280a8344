// The runtime tests' design: eth0's frames pass a Counter and a Queue to
// eth1; eth2's longer stream is stripped and counted by a second Counter.
FromDevice(eth0) -> c :: Counter -> q :: Queue(64) -> ToDevice(eth1);
FromDevice(eth2) -> Strip(14) -> c2 :: Counter -> Discard;
