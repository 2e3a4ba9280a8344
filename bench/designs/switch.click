FromDevice(eth0) -> s :: Switch(1);
s[0] -> Queue -> ToDevice(eth1);
s[1] -> Queue -> ToDevice(eth2);
