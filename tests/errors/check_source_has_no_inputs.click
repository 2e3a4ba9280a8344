// FromDevice is a source: it has no inputs, and its one output must be
// connected.
Idle -> FromDevice(eth0);
