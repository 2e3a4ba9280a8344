a :: Idle; b :: Discard;
a -> b; a -> b;
a -> b, b;
a [0] -> [0] b;
