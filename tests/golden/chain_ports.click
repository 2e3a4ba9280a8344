t :: Tee(2);
Idle -> t [1] -> [0] Counter [0] -> Discard;
t [0] -> Discard;
