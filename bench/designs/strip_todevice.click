// ToDevice removes the 14 stripped bytes: the one place bytes move.
FromDevice(eth0) -> Strip(14) -> Queue -> ToDevice(eth1);
