// Queue is "h/lh": output 0 is pull, output 1 (drops) is push.
FromDevice(eth0) -> q :: Queue;
q[0] -> ToDevice(eth1);
q[1] -> ToDevice(eth2);
