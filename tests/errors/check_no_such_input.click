// Discard has one input: input 1 does not exist, and input 0 is left
// unconnected.
FromDevice(eth0) -> [1]Discard;
