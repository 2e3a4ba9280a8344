// Classifier on the sim board: three classifiers side by side.
//
// c1, Click's classic Ethernet split (ARP request, ARP reply, IP, other)
// on eth0 traffic of every kind; every packet matches some pattern.
// c2, masks, `?' nibbles, negation and short packets on eth1: frames of
// 14 to 200 bytes, so some end before the bytes a pattern tests (such a
// clause does not hold; its negation does); what matches nothing is
// dropped and counted in c2.drops.
// c3, bytes far past the first beat (offsets 65 to 300; at W = 8 the
// decision waits for beat 300) on eth2; output 1 is discarded, so a
// packet sent to the wrong output goes missing from eth7.
//
// test: in eth0 mix 60-1514 300
// test: in eth1 mix 14-200 400
// test: in eth2 raw 60-700 300
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1.drops
// test: out eth2 subsequence q2.drops
// test: out eth3 subsequence q3.drops
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops
// test: out eth7 subsequence q7.drops

FromDevice(eth0)
    -> c1 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
c1[0] -> q0 :: Queue -> ToDevice(eth0);
c1[1] -> q1 :: Queue -> ToDevice(eth1);
c1[2] -> q2 :: Queue -> ToDevice(eth2);
c1[3] -> q3 :: Queue -> ToDevice(eth3);

FromDevice(eth1)
    -> c2 :: Classifier(12/0800 !23/06 30/80%c0, 12/08?6, !12/0800 14/01%01 33/?1%?3);
c2[0] -> q4 :: Queue -> ToDevice(eth4);
c2[1] -> q5 :: Queue -> ToDevice(eth5);
c2[2] -> q6 :: Queue -> ToDevice(eth6);

FromDevice(eth2)
    -> c3 :: Classifier(65/80%80 300/?1%?1, !100/00%03 255/4?%c0, -);
c3[0] -> q7 :: Queue -> ToDevice(eth7);
c3[1] -> Discard;
c3[2] -> Discard;
