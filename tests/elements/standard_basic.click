// Null, Tee, Discard, Idle and CheckLength on the sim board: eight
// independent pipelines in one design.  Behind every Queue the output is
// the model's with exactly the Queue's drops missing (with back-pressure
// 0.3 a Queue fed at line rate fills, as Click's does).
//
// test: widths 8 64 256 512
// test: in eth0 raw imix 300
// test: in eth1 raw 60-1514 200
// test: in eth2 raw 60-70 400
// test: in eth3 raw 60-1514 200
// test: in eth4 raw 60-300 300
// test: in eth5 raw 60-1514 100
// test: in eth6 raw 60-1514 100
// test: in eth7 raw 60-200 200
// test: out eth0 subsequence q0.drops
// test: out eth1 subsequence q1a.drops
// test: out eth2 subsequence q1b.drops
// test: out eth3 subsequence q2s.drops
// test: out eth4 subsequence q2l.drops
// test: out eth5 subsequence q3.drops
// test: out eth6 subsequence q4.drops
// test: out eth7 exact

// Null in push context.
FromDevice(eth0) -> n :: Null -> q0 :: Queue -> ToDevice(eth0);

// Tee: two copies, each behind its own Queue, and one to Discard.
FromDevice(eth1) -> t :: Tee(3);
t[0] -> q1a :: Queue -> ToDevice(eth1);
t[1] -> q1b :: Queue -> ToDevice(eth2);
t[2] -> d :: Discard;

// CheckLength on both outputs, the limit inside a 60-70 byte range: at
// W = 64 it ends a beat, at 8 and 256 it does not.
FromDevice(eth2) -> cl :: CheckLength(64);
cl[0] -> q2s :: Queue -> ToDevice(eth3);
cl[1] -> q2l :: Queue -> ToDevice(eth4);

// CheckLength without output 1: long packets are dropped; MAX_LENGTH
// leaves room to raise the limit at run time.
FromDevice(eth3) -> cld :: CheckLength(1000, MAX_LENGTH 1514) -> q3 :: Queue -> ToDevice(eth5);

// Null in pull context, between a Queue and ToDevice.
FromDevice(eth4) -> q4 :: Queue -> pn :: Null -> ToDevice(eth6);

// Idle: two push inputs (destroyed), one output that never carries a
// packet, and a pulling Discard behind a Queue.
FromDevice(eth5) -> [0] i :: Idle;
FromDevice(eth7) -> t2 :: Tee(N 2);
t2[0] -> Discard;
t2[1] -> [1] i;
i[0] -> q7 :: Queue -> ToDevice(eth7);
FromDevice(eth6) -> q6 :: Queue -> pd :: Discard;
