// classify.click -- split traffic from eth0 by Ethernet type: ARP to
// eth1, IPv4 (painted by input port) through a switch, the rest counted
// and dropped.  Uses a compound class for a counted output stage.
elementclass CountedOut {
    $dev |
    input -> cnt :: Counter -> Queue(128) -> ToDevice($dev);
}

in :: FromDevice(eth0);
cl :: Classifier(12/0806, 12/0800, -);

in -> cl;
cl[0] -> CountedOut(eth1);
cl[1] -> Strip(14) -> CheckIPHeader -> Unstrip(14) -> Paint(1)
      -> sw :: Switch(0);
sw[0] -> CountedOut(eth2);
sw[1] -> Discard;
cl[2] -> other :: Counter -> Discard;
