// Counter's output becomes push from FromDevice, so it too may feed only
// one input.
c :: Counter;
FromDevice(eth0) -> c;
c -> Discard;
c -> Print -> Discard;
