// ARPQuerier has two inputs (IP packets, ARP replies); one is connected.
FromDevice(eth0) -> arpq :: ARPQuerier(10.0.0.1, 00:01:02:03:04:05) -> Discard;
