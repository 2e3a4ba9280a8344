// Idle's flow code "x/y": nothing passes through it, so its input may be
// push and its output pull (line 3).  Line 4 has no Idle between them.
FromDevice(eth0) -> Idle -> ToDevice(eth1);
FromDevice(eth2) -> ToDevice(eth3);
