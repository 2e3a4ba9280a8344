// An element class that does not exist; the ports around it are not
// checked, so this is the only error.
FromDevice(eth0) -> x :: NoSuchElementClass -> ToDevice(eth1);
