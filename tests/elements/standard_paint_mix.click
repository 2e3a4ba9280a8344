// PaintSwitch and CheckPaint on a mix of colors: several inputs, each
// painted its own color, merge (packet-level round robin) into one
// element, so consecutive packets differ in color.  The merge order is the
// arbiter's, so outputs are compared as multisets; the Queues are large
// enough never to drop, even with back-pressure.
//
// test: widths 8 64 256 512
// test: in eth0 raw 60-300 100
// test: in eth1 raw imix 100
// test: in eth2 raw 60-300 100
// test: in eth3 raw 60-120 100
// test: in eth4 raw 60-300 100
// test: in eth5 raw imix 100
// test: in eth6 raw 60-120 100
// test: out eth0 multiset
// test: out eth1 multiset
// test: out eth2 multiset
// test: out eth3 multiset
// test: out eth4 multiset

// Colors 0, 1 and 2 go to their outputs, 255 to all three, 9 nowhere.
FromDevice(eth0) -> Paint(0) -> ps :: PaintSwitch;
FromDevice(eth1) -> Paint(1) -> ps;
FromDevice(eth2) -> Paint(255) -> ps;
FromDevice(eth3) -> Paint(9) -> ps;
ps[0] -> Queue(BYTES 262144) -> ToDevice(eth0);
ps[1] -> Queue(BYTES 262144) -> ToDevice(eth1);
ps[2] -> Queue(BYTES 262144) -> ToDevice(eth2);

// Color 3 passes CheckPaint(3), colors 4 and 255 take output 1.
FromDevice(eth4) -> Paint(3) -> cp :: CheckPaint(3);
FromDevice(eth5) -> Paint(4) -> cp;
FromDevice(eth6) -> Paint(255) -> cp;
cp[0] -> Queue(BYTES 262144) -> ToDevice(eth3);
cp[1] -> Queue(BYTES 262144) -> ToDevice(eth4);
