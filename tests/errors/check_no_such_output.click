// Counter has one output; output 1 does not exist.
c :: Counter;
FromDevice(eth0) -> c -> Discard;
c[1] -> Discard;
