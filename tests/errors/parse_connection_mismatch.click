a, b :: Idle;
c, d :: Discard;
a, b -> c, d;
a, b => c, d, Discard;
