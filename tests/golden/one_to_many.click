t :: Tee(3);
Idle -> t;
t -> c1 :: Counter, c2 :: Counter;
t [2] -> Discard, d2 :: Discard;
c1, c2 -> d2;
