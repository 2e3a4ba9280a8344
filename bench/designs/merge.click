// Two inputs into one push input: the generated round-robin arbiter.
FromDevice(eth0) -> q :: Queue -> ToDevice(eth2);
FromDevice(eth1) -> q;
