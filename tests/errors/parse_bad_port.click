t :: Tee(2);
Idle -> t;
t [x] -> Discard;
t [1 2] -> Discard;
t [123456789] -> Discard;
