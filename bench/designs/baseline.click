// The path every other design adds one element to.
FromDevice(eth0) -> Queue -> ToDevice(eth1);
