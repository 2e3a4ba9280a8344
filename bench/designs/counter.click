FromDevice(eth0) -> Counter -> Queue -> ToDevice(eth1);
