// Push comes down from FromDevice, pull up from ToDevice; through the
// two agnostic elements they meet at the connection between them.
FromDevice(eth0) -> a :: Counter -> b :: Strip(14) -> ToDevice(eth1);
