// EtherEncap, EtherMirror and EtherRewrite at several head offsets: in
// place over stripped bytes, inserting a header, partly both, and the
// address bytes straddling beats (EtherMirror buffers up to 6 beats at
// W = 8, 1 at W = 64, none at W >= 128 unless the bytes cross a beat).
// Every output is behind a Queue, which drops when back-pressure fills it;
// the elements after a Queue feel the back-pressure themselves.
//
// test: widths 8 16 32 64 256 512
// test: in eth0 raw 60-1514 150
// test: in eth1 raw 60-1514 150
// test: in eth2 raw 60-200 150
// test: in eth3 raw 60-1514 150
// test: in eth4 raw 60-1514 150
// test: in eth5 raw 60-1514 150
// test: in eth6 raw imix 200
// test: in eth7 raw 60-1514 150
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1.drops
// test: out eth2 subsequence q2.drops
// test: out eth3 subsequence q3.drops
// test: out eth4 subsequence q4.drops
// test: out eth5 subsequence q5.drops
// test: out eth6 subsequence q6.drops
// test: out eth7 subsequence q7.drops

// Head 0: the addresses in the first beat(s).
FromDevice(eth0) -> q0 :: Queue -> EtherMirror -> ToDevice(eth0);

// Strip(14) then EtherEncap: the new header overwrites the old in place.
FromDevice(eth1) -> Strip(14)
    -> EtherEncap(0x0800, 00:0a:95:9d:68:16, 00:0a:95:9d:68:17)
    -> q1 :: Queue -> ToDevice(eth1);

// No stripped bytes: the header is inserted (short frames, so the
// output, one beat longer per frame, is the bottleneck at wide widths).
FromDevice(eth2) -> q2 :: Queue
    -> EtherEncap(0x86dd, 02:00:00:00:00:01, 02:00:00:00:00:02) -> ToDevice(eth2);

// 5 stripped bytes: 5 header bytes overwrite them, 9 are inserted.
FromDevice(eth3) -> Strip(5)
    -> EtherEncap(ETHERTYPE 0x0806, SRC 0:1:2:3:4:5, DST 6:7:8:9:a:b)
    -> q3 :: Queue -> ToDevice(eth3);

FromDevice(eth4) -> q4 :: Queue
    -> EtherRewrite(00:11:22:33:44:55, 66:77:88:99:aa:bb) -> ToDevice(eth4);

// Head 14: EtherMirror swaps payload bytes 0-5 and 6-11; Unstrip puts
// the Ethernet header back.
FromDevice(eth5) -> Strip(14) -> q5 :: Queue -> EtherMirror -> Unstrip(14)
    -> ToDevice(eth5);

// IMIX: rewrite at head 14, then a new header over the stripped one.
FromDevice(eth6) -> Strip(14) -> EtherRewrite(SRC 0e:0e:0e:0e:0e:0e, DST ff:ff:ff:ff:ff:ff)
    -> EtherEncap(0x0800, 10:20:30:40:50:60, 70:80:90:a0:b0:c0)
    -> q6 :: Queue -> ToDevice(eth6);

// Head 25: the address bytes cross a beat boundary at W = 256 (bytes
// 25-36) and at W = 512 EtherRewrite's do not (28-39).
FromDevice(eth7) -> Strip(25) -> q7 :: Queue -> EtherMirror -> Strip(3)
    -> EtherRewrite(12:34:56:78:9a:bc, de:f0:12:34:56:78) -> Unstrip(28)
    -> ToDevice(eth7);
