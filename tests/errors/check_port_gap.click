// Tee's outputs 1 and 2 are connected, output 0 is not.
t :: Tee;
FromDevice(eth0) -> t;
t[1] -> Discard;
t[2] -> Discard;
