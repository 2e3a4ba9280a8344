FromDevice(eth0) -> EtherMirror -> Queue -> ToDevice(eth1);
