FromDevice(eth0) -> Strip(14) -> EtherEncap(0x0800, 00:01:02:03:04:05, 00:0a:0b:0c:0d:0e) -> Queue -> ToDevice(eth1);
