FromDevice(eth0) -> c :: Counter -> Discard;
FromDevice(eth1) -> Queue -> ToDevice(eth2);
