q :: Queue(10);
Idle -> q(20) -> Discard;
1 :: Idle;
