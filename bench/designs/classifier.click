FromDevice(eth0) -> c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
c[0] -> Queue -> ToDevice(eth1);
c[1] -> Queue -> ToDevice(eth2);
c[2] -> Queue -> ToDevice(eth3);
c[3] -> Queue -> ToDevice(eth4);
