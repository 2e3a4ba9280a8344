// The shell tests' design: eth0's 1000 frames pass a Counter and a Queue.
FromDevice(eth0) -> c :: Counter -> q :: Queue(64) -> ToDevice(eth1);
