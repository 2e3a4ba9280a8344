FromDevice(eth0) -> t :: Tee(2);
t[0] -> Queue -> ToDevice(eth1);
t[1] -> Queue -> ToDevice(eth2);
