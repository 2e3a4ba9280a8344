// Queue's output is pull, Tee's input push: nothing moves the packets.
FromDevice(eth0) -> q :: Queue -> Tee -> Discard;
