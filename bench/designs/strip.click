FromDevice(eth0) -> Strip(14) -> Unstrip(14) -> Queue -> ToDevice(eth1);
