// Several errors in one file, found by different checks, printed in
// source order.
a :: FromDevice(eth0);
a -> q :: Queue -> Counter -> Tee -> Discard;
b :: NoSuchElementClass;
a -> Discard;
c :: Counter;
q[1] -> ToDevice(eth1);
