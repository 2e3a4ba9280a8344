c :: Classifier(0/01, 0/02, 0/03, -);
Idle -> c;
c [0, 1, 2] => [0] Discard, [0] Discard, [0] Discard;
c [3] -> q :: Queue;
s :: RoundRobinSwitch;
q -> Unqueue -> s;
s [0,] => d1 :: Discard, d2 :: Discard, d3 :: Discard;
