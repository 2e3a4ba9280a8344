// A pull input is fed by exactly one output: merge with a scheduler.
out :: ToDevice(eth2);
FromDevice(eth0) -> q1 :: Queue -> out;
FromDevice(eth1) -> q2 :: Queue -> out;
