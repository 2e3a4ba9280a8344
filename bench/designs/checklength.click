FromDevice(eth0) -> CheckLength(1514) -> Queue -> ToDevice(eth1);
