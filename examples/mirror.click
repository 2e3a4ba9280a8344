// mirror.click -- answer every frame on eth0 by swapping its Ethernet
// addresses and sending it back, counting what passes.
FromDevice(eth0)
    -> c :: Counter
    -> EtherMirror
    -> Queue(64)
    -> ToDevice(eth0);
