c :: Classifier(12/0800 /* IP) */, 12/0806 // ARP )
  , -);
p :: Print("a ) b", 'x(');
s :: Strip(14);
c -> s; c[1] -> p; c[2] -> Discard;
Idle -> c;
