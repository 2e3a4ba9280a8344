FromDevice(eth0) -> s :: HashSwitch(6, 6);
s[0] -> Queue -> ToDevice(eth1);
s[1] -> Queue -> ToDevice(eth2);
