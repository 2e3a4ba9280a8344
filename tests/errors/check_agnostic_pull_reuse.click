// Counter's input becomes pull from ToDevice, so only one output may
// feed it.
c :: Counter;
FromDevice(eth0) -> q1 :: Queue -> c;
FromDevice(eth1) -> q2 :: Queue -> c;
c -> ToDevice(eth2);
