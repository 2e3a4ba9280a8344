FromDevice(eth0) -> s :: StaticSwitch(0);
s[0] -> Queue -> ToDevice(eth1);
s[1] -> Discard;
