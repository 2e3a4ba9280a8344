// FromDevice pushes, ToDevice pulls: a Queue must sit between them.
FromDevice(eth0) -> ToDevice(eth1);
