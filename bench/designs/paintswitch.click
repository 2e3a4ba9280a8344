FromDevice(eth0) -> Paint(1) -> s :: PaintSwitch;
s[0] -> Queue -> ToDevice(eth1);
s[1] -> Queue -> ToDevice(eth2);
