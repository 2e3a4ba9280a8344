// Paint, CheckPaint and PaintSwitch on the sim board: each pipeline paints
// its packets one color and checks or switches on it.  Behind every Queue
// the output is the model's with exactly the Queue's drops missing.
//
// test: widths 8 64 256 512
// test: in eth0 raw imix 300
// test: in eth1 raw 60-1514 150
// test: in eth2 raw 60-300 200
// test: in eth3 raw 60-1514 150
// test: in eth4 raw imix 300
// test: in eth5 raw 60-200 200
// test: out eth0 subsequence q0.drops
// test: out eth1 exact
// test: out eth2 subsequence q1n.drops
// test: out eth3 exact
// test: out eth4 subsequence q3a.drops
// test: out eth5 subsequence q3b.drops
// test: out eth6 exact
// test: out eth7 subsequence q4b.drops

// Paint, then CheckPaint of the same color with keyword and positional
// ANNO: every packet passes.
FromDevice(eth0) -> Paint(COLOR 3, ANNO PAINT) -> CheckPaint(3, PAINT) -> q0 :: Queue -> ToDevice(eth0);

// Another color: output 0 stays empty, output 1 takes everything.
FromDevice(eth1) -> Paint(4) -> cp1 :: CheckPaint(3);
cp1[0] -> q1y :: Queue -> ToDevice(eth1);
cp1[1] -> q1n :: Queue -> ToDevice(eth2);

// Another color and no output 1: everything is dropped.
FromDevice(eth2) -> Paint(200) -> cp2 :: CheckPaint(201) -> q2 :: Queue -> ToDevice(eth3);

// Paint 255: PaintSwitch copies every packet to both outputs.
FromDevice(eth3) -> Paint(255) -> ps3 :: PaintSwitch;
ps3[0] -> q3a :: Queue -> ToDevice(eth4);
ps3[1] -> q3b :: Queue -> ToDevice(eth5);

// Paint 1: everything to output 1, nothing to output 0.
FromDevice(eth4) -> Paint(1) -> ps4 :: PaintSwitch(PAINT);
ps4[0] -> q4a :: Queue -> ToDevice(eth6);
ps4[1] -> q4b :: Queue -> ToDevice(eth7);

// Paint 2 with two outputs: no such output, every packet dropped.
FromDevice(eth5) -> Paint(2) -> ps5 :: PaintSwitch;
ps5[0] -> Discard;
ps5[1] -> Discard;
