// Counter's output must be connected.
FromDevice(eth0) -> c :: Counter;
