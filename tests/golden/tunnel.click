// Click 1.x connection tunnels.
connectiontunnel p1 -> p2;
a :: Idle; b :: Idle; c :: Discard; d :: Discard;
a -> p1; b -> p1; p2 -> c;
a [1] -> [1] p1; p2 [1] -> d;
