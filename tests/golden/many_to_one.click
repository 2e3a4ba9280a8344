a :: Idle; b :: Idle; t :: Tee;
a, b -> q :: Queue -> Discard;
t [0], t [1] -> [0] Discard;
Idle -> t;
