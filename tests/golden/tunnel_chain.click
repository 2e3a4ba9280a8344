connectiontunnel p1 -> p2, q1 -> q2;
a :: Idle; b :: Discard;
a -> p1; p2 -> q1; q2 -> b;
