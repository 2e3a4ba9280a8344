// Counter is agnostic; here its input is pushed to and its output is
// pulled from, which one element cannot be.
FromDevice(eth0) -> c :: Counter -> ToDevice(eth1);
