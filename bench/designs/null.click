FromDevice(eth0) -> Null -> Queue -> ToDevice(eth1);
