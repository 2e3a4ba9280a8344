// iprouter.click -- a two-interface IP router in the style of Click's
// classic example: ARP handling, header checks, route lookup, TTL
// decrement and ICMP errors.  Many of these classes run only in software
// so far; `fpgagen check` names them.
define($MAC0 00:00:c0:ae:67:ef, $IP0 18.26.4.24,
       $MAC1 00:00:c0:4f:71:ef, $IP1 18.26.7.1)

elementclass Interface {
    $dev, $ip, $mac, $color |
    from :: FromDevice($dev);
    to :: Queue(200) -> ToDevice($dev);
    c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
    arpq :: ARPQuerier($ip, $mac);
    from -> c;
    c[0] -> ARPResponder($ip $mac) -> to;
    c[1] -> [1] arpq;
    c[2] -> Paint($color) -> Strip(14) -> CheckIPHeader -> GetIPAddress(16) -> output;
    c[3] -> Discard;
    input -> arpq -> to;
}

eth0 :: Interface(eth0, $IP0, $MAC0, 0);
eth1 :: Interface(eth1, $IP1, $MAC1, 1);
rt :: StaticIPLookup($IP0/32 0, $IP1/32 0, 18.26.4.0/24 1, 18.26.7.0/24 2);

eth0 -> rt;
eth1 -> rt;
rt[0] -> Discard;
rt[1] -> DecIPTTL -> eth0;
rt[2] -> DecIPTTL -> eth1;
